// `lvs-tui server drain|restore|weight` on the real binary. This kernel has no IPVS: the live table
// is the spec fixture copied to ROOT/proc/net/ip_vs, and ipvsadm is a small script (given in the
// sidecar's programs.ipvsadm, or lvs.cf's own ipvsadm key) that records its arguments.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AuditRecord } from '../../src/system/audit-log';
import { LVS_CF, installFakeIpvsadm } from '../helpers/live-router';
import { TempRoot, tempRoot } from './harness';

interface Router {
  readonly t: TempRoot;
  readonly ipvsadm: string;
  calls(): string[][];
  audit(): AuditRecord[];
}

function router(opts: { sidecar?: boolean; cf?: (ipvsadm: string) => string; proc?: boolean } = {}): Router {
  const t = tempRoot('');
  const fake = installFakeIpvsadm(t.root, { proc: opts.proc });
  const ipvsadm = fake.path;
  writeFileSync(t.cfg, opts.cf ? opts.cf(ipvsadm) : LVS_CF);
  if (opts.sidecar ?? true) writeFileSync(join(dirname(t.cfg), 'lvs-tui.yaml'), `programs:\n  ipvsadm: ${ipvsadm}\n`);
  const auditPath = join(t.root, 'var/log/lvs-tui/audit.log');
  return {
    t,
    ipvsadm,
    calls: fake.calls,
    audit: () => (existsSync(auditPath) ? readFileSync(auditPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as AuditRecord) : []),
  };
}

function withRouter(opts: Parameters<typeof router>[0], fn: (r: Router) => void): () => void {
  return () => {
    const r = router(opts);
    try {
      fn(r);
    } finally {
      rmSync(r.t.root, { recursive: true, force: true });
    }
  };
}

test('drain --yes: ipvsadm -e with the live method, weight 0; shown as temporary; recorded', withRouter({}, ({ t, ipvsadm, calls, audit }) => {
  const r = t.run('server', 'drain', '--virtual', 'web', '--server', 's11', '--yes');
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(calls(), [['-e', '-t', '10.0.0.10:80', '-r', '10.0.1.11:80', '-g', '-w', '0']]);
  assert.equal(
    r.stdout,
    `web/s11: drain 10.0.1.11:80 in TCP 10.0.0.10:80 (no new connections; existing ones finish): weight 100 → 0\n` +
      `will run: ${ipvsadm} -e -t 10.0.0.10:80 -r 10.0.1.11:80 -g -w 0\n` +
      `temporary: nanny and the next pulse restart override it; lvs.cf is not changed\n` +
      `done: weight 100 → 0 (temporary: nanny and the next pulse restart override it; lvs.cf is not changed)\n`,
  );
  assert.equal(t.read(), LVS_CF, 'lvs.cf untouched');
  const [rec] = audit();
  assert.deepEqual(rec.command, ['lvs-tui', 'server', 'drain', '--virtual', 'web', '--server', 's11', '--yes']);
  assert.equal(rec.outcome, 'applied');
  assert.equal(rec.steps[0].id, 'server-drain');
  assert.deepEqual(rec.steps[0].commands[0].args, ['-e', '-t', '10.0.0.10:80', '-r', '10.0.1.11:80', '-g', '-w', '0']);
  assert.deepEqual(rec.steps[0].notes, ['temporary: nanny and the next pulse restart override it; lvs.cf is not changed']);
}));

test('restore: back to lvs.cf\'s weight (the fixture has s13 drained at 0)', withRouter({}, ({ t, calls }) => {
  const r = t.run('server', 'restore', '--virtual', 'web', '--server', 's13', '--yes');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /restore 10\.0\.1\.13:80 in TCP 10\.0\.0\.10:80 to its configured weight: weight 0 → 100/);
  assert.deepEqual(calls(), [['-e', '-t', '10.0.0.10:80', '-r', '10.0.1.13:80', '-g', '-w', '100']]);
}));

test('weight N: NAT keeps -m and the real server its own port; UDP by service name; fwmark by address', withRouter({}, ({ t, calls }) => {
  assert.equal(t.run('server', 'weight', '5', '--virtual', 'app', '--server', 's22', '--yes').status, 0);
  assert.equal(t.run('server', 'weight', '0', '--virtual', 'dns', '--server', 'd31', '--yes').status, 0);
  assert.equal(t.run('server', 'weight', '65535', '--virtual', 'marked', '--server', 'f21', '--yes').status, 0);
  assert.deepEqual(calls(), [
    ['-e', '-t', '10.0.0.20:8080', '-r', '192.168.10.22:8081', '-m', '-w', '5'],
    ['-e', '-u', '10.0.0.53:53', '-r', '192.168.10.31:53', '-m', '-w', '0'],
    ['-e', '-f', '100', '-r', '10.0.1.21:0', '-g', '-w', '65535'],
  ]);
}));

