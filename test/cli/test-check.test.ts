// `lvs-tui test-check` end to end: the real binary against real servers on 127.0.0.1 (HTTP right
// and wrong, a port that accepts and never answers, a closed port, a reply split in two, UDP echo
// and a closed UDP port) and a real check script, each verdict the one nanny would reach.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { BIN } from '../helpers/paths';
import { LoopbackServers, startLoopbackServers } from '../helpers/loopback-servers';
import { CheckFixture, writeCheckFixture } from '../helpers/check-fixture';

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The binary, run asynchronously: the loopback servers live in this process and must answer. */
function lvsTui(args: readonly string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { timeout: 30_000 }, (err, stdout, stderr) => {
      const status = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : null) : 0;
      resolve({ status, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

let servers: LoopbackServers;
let fx: CheckFixture;
before(async () => {
  servers = await startLoopbackServers();
  fx = writeCheckFixture(servers);
});
after(() => servers.close());

interface JsonServer {
  name: string;
  verdict: string;
  reason: string;
  received: string | null;
  caveat: string | null;
  latency_ms: number | null;
}

test('test-check --json: every real server gets the verdict nanny would reach', async () => {
  const r = await lvsTui(['test-check', '--config', fx.lvsCf, '--json']);
  assert.equal(r.status, 1, r.stderr);
  const doc = JSON.parse(r.stdout) as { exit_code: number; summary: Record<string, number>; virtuals: { name: string; check: { notes: string[] }; servers: JsonServer[] }[] };
  const v = (name: string) => doc.virtuals.find((x) => x.name === name)!;
  const s = (virtual: string, name: string) => v(virtual).servers.find((x) => x.name === name)!;
  const expect = (virtual: string, name: string, verdict: string, reason: RegExp) => {
    const got = s(virtual, name);
    assert.equal(got.verdict, verdict, `${virtual}/${name}: ${got.reason}`);
    assert.match(got.reason, reason, `${virtual}/${name}`);
  };
  expect('web', 'good', 'pass', /reply starts with "HTTP\/1\.1 200"/);
  assert.match(s('web', 'good').received!, /^HTTP\/1\.1 200 OK\\r\\n/);
  assert.ok(s('web', 'good').latency_ms! >= 0);
  expect('web', 'wrong', 'fail', /got "HTTP\/1\.1 500", expected "HTTP\/1\.1 200"/);
  expect('web', 'silent', 'fail', /no reply within 1 s/);
  expect('web', 'closed', 'fail', /connection refused/);
  expect('web', 'split', 'fail', /short reply: got 2 of 12 bytes, "HT"/);
  expect('web', 'off', 'skipped', /inactive/);
  // what the servers received is send after nanny's escapes
  assert.equal(servers.received.get(servers.httpGood)!.toString('latin1'), 'GET / HTTP/1.0\r\n\r\n');
  expect('dns', 'echo', 'pass', /reply starts with "ping"/);
  expect('dns', 'nobody', 'fail', /port unreachable/);
  expect('prog', 'ok', 'pass', /printed "OK"/);
  expect('prog', 'nope', 'fail', /printed "NOPE", expected exactly "OK"/);
  expect('prog', 'fails', 'fail', /exited with status 3: nanny counts that as down$/);
  expect('prog', 'hangs', 'fail', /did not finish within 1 s: nanny counts that as down$/);
  assert.ok(v('prog').check.notes.some((n) => /send is ignored/.test(n)));
  expect('prog-bare', 'fails', 'fail', /exited with status 3: nanny counts that as down \(and expect is empty\)/);
  expect('prog-bare', 'ok', 'fail', /printed "OK" but expect is empty/);
  expect('rx', 'good', 'pass', /match/);
  expect('rx', 'wrong', 'fail', /does not match/);
  expect('star', 'wrong', 'pass', /accepts any/);
  expect('star', 'hangup', 'pass', /closed the connection/);
  expect('star', 'silent', 'fail', /no reply within 1 s/);
  expect('hang', 'good', 'fail', /hang at start on "\\d"/);
  expect('sleeping', 'good', 'skipped', /virtual server sleeping is inactive/);
  assert.equal(doc.exit_code, 1);
  assert.deepEqual(doc.summary, { pass: 6, fail: 13, skipped: 2 });
});

test('test-check: one real server, text report, exit 0 when it passes', async () => {
  const r = await lvsTui(['test-check', '--config', fx.lvsCf, '--virtual', 'web', '--server', 'good']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^web: TCP connect, send "GET \/ HTTP\/1\.0\\r\\n\\r\\n", expect "HTTP\/1\.1 200" \(first 12 bytes\), timeout 1 s$/m);
  assert.match(r.stdout, /^ {2}PASS {2}good +127\.0\.0\.1:\d+ +[\d.]+ ms {2}reply starts with "HTTP\/1\.1 200"$/m);
  assert.match(r.stdout, /^ +received "HTTP\/1\.1 200 OK\\r\\nContent-Length: 2\\r\\n\\r\\nok"$/m);
  assert.match(r.stdout, /1 passed, 0 failed, 0 not checked \(checks made from this machine\)/);
});

test('test-check --timeout overrides the virtual\'s timeout', async () => {
  const r = await lvsTui(['test-check', '--config', fx.lvsCf, '--virtual', 'web', '--server', 'silent', '--timeout', '0.3']);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /no reply within 0\.3 s/);
  assert.match(r.stdout, /note: timeout 0\.3 s given on the command line \(lvs\.cf: 1 s\)/);
});

test('test-check: wrong names and options', async () => {
  const noV = await lvsTui(['test-check', '--config', fx.lvsCf, '--virtual', 'nope']);
  assert.equal(noV.status, 1);
  assert.match(noV.stderr, /no virtual server "nope"/);
  const noS = await lvsTui(['test-check', '--config', fx.lvsCf, '--virtual', 'web', '--server', 'nope']);
  assert.equal(noS.status, 1);
  assert.match(noS.stderr, /virtual server "web" has no real server "nope"/);
  const badT = await lvsTui(['test-check', '--config', fx.lvsCf, '--timeout', 'soon']);
  assert.equal(badT.status, 2);
  assert.match(badT.stderr, /--timeout takes seconds/);
  const missing = await lvsTui(['test-check', '--config', `${fx.dir}/none.cf`]);
  assert.equal(missing.status, 3);
});

test('test-check --demo describes the demo router\'s checks and makes none (its servers are simulated)', async () => {
  const r = await lvsTui(['test-check', '--demo', '--json']);
  assert.equal(r.status, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as { from: string; summary: { pass: number; fail: number; skipped: number }; virtuals: { servers: JsonServer[] }[] };
  assert.equal(doc.summary.pass + doc.summary.fail, 0);
  assert.ok(doc.summary.skipped > 0);
  assert.ok(doc.virtuals.flatMap((v) => v.servers).some((s) => /simulated real server of the demo router/.test(s.reason)));
});
