// startDemo end to end: the temporary root and its files, the fake ipvsadm as a real child process
// through the Runner, an edit surviving the next tick, stop() removing everything.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDemo, isDemoRoot } from '../../src/demo/index';
import { processRunner } from '../../src/system/runner';
import { fixture, fixtureState, withoutServices } from './fixture-state';

test('startDemo: a labelled root with lvs.cf, /proc files, processes and syslog; stop() removes it', async () => {
  const demo = await startDemo({ tickMs: 0, seed: 1, epochMs: Date.UTC(2024, 2, 5, 14, 0, 0) });
  try {
    assert.ok(isDemoRoot(demo.root));
    const lvsCf = readFileSync(join(demo.root, 'etc/sysconfig/ha/lvs.cf'), 'utf8');
    assert.match(lvsCf.split('\n')[0], /^# DEMO ROUTER/);
    for (const f of ['ip_vs', 'ip_vs_stats', 'ip_vs_stats_percpu', 'ip_vs_conn']) assert.ok(existsSync(join(demo.root, 'proc/net', f)), f);
    assert.match(readFileSync(join(demo.root, 'proc/net/ip_vs'), 'utf8'), /^TCP {2}CB007164:0050 wlc {2}$/m);
    const pids = readdirSync(join(demo.root, 'proc')).filter((n) => /^\d+$/.test(n));
    const argv = (pid: string) => readFileSync(join(demo.root, 'proc', pid, 'cmdline'), 'latin1').split('\0').slice(0, -1);
    const nannies = pids.map(argv).filter((a) => a[0] === '/usr/sbin/nanny');
    assert.equal(nannies.length, 7, 'one nanny per active real server (web4 is inactive)');
    assert.deepEqual(nannies.find((a) => a.includes('192.168.10.21')), ['/usr/sbin/nanny', '-c', '-h', '192.168.10.21', '-p', '21', '-r', '21', '-f', '21', '-s', 'QUIT\\r\\n', '-x', '220', '-a', '15', '-I', '/sbin/ipvsadm', '-t', '6', '-w', '1', '-V', '203.0.113.100', '-M', 'm', '--nodaemon', '--lvs']);
    assert.ok(pids.map(argv).some((a) => a.join(' ') === '/usr/sbin/lvsd --nofork -c /etc/sysconfig/ha/lvs.cf'));
    const stat = readFileSync(join(demo.root, 'proc/1187/stat'), 'utf8');
    assert.match(stat, /^1187 \(pulse\) S 1 /);
    assert.equal(stat.trim().split(' ').length, 52);
    const uptime = Number(readFileSync(join(demo.root, 'proc/uptime'), 'utf8').split(' ')[0]);
    assert.ok(uptime - Number(stat.split(' ')[21]) / 100 > 3 * 86400 - 1, 'pulse up for three days');
    assert.match(readFileSync(join(demo.root, 'var/log/messages'), 'utf8'), /demo-router pulse\[1187\]: STARTING PULSE AS MASTER/);
    assert.ok(statSync(demo.ipvsadmPath).mode & 0o100, 'ipvsadm is executable');

    const runner = processRunner();
    const before = readFileSync(join(demo.root, 'proc/net/ip_vs_stats'), 'utf8');
    demo.tick();
    demo.tick();
    assert.notEqual(readFileSync(join(demo.root, 'proc/net/ip_vs_stats'), 'utf8'), before, 'the files move');
    await runner.run({ file: demo.ipvsadmPath, args: ['-e', '-t', '203.0.113.100:80', '-r', '192.168.10.11:80', '-m', '-w', '42'] });
    demo.tick();
    assert.match(readFileSync(join(demo.root, 'proc/net/ip_vs'), 'utf8'), /^ {2}-> C0A80A0B:0050 {6}Masq {4}42 /m, 'the edit survives the tick');
    const ln = await runner.run({ file: demo.ipvsadmPath, args: ['-Ln'] });
    assert.match(ln.stdout, /^ {2}-> 192\.168\.10\.11:80 {13}Masq {4}42 /m);
  } finally {
    demo.stop();
  }
  assert.ok(!existsSync(demo.root));
  demo.stop();
});

test('fake ipvsadm as a child process: the fixture layouts for -Ln, --stats --exact, --rate, -Lnc', async () => {
  const demo = await startDemo({ tickMs: 0 });
  try {
    writeFileSync(join(demo.root, 'var/lib/lvs-tui-demo/state.json'), JSON.stringify(fixtureState()));
    const runner = processRunner();
    const dropped = (l: string) => l.startsWith('SCTP') || l.includes('[') || l.includes(':514');
    for (const [args, file] of [[['-Ln'], 'ipvsadm-Ln.txt'], [['-Ln', '--stats', '--exact'], 'ipvsadm-Ln-stats-exact.txt'], [['-Ln', '--rate'], 'ipvsadm-Ln-rate.txt']] as const) {
      assert.equal((await runner.run({ file: demo.ipvsadmPath, args })).stdout, withoutServices(fixture(file), dropped), args.join(' '));
    }
    const lnc = (await runner.run({ file: demo.ipvsadmPath, args: ['-Lnc'] })).stdout.split('\n');
    assert.deepEqual(lnc.slice(0, 3), fixture('ipvsadm-Lnc.txt').split('\n').slice(0, 3));
  } finally {
    demo.stop();
  }
  // with the demo gone, ipvsadm answers like one on a kernel without IPVS
  await assert.rejects(processRunner().run({ file: 'node', args: [require.resolve('../../src/demo/fake-ipvsadm'), '--demo-root', demo.root, '-Ln'] }), /Protocol not available/);
});

test('startDemo: the timer ticks on its own and does not keep the process alive', async () => {
  const demo = await startDemo({ tickMs: 20, speed: 50 });
  try {
    const t0 = demo.state().time;
    await new Promise((r) => setTimeout(r, 120));
    assert.ok(demo.state().time > t0);
  } finally {
    demo.stop();
  }
});
