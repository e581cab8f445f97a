// readSample: /proc and ipvsadm joined into one IpvsSample (the whole scenario), and every state an
// admin meets (IPVS not loaded, no permission, no ipvsadm, ipvsadm failing, garbage) as a value.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { destId, serviceId } from '../../src/monitor/ipvs-types';
import { NOT_LOADED_MESSAGE, readSample } from '../../src/monitor/sample';
import { ProcFs, nodeProcFs } from '../../src/system/proc-fs';
import { Command, Runner, processRunner } from '../../src/system/runner';
import { ExecError, IoError } from '../../src/system/io-error';
import { fixture, scenario, scenarioKey } from './parse-fixtures';

const OUTPUTS: Readonly<Record<string, string>> = {
  '-Ln --stats --exact': fixture('ipvsadm-Ln-stats-exact.txt'),
  '-Ln --rate': fixture('ipvsadm-Ln-rate.txt'),
  '-Ln --persistent-conn': fixture('ipvsadm-Ln-persistent-conn.txt'),
};

function fakeIpvsadm(calls: Command[], fail?: (cmd: Command) => Error | null): Runner {
  return {
    async run(cmd) {
      calls.push(cmd);
      const err = fail?.(cmd);
      if (err) throw err;
      const out = OUTPUTS[cmd.args.join(' ')];
      if (out === undefined) throw new ExecError(cmd.file, cmd.args, 2, 'unexpected arguments');
      return { stdout: out, stderr: '' };
    },
  };
}

function procRoot(files: Record<string, string>): { proc: ProcFs; done: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'lvs-sample-'));
  mkdirSync(join(root, 'proc', 'net'), { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, 'proc', 'net', name), text);
  return { proc: nodeProcFs(join(root, 'proc')), done: () => rmSync(root, { recursive: true, force: true }) };
}

const FIXTURE_PROC = { ip_vs: fixture('proc-ip_vs.txt'), ip_vs_stats: fixture('proc-ip_vs_stats.txt') };

function clock(start = 1000, step = 5): () => number {
  let t = start;
  return () => (t += step);
}

test('sample: /proc plus ipvsadm give the whole scenario (counters, rates, PersistConn, scheduler flags)', async () => {
  const { proc, done } = procRoot(FIXTURE_PROC);
  try {
    const calls: Command[] = [];
    const s = await readSample({ proc, runner: fakeIpvsadm(calls), ipvsadm: '/sbin/ipvsadm', now: clock() });
    assert.deepEqual(s.notes, []);
    assert.equal(s.unavailable, null);
    assert.equal(s.source, 'proc+ipvsadm');
    assert.deepEqual([s.version, s.connTabSize], [scenario.version, scenario.conn_tab_size]);
    assert.deepEqual([s.total, s.totalRate], [scenario.total, scenario.total_rate]);
    assert.deepEqual(calls.map((c) => [c.file, c.args.join(' ')]).sort(), Object.keys(OUTPUTS).map((a) => ['/sbin/ipvsadm', a]).sort());
    const byId = new Map(s.services.map((x) => [serviceId(x), x]));
    for (const want of scenario.services) {
      const key = scenarioKey(want);
      const got = byId.get(serviceId(key))!;
      const { id: _id, dests: wantDests, ...rest } = want;
      const { dests: gotDests, ...gotRest } = got;
      assert.deepEqual(gotRest, { ...rest, ...key }, want.id);
      const dests = new Map(gotDests.map((d) => [destId(d), d]));
      for (const wd of wantDests) assert.deepEqual(dests.get(destId(wd)), wd, `${want.id} ${destId(wd)}`);
    }
    // the counters' instant is the middle of the reads that produced them
    assert.ok(s.at > 1005 && s.at < 1020, String(s.at));
  } finally {
    done();
  }
});

test('sample: no /proc/net/ip_vs is "not loaded", and ipvsadm is not run (it would modprobe ip_vs)', async () => {
  const { proc, done } = procRoot({});
  try {
    const calls: Command[] = [];
    const s = await readSample({ proc, runner: fakeIpvsadm(calls), ipvsadm: 'ipvsadm', now: () => 42 });
    assert.deepEqual(s.unavailable, { reason: 'not-loaded', message: NOT_LOADED_MESSAGE });
    assert.equal(s.at, 42);
    assert.deepEqual(s.services, []);
    assert.deepEqual(calls, []);
  } finally {
    done();
  }
});

