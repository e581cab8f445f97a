// An lvs.cf whose real servers are the loopback servers of loopback-servers.ts, one virtual server
// per kind of check, and the check scripts its send_program lines run (real files, executable).

import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LoopbackServers } from './loopback-servers';

export interface CheckFixture {
  readonly dir: string;
  readonly lvsCf: string;
}

const server = (name: string, port: number, active = 1) => `     server ${name} {
         address = 127.0.0.1
         active = ${active}
         port = ${port}
         weight = 1
     }
`;

export function writeCheckFixture(s: LoopbackServers): CheckFixture {
  const dir = mkdtempSync(join(tmpdir(), 'lvs-tui-checks-'));
  const script = join(dir, 'check.sh');
  // %p picks the behaviour: 1 prints OK, 2 prints NOPE, 3 fails, 4 hangs; the host must be 127.0.0.1
  writeFileSync(script, '#!/bin/sh\n[ "$1" = 127.0.0.1 ] || { echo "bad host $1"; exit 0; }\ncase "$2" in\n1) echo OK ;;\n2) echo NOPE ;;\n3) echo OK; exit 3 ;;\n4) sleep 30 ;;\nesac\n');
  chmodSync(script, 0o755);
  const text = `serial_no = 1
primary = 127.0.0.1
network = direct
virtual web {
     active = 1
     address = 127.0.0.2 lo:1
     port = 8080
     send = "GET / HTTP/1.0\\r\\n\\r\\n"
     expect = "HTTP/1.1 200"
     timeout = 1
${server('good', s.httpGood)}${server('wrong', s.httpBad)}${server('silent', s.silent)}${server('closed', s.closed)}${server('split', s.split)}${server('off', s.httpGood, 0)}}
virtual dns {
     active = 1
     address = 127.0.0.2 lo:1
     port = 53
     protocol = udp
     send = "ping\\n"
     expect = "ping"
     timeout = 1
${server('echo', s.udpEcho)}${server('nobody', s.udpClosed)}}
virtual prog {
     active = 1
     address = 127.0.0.2 lo:1
     port = 443
     expect = "OK"
     send = "ignored"
     send_program = "${script} %h %p"
     timeout = 1
${server('ok', 1)}${server('nope', 2)}${server('fails', 3)}${server('hangs', 4)}}
virtual prog-bare {
     active = 1
     address = 127.0.0.2 lo:1
     port = 444
     send_program = "${script} %h %p"
     timeout = 1
${server('fails', 3)}${server('ok', 1)}}
virtual rx {
     active = 1
     address = 127.0.0.2 lo:1
     port = 8081
     send = "GET / HTTP/1.0\\r\\n\\r\\n"
     expect = "HTTP/1\\\\.[01] 2[0-9]{2} [[:upper:]]+"
     use_regex = 1
     timeout = 1
${server('good', s.httpGood)}${server('wrong', s.httpBad)}}
virtual star {
     active = 1
     address = 127.0.0.2 lo:1
     port = 8082
     send = "x"
     expect = "*"
     timeout = 1
${server('wrong', s.httpBad)}${server('hangup', s.hangUp)}${server('silent', s.silent)}}
virtual hang {
     active = 1
     address = 127.0.0.2 lo:1
     port = 8083
     expect = "\\d+"
     use_regex = 1
     timeout = 1
${server('good', s.httpGood)}}
virtual sleeping {
     active = 0
     address = 127.0.0.2 lo:1
     port = 8084
${server('good', s.httpGood)}}
`;
  const lvsCf = join(dir, 'lvs.cf');
  writeFileSync(lvsCf, text);
  return { dir, lvsCf };
}