test('without a sidecar, lvs.cf\'s own ipvsadm key names the program', withRouter({ sidecar: false, cf: (p) => LVS_CF.replace('network = direct\n', `network = direct\nipvsadm = ${p}\n`) }, ({ t, calls }) => {
  const r = t.run('server', 'drain', '--virtual', 'web', '--server', 's11', '--yes');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(calls().length, 1);
}));

test('refused (exit 1), ipvsadm never run: unknown names, a server not in the live table, IPVS not loaded', withRouter({}, ({ t, calls, audit }) => {
  const cases: Array<[string[], RegExp]> = [
    [['server', 'drain', '--virtual', 'nope', '--server', 's11', '--yes'], /there is no virtual server "nope" in /],
    [['server', 'drain', '--virtual', 'web', '--server', 'nope', '--yes'], /virtual server "web" has no real server "nope"/],
    [['server', 'drain', '--virtual', 'web', '--server', 's99', '--yes'], /10\.0\.1\.99:80 is not a real server of TCP 10\.0\.0\.10:80 in the live table/],
  ];
  for (const [args, msg] of cases) {
    const r = t.run(...args);
    assert.equal(r.status, 1, args.join(' '));
    assert.match(r.stderr, msg);
  }
  rmSync(join(t.root, 'proc', 'net', 'ip_vs'));
  const r = t.run('server', 'drain', '--virtual', 'web', '--server', 's11', '--yes');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /IPVS is not loaded \(no .*proc\/net\/ip_vs\): there is no live table to change/);
  assert.deepEqual(calls(), []);
  assert.deepEqual(audit(), []);
}));

test('usage errors (exit 2): weight out of range or not a number, missing names, no terminal without --yes', withRouter({}, ({ t, calls }) => {
  const cases: Array<[string[], RegExp]> = [
    [['server', 'weight', '65536', '--virtual', 'web', '--server', 's11', '--yes'], /weight "65536" is not a whole number from 0 to 65535/],
    [['server', 'weight', '-1', '--virtual', 'web', '--server', 's11', '--yes'], /unknown option -1/],
    [['server', 'weight', 'ten', '--virtual', 'web', '--server', 's11', '--yes'], /weight "ten" is not a whole number/],
    [['server', 'weight', '--virtual', 'web', '--server', 's11', '--yes'], /server weight needs the new weight/],
    [['server', 'drain', '--virtual', 'web', '--yes'], /needs --virtual V and --server S/],
    [['server', 'drain', 'extra', '--virtual', 'web', '--server', 's11'], /too many arguments/],
    [['server', 'bounce', '--virtual', 'web', '--server', 's11'], /server takes drain, restore or weight N/],
    [['server', 'drain', '--virtual', 'web', '--server', 's11'], /there is no terminal to ask on: give --yes/],
  ];
  for (const [args, msg] of cases) {
    const r = t.run(...args);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, msg);
  }
  assert.deepEqual(calls(), []);
}));

test('--dry-run shows the command and runs nothing', withRouter({}, ({ t, calls, audit }) => {
  const r = t.run('server', 'drain', '--virtual', 'web', '--server', 's11', '--dry-run');
  assert.equal(r.status, 0);
  assert.match(r.stdout, /will run: .*ipvsadm -e -t 10\.0\.0\.10:80 -r 10\.0\.1\.11:80 -g -w 0\n/);
  assert.deepEqual(calls(), []);
  assert.deepEqual(audit(), []);
}));

test('ipvsadm failing: its message, exit 1, recorded as failed; a missing ipvsadm is exit 3', withRouter({}, ({ t, ipvsadm, audit }) => {
  writeFileSync(join(dirname(ipvsadm), 'fail'), '');
  let r = t.run('server', 'drain', '--virtual', 'web', '--server', 's11', '--yes');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /Memory allocation problem\n/);
  assert.equal(audit()[0].outcome, 'failed');
  assert.equal(audit()[0].steps[0].commands[0].exitCode, 2);
  rmSync(ipvsadm);
  r = t.run('server', 'drain', '--virtual', 'web', '--server', 's11', '--yes');
  assert.equal(r.status, 3);
  assert.match(r.stderr, /cannot run .*ipvsadm: no such program/);
}));