test('sample: permission denied and other read failures are states, not exceptions', async () => {
  const denied: ProcFs = { root: '/proc', read: async (p) => Promise.reject(new IoError('permission', `cannot read /proc/${p}: permission denied`, p)) };
  const s = await readSample({ proc: denied, now: () => 1 });
  assert.equal(s.unavailable?.reason, 'permission');
  assert.match(s.unavailable!.message, /permission denied \(run lvs-tui as root\)/);
  const broken: ProcFs = { root: '/proc', read: async () => Promise.reject(new Error('EIO')) };
  assert.equal((await readSample({ proc: broken, now: () => 1 })).unavailable?.reason, 'unreadable');
  const statsDenied: ProcFs = { root: '/proc', read: async (p) => (p === 'net/ip_vs' ? FIXTURE_PROC.ip_vs : Promise.reject(new IoError('permission', 'denied', p))) };
  const partial = await readSample({ proc: statsDenied, now: () => 1 });
  assert.equal(partial.unavailable, null);
  assert.equal(partial.services.length, 8);
  assert.equal(partial.total, null);
  assert.match(partial.notes.join('\n'), /ip_vs_stats: permission denied/);
});

test('sample: a missing ipvsadm is one note; the table still comes from /proc', async () => {
  const { proc, done } = procRoot(FIXTURE_PROC);
  try {
    const s = await readSample({ proc, runner: processRunner(), ipvsadm: '/nonexistent/ipvsadm', now: clock() });
    assert.equal(s.unavailable, null);
    assert.equal(s.source, 'proc');
    assert.equal(s.services.length, 8);
    assert.ok(s.services.every((x) => x.stats === null && x.rate === null));
    assert.deepEqual(s.notes, ['/nonexistent/ipvsadm not found: per-service counters are not available (install ipvsadm, or set its path)']);
    const none = await readSample({ proc, ipvsadm: null, now: clock() });
    assert.deepEqual([none.source, none.notes], ['proc', []]);
  } finally {
    done();
  }
});

test('sample: ipvsadm failing or printing garbage leaves notes and the /proc table', async () => {
  const { proc, done } = procRoot(FIXTURE_PROC);
  try {
    const failing = fakeIpvsadm([], (c) => (c.args.includes('--rate') ? new ExecError(c.file, c.args, 1, "Can't initialize ipvs: Protocol not available") : null));
    const s = await readSample({ proc, runner: failing, ipvsadm: 'ipvsadm', now: clock() });
    assert.equal(s.source, 'proc+ipvsadm');
    assert.ok(s.services.every((x) => x.stats !== null && x.rate === null));
    assert.equal(s.notes.length, 1);
    assert.match(s.notes[0], /Protocol not available/);
    const garbage: Runner = { run: async () => ({ stdout: '\x00\x01garbage\n'.repeat(50), stderr: '' }) };
    const g = await readSample({ proc, runner: garbage, ipvsadm: 'ipvsadm', now: clock() });
    assert.equal(g.services.length, 8);
    assert.ok(g.services.every((x) => x.stats === null));
    assert.ok(g.notes.length <= 12, g.notes.join('\n'));
  } finally {
    done();
  }
});

