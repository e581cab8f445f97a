// test-check in remote mode: the real binary with --host against a real sshd in a network
// namespace. lvs.cf is read from the router; send_program runs there (the script checks that it
// runs under sshd), the TCP checks go from where lvs-tui runs.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN } from '../helpers/paths';
import { Netns, createNetns } from '../helpers/netns';
import { needProgram, needRootNamespaces } from '../helpers/require-tool';
import { Sshd, skipUnlessSshd, startSshd } from '../helpers/sshd';

const skip = skipUnlessSshd() || needRootNamespaces() || needProgram('ip', ['-V']);

let ns: Netns;
let sshd: Sshd;
let home: string;
let root: string;

before(async () => {
  if (skip) return;
  ns = createNetns('lvstui-tcheck');
  sshd = await startSshd({ netns: ns, upLoopback: true });
  home = mkdtempSync(join(tmpdir(), 'lvs-tui-tcheck-home-'));
  mkdirSync(join(home, '.ssh'), { mode: 0o700 });
  copyFileSync(sshd.userKeyPath, join(home, '.ssh', 'id_ed25519'));
  chmodSync(join(home, '.ssh', 'id_ed25519'), 0o600);
  copyFileSync(sshd.knownHostsPath, join(home, '.ssh', 'known_hosts'));
  root = mkdtempSync(join(tmpdir(), 'lvs-tui-tcheck-root-'));
  mkdirSync(join(root, 'etc', 'sysconfig', 'ha'), { recursive: true });
  const script = join(root, 'check.sh');
  // prints OK only under sshd: proof that it ran on the router, not here
  writeFileSync(script, '#!/bin/sh\nif [ -n "$SSH_CONNECTION" ]; then echo OK; else echo LOCAL; fi\n');
  chmodSync(script, 0o755);
  writeFileSync(
    join(root, 'etc', 'sysconfig', 'ha', 'lvs.cf'),
    `primary = 127.0.0.1\nnetwork = direct\nvirtual prog {\n     active = 1\n     address = 127.0.0.2 lo:1\n     port = 443\n     expect = "OK"\n     send_program = "${script} %h %p"\n     timeout = 5\n     server rs1 {\n         address = 127.0.0.1\n         active = 1\n     }\n}\nvirtual web {\n     active = 1\n     address = 127.0.0.2 lo:1\n     port = 1\n     expect = "HTTP"\n     timeout = 2\n     server rs1 {\n         address = 127.0.0.1\n         active = 1\n     }\n}\n`,
  );
});

after(async () => {
  await sshd?.stop();
  ns?.delete();
  for (const d of [home, root]) if (d) rmSync(d, { recursive: true, force: true });
});

test('remote: test-check reads the router\'s lvs.cf, runs send_program on the router, connects from here', { skip, timeout: 60_000 }, () => {
  const r = spawnSync('ip', ['netns', 'exec', ns.name, process.execPath, BIN, '--host', `root@127.0.0.1:${sshd.port}`, '--remote-root', root, 'test-check', '--json'], {
    encoding: 'utf8',
    env: { ...process.env, HOME: home, SSH_AUTH_SOCK: '', SSH_CONNECTION: '' },
    timeout: 60_000,
  });
  assert.equal(r.error, undefined);
  assert.notEqual(r.stdout, '', r.stderr);
  const doc = JSON.parse(r.stdout) as { from: string; virtuals: { name: string; servers: { verdict: string; reason: string }[] }[] };
  assert.match(doc.from, /^this machine; send_program on root@127\.0\.0\.1:\d+$/);
  const prog = doc.virtuals.find((v) => v.name === 'prog')!.servers[0];
  assert.equal(prog.verdict, 'pass', prog.reason);
  assert.match(prog.reason, /printed "OK"/);
  const web = doc.virtuals.find((v) => v.name === 'web')!.servers[0];
  assert.equal(web.verdict, 'fail');
  assert.match(web.reason, /connection refused/);
  assert.equal(r.status, 1, r.stderr);
});
