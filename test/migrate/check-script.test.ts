// The MISC_CHECK wrapper scripts run by bash against real servers on 127.0.0.1: they reach the
// verdict nanny would (prefix of strlen(expect) bytes, regex over one read, UDP reply, send_program
// output compared exactly with its last byte dropped, the program's exit code).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer, Server, AddressInfo } from 'node:net';
import { createSocket } from 'node:dgram';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScriptCheck, bashBytes, nannyUnescape, renderCheckScript } from '../../src/migrate/check-script';
import { needProgram } from '../helpers/require-tool';

const skip = needProgram('bash');

function runScript(dir: string, check: ScriptCheck, port: number): Promise<number> {
  const path = join(dir, `check-${Math.random().toString(36).slice(2)}.sh`);
  writeFileSync(path, renderCheckScript('t', check));
  chmodSync(path, 0o755);
  return new Promise((resolve) => {
    execFile(path, ['127.0.0.1', String(port)], { timeout: 5000 }, (err) => resolve(err ? ((err as { code?: number }).code ?? 99) : 0));
  });
}

/** A TCP server that records what it received and answers `reply` once it saw `until` bytes. */
async function tcpServer(reply: string, until = 1): Promise<{ port: number; received: () => string; server: Server }> {
  let got = '';
  const server = createServer((sock) => {
    let buf = '';
    let answered = false;
    const answer = () => {
      if (answered) return;
      answered = true;
      sock.end(reply);
    };
    sock.on('data', (d) => {
      buf += d.toString('latin1');
      got = buf;
      if (buf.length >= until) answer();
    });
    sock.on('error', () => undefined);
    if (until === 0) answer();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as AddressInfo).port, received: () => got, server };
}

test('nanny escapes and bash quoting', () => {
  assert.equal(nannyUnescape('GET / HTTP/1.0\\r\\n\\r\\n').bytes.toString(), 'GET / HTTP/1.0\r\n\r\n');
  assert.deepEqual(nannyUnescape('a\\db').unknown, ['\\d']);
  assert.equal(bashBytes(Buffer.from("it's \\ \x01\t")), "$'it\\'s \\\\ \\x01\\t'");
});

test('send/expect wrapper: prefix of strlen(expect) bytes, "*" and a banner', { skip }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lvstui-check-'));
  const servers: Server[] = [];
  try {
    const ok = await tcpServer('HTTP/1.1 200 OK\r\n\r\nhello', 4);
    const bad = await tcpServer('SSH-2.0-OpenSSH\r\n', 4);
    const banner = await tcpServer('220 mx ready\r\n', 0);
    servers.push(ok.server, bad.server, banner.server);
    const http: ScriptCheck = { kind: 'send-expect', protocol: 'tcp', send: 'GET / HTTP/1.0\\r\\n\\r\\n', expect: 'HTTP', regex: false };
    assert.equal(await runScript(dir, http, ok.port), 0);
    assert.equal(ok.received(), 'GET / HTTP/1.0\r\n\r\n', 'the escapes reach the wire as nanny sends them');
    assert.notEqual(await runScript(dir, http, bad.port), 0);
    assert.equal(await runScript(dir, { ...http, expect: 'HTTP/1.1 200' }, ok.port), 0);
    assert.notEqual(await runScript(dir, { ...http, expect: 'HTTP/1.0 200' }, ok.port), 0);
    assert.equal(await runScript(dir, { ...http, expect: '*' }, bad.port), 0);
    const smtp: ScriptCheck = { kind: 'send-expect', protocol: 'tcp', send: null, expect: '220', regex: false };
    assert.equal(await runScript(dir, smtp, banner.port), 0);
    assert.notEqual(await runScript(dir, { ...smtp, expect: '554' }, banner.port), 0);
    // a closed port
    const closed = banner.port;
    await new Promise<void>((r) => banner.server.close(() => r()));
    assert.notEqual(await runScript(dir, smtp, closed), 0);
    // regex mode: anywhere in the first read
    assert.equal(await runScript(dir, { ...http, expect: '200 O[Kk]', regex: true }, ok.port), 0);
    assert.notEqual(await runScript(dir, { ...http, expect: '^200', regex: true }, ok.port), 0);
  } finally {
    for (const s of servers) s.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('UDP wrapper waits for the reply and compares its prefix', { skip }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lvstui-check-'));
  const sock = createSocket('udp4');
  sock.on('message', (msg, from) => sock.send(Buffer.concat([Buffer.from('PONG '), msg]), from.port, from.address));
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
  try {
    const port = sock.address().port;
    const check: ScriptCheck = { kind: 'send-expect', protocol: 'udp', send: 'ping\\n', expect: 'PONG', regex: false };
    assert.equal(await runScript(dir, check, port), 0);
    assert.notEqual(await runScript(dir, { ...check, expect: 'PANG' }, port), 0);
  } finally {
    sock.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('send_program wrapper: %h/%p replaced, output minus its last byte equals expect, exit code counts', { skip }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lvstui-check-'));
  try {
    const prog = join(dir, 'probe');
    // prints "OK <host>:<port>" and a newline; exits 3 when asked about port 9
    writeFileSync(prog, '#!/bin/sh\n[ "$2" = 9 ] && { echo "OK $1:$2"; exit 3; }\necho "OK $1:$2"\n');
    chmodSync(prog, 0o755);
    const check: ScriptCheck = { kind: 'program', program: `${prog} %h %p`, expect: 'OK 127.0.0.1:8080' };
    assert.equal(await runScript(dir, check, 8080), 0);
    assert.notEqual(await runScript(dir, check, 8081), 0, 'other output');
    assert.notEqual(await runScript(dir, { ...check, expect: 'OK 127.0.0.1:9' }, 9), 0, 'matching output but a non-zero exit');
    assert.equal(await runScript(dir, { ...check, expect: null }, 8080), 0, 'no expect: the exit code alone');
    assert.notEqual(await runScript(dir, { ...check, expect: null }, 9), 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