test('sample: kernelRates false skips --rate, except as the fallback when --stats --exact fails', async () => {
  const { proc, done } = procRoot(FIXTURE_PROC);
  try {
    const calls: Command[] = [];
    const s = await readSample({ proc, runner: fakeIpvsadm(calls), ipvsadm: 'ipvsadm', now: clock(), kernelRates: false });
    assert.deepEqual(calls.map((c) => c.args.join(' ')).sort(), ['-Ln --persistent-conn', '-Ln --stats --exact']);
    assert.ok(s.services.every((x) => x.stats !== null && x.rate === null));
    // ipvsadm 1.23 has no --exact: the kernel's rates are the fallback
    const old: Command[] = [];
    const noExact = fakeIpvsadm(old, (c) => (c.args.includes('--exact') ? new ExecError(c.file, c.args, 2, 'ipvsadm: unrecognized option `--exact\'') : null));
    const f = await readSample({ proc, runner: noExact, ipvsadm: 'ipvsadm', now: clock(), kernelRates: false });
    assert.ok(old.some((c) => c.args.includes('--rate')));
    assert.equal(f.source, 'proc');
    assert.ok(f.services.every((x) => x.stats === null && x.rate !== null));
    assert.match(f.notes.join('\n'), /unrecognized option/);
    // only the table's schedulers and persistence decide whether --persistent-conn is read
    const plain = procRoot({ ip_vs: 'IP Virtual Server version 1.2.1 (size=4096)\nTCP  0A00000A:0050 wlc  \n', ip_vs_stats: FIXTURE_PROC.ip_vs_stats });
    try {
      const c2: Command[] = [];
      await readSample({ proc: plain.proc, runner: fakeIpvsadm(c2), ipvsadm: 'ipvsadm', now: clock() });
      assert.deepEqual(c2.map((c) => c.args.join(' ')).sort(), ['-Ln --rate', '-Ln --stats --exact']);
    } finally {
      plain.done();
    }
  } finally {
    done();
  }
});

test('sample: a /proc/net/ip_vs that is not the kernel format is "unreadable"; a bad line is a note', async () => {
  const { proc, done } = procRoot({ ip_vs: '<html>oops</html>\n' });
  try {
    const s = await readSample({ proc, now: () => 1 });
    assert.equal(s.unavailable?.reason, 'unreadable');
    assert.equal(s.notes.length, 1);
  } finally {
    done();
  }
  const bad = procRoot({ ip_vs: FIXTURE_PROC.ip_vs + 'TCP  0A0000\n', ip_vs_stats: FIXTURE_PROC.ip_vs_stats });
  try {
    const s = await readSample({ proc: bad.proc, now: () => 1 });
    assert.equal(s.unavailable, null);
    assert.equal(s.services.length, 8);
    assert.deepEqual(s.notes, ['/proc/net/ip_vs line 29: truncated service line "TCP 0A0000"']);
  } finally {
    bad.done();
  }
});

test('sample: an empty table (IPVS loaded, no services) is a sample, not an error', async () => {
  const { proc, done } = procRoot({ ip_vs: fixture('proc-ip_vs.txt').split('\n').slice(0, 3).join('\n') + '\n', ip_vs_stats: FIXTURE_PROC.ip_vs_stats });
  try {
    const s = await readSample({ proc, now: () => 1 });
    assert.equal(s.unavailable, null);
    assert.deepEqual(s.services, []);
    assert.deepEqual(s.notes, []);
  } finally {
    done();
  }
});

test('sample: a ProcFs and a Runner handing bytes (readBytes, runBytes) give the sample the text readers give', async () => {
  const { proc, done } = procRoot(FIXTURE_PROC);
  try {
    const textCalls: Command[] = [];
    const byteCalls: Command[] = [];
    const text = await readSample({ proc: { root: proc.root, read: (p) => proc.read(p) }, runner: fakeIpvsadm(textCalls), ipvsadm: '/sbin/ipvsadm', now: clock() });
    const inner = fakeIpvsadm([]);
    const bytesRunner: Runner = {
      run: () => Promise.reject(new Error('run() called: runBytes expected')),
      async runBytes(cmd) {
        byteCalls.push(cmd);
        const r = await inner.run(cmd);
        return { stdout: Buffer.from(r.stdout, 'utf8'), stderr: r.stderr };
      },
    };
    assert.ok(proc.readBytes);
    const bytes = await readSample({ proc, runner: bytesRunner, ipvsadm: '/sbin/ipvsadm', now: clock() });
    assert.equal(byteCalls.length, textCalls.length);
    assert.deepEqual(bytes.services, text.services);
    assert.deepEqual([bytes.notes, bytes.total, bytes.totalRate, bytes.version, bytes.source], [text.notes, text.total, text.totalRate, text.version, text.source]);
  } finally {
    done();
  }
});
