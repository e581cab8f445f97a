// Pure process detection: hand-made cmdline and stat strings as the kernel writes them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyProcess, findLvsProcesses, formatUptime, parseCmdline, parseProcStat, parseUptime, processUptime } from '../../src/monitor/processes';
import { describeNannyTarget, parseNannyArgs } from '../../src/monitor/nanny-args';
import type { RawProcess } from '../../src/system/process-table';

/** a stat line with the given pid, comm, ppid, flags and starttime (other fields as a real one) */
function stat(pid: number, comm: string, opts: { ppid?: number; flags?: number; start?: number; state?: string } = {}): string {
  const { ppid = 1, flags = 4194560, start = 1000, state = 'S' } = opts;
  return `${pid} (${comm}) ${state} ${ppid} ${pid} ${pid} 0 -1 ${flags} 120 0 0 0 3 1 0 0 20 0 1 0 ${start} 10000000 300 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n`;
}
const cmd = (...argv: string[]) => argv.map((a) => `${a}\0`).join('');

const NANNY_ARGV = [
  '/usr/sbin/nanny', '-c', '-h', '10.0.1.11', '-p', '80', '-r', '8080', '-s', 'GET / HTTP/1.0\\r\\n\\r\\n', '-x', 'HTTP', '-q', '-a', '15', '-I', '/sbin/ipvsadm',
  '-t', '6', '-w', '100', '-V', '10.0.0.10', '-M', 'g', '-U', 'ssh', '--nodaemon', '--lvs',
];

test('parseCmdline: NUL-separated, final NUL dropped, padding NULs of a rewritten title too; empty for kernel threads', () => {
  assert.deepEqual(parseCmdline(cmd('pulse')), ['pulse']);
  assert.deepEqual(parseCmdline(cmd('lvsd', '--nofork', '-c', '/etc/sysconfig/ha/lvs.cf')), ['lvsd', '--nofork', '-c', '/etc/sysconfig/ha/lvs.cf']);
  assert.deepEqual(parseCmdline('nanny\0-s\0a b\0\0\0\0'), ['nanny', '-s', 'a b']);
  assert.deepEqual(parseCmdline(''), []);
});

test('parseProcStat: comm with spaces and parentheses, fields counted from the last ")"', () => {
  const s = parseProcStat(stat(42, 'odd) (name', { ppid: 7, start: 123456 }));
  assert.deepEqual(s && { pid: s.pid, comm: s.comm, ppid: s.ppid, starttime: s.starttime, state: s.state }, { pid: 42, comm: 'odd) (name', ppid: 7, starttime: 123456, state: 'S' });
  assert.equal(parseProcStat('garbage'), null);
  assert.equal(parseProcStat('12 (x) S 1 2'), null, 'too few fields');
});

test('uptime: /proc/uptime and starttime in ticks of 1/100 s', () => {
  assert.equal(parseUptime('35123.45 70000.12\n'), 35123.45);
  assert.equal(parseUptime(''), null);
  assert.equal(parseUptime('x y'), null);
  assert.equal(processUptime(100_000, 35123.45), 34123); // started 1000 s after boot
  assert.equal(processUptime(5_000_000, 10), 0, 'never negative (clock skew between the reads)');
  assert.equal(formatUptime(59), '00:59');
  assert.equal(formatUptime(3 * 86400 + 4 * 3600 + 5 * 60 + 6), '3d 04:05:06');
  assert.equal(formatUptime(null), '?');
});

test('classifyProcess: by argv[0] basename; lvs before 0.8.0; ipvsadm --start-daemon; sync kernel threads old and new', () => {
  assert.equal(classifyProcess(['/usr/sbin/pulse'], 'pulse', false), 'pulse');
  assert.equal(classifyProcess(['/usr/sbin/lvsd', '--nofork'], 'lvsd', false), 'lvsd');
  assert.equal(classifyProcess(['/usr/sbin/lvs', '--nofork'], 'lvs', false), 'lvsd');
  assert.equal(classifyProcess(['nanny', '-c'], 'nanny', false), 'nanny');
  assert.equal(classifyProcess(['/usr/sbin/send_arp', '-i', 'eth0'], 'send_arp', false), 'send_arp');
  assert.equal(classifyProcess(['/usr/sbin/fos', '--nofork'], 'fos', false), 'fos');
  assert.equal(classifyProcess(['/sbin/ipvsadm', '--start-daemon', 'master', '--mcast-interface', 'eth1'], 'ipvsadm', false), 'sync-master');
  assert.equal(classifyProcess(['/sbin/ipvsadm', '--start-daemon', 'backup'], 'ipvsadm', false), 'sync-backup');
  assert.equal(classifyProcess(['/sbin/ipvsadm', '-e', '-t', '1.2.3.4:80'], 'ipvsadm', false), 'other');
  assert.equal(classifyProcess([], 'ipvs_syncmaster', true), 'sync-master');
  assert.equal(classifyProcess([], 'ipvs_syncbackup', true), 'sync-backup');
  assert.equal(classifyProcess([], 'ipvs-m:0:0', true), 'sync-master');
  assert.equal(classifyProcess([], 'ipvs-b:0:3', true), 'sync-backup');
  assert.equal(classifyProcess([], 'kworker/0:1', true), null);
  assert.equal(classifyProcess([], 'ipvs-e:0:0', true), null, 'the estimator threads are not sync daemons');
  assert.equal(classifyProcess(['/usr/bin/pulseaudio'], 'pulseaudio', false), null);
  assert.equal(classifyProcess(['vim', 'nanny'], 'vim', false), null);
});

test('findLvsProcesses: roles, order, uptime, nanny targets; zombies by comm; others left out', () => {
  const raw: RawProcess[] = [
    { pid: 900, cmdline: cmd(...NANNY_ARGV), stat: stat(900, 'nanny', { ppid: 800, start: 250_000 }) },
    { pid: 901, cmdline: cmd('/usr/sbin/nanny', '-c', '-h', '10.0.1.12', '-p', '80', '-r', '80', '-a', '15', '-I', '/sbin/ipvsadm', '-t', '6', '-w', '1', '-V', '10.0.0.10', '-M', 'g', '--lvs'), stat: stat(901, 'nanny', { ppid: 800 }) },
    { pid: 1, cmdline: cmd('/sbin/init'), stat: stat(1, 'systemd', { ppid: 0 }) },
    { pid: 800, cmdline: cmd('/usr/sbin/lvsd', '--nofork', '-c', '/etc/sysconfig/ha/lvs.cf'), stat: stat(800, 'lvsd', { ppid: 700 }) },
    { pid: 700, cmdline: cmd('/usr/sbin/pulse'), stat: stat(700, 'pulse', { start: 100_000 }) },
    { pid: 55, cmdline: '', stat: stat(55, 'ipvs-m:0:0', { ppid: 2, flags: 0x00208040 }) },
    { pid: 56, cmdline: '', stat: stat(56, 'kworker/1:0', { ppid: 2, flags: 0x04208060 }) },
    { pid: 902, cmdline: '', stat: stat(902, 'nanny', { ppid: 800, state: 'Z', flags: 0x0040004c }) },
    { pid: 903, cmdline: cmd('/usr/sbin/send_arp', '-i', 'eth0', '10.0.0.10', '00:11:22:33:44:55', '10.0.0.255', 'ffffffffffff'), stat: null },
  ];
  const found = findLvsProcesses(raw, 35_000);
  assert.deepEqual(
    found.map((p) => [p.pid, p.role]),
    [[700, 'pulse'], [800, 'lvsd'], [902, 'nanny'], [900, 'nanny'], [901, 'nanny'], [903, 'send_arp'], [55, 'sync-master']],
  );
  const pulse = found[0];
  assert.equal(pulse.uptimeSeconds, 34_000);
  assert.equal(found.find((p) => p.pid === 900)?.uptimeSeconds, 32_500);
  assert.equal(found.find((p) => p.pid === 903)?.uptimeSeconds, null, 'no stat, no uptime');
  const sync = found.find((p) => p.pid === 55);
  assert.deepEqual(sync && [sync.argv, sync.kernelThread], [['[ipvs-m:0:0]'], true]);
  const zombie = found.find((p) => p.pid === 902);
  assert.deepEqual(zombie && [zombie.argv, zombie.nanny], [['[nanny]'], undefined]);
  const n = found.find((p) => p.pid === 900)?.nanny;
  assert.ok(n);
  assert.equal(describeNannyTarget(n), 'TCP 10.0.0.10:80 -> 10.0.1.11:8080');
  assert.deepEqual(findLvsProcesses([], null), []);
});

test('parseNannyArgs: the argument list lvsd builds, every field', () => {
  const t = parseNannyArgs(NANNY_ARGV);
  assert.deepEqual(t, {
    vip: '10.0.0.10', port: 80, rip: '10.0.1.11', rport: 8080, fwmark: null, protocol: 'tcp', method: 'direct', weight: 100, timeout: 6, reentry: 15,
    quiesce: true, regex: false, sendProgram: null, send: 'GET / HTTP/1.0\\r\\n\\r\\n', expect: 'HTTP', loadMonitor: 'ssh', ipvsadm: '/sbin/ipvsadm',
    mode: 'lvs', verbose: false, nodaemon: true, problems: [],
  });
});

test('parseNannyArgs: fwmark, UDP, send_program with spaces, --regex, -v, NAT and tunnel', () => {
  const t = parseNannyArgs(['nanny', '-c', '-h', '192.168.10.31', '-p', '53', '-r', '53', '-f', '100', '-u', '-e', '/usr/local/bin/check_dns %h', '-x', 'OK', '--regex', '-v', '-a', '180', '-I', '/sbin/ipvsadm', '-t', '10', '-w', '3', '-V', '10.0.0.53', '-M', 'm', '--lvs']);
  assert.equal(t.fwmark, 100);
  assert.equal(t.protocol, 'udp');
  assert.equal(t.sendProgram, '/usr/local/bin/check_dns %h');
  assert.equal(t.regex, true);
  assert.equal(t.verbose, true);
  assert.equal(t.method, 'nat');
  assert.deepEqual(t.problems, []);
  assert.equal(describeNannyTarget(t), 'FWM 100 -> 192.168.10.31:53');
  assert.equal(parseNannyArgs(['-M', 'i']).method, 'tunnel');
});

test('parseNannyArgs: popt spellings (-p80, --port=80, -cq), odd arguments kept as problems, never thrown', () => {
  const t = parseNannyArgs(['nanny', '-cq', '-p80', '--host=10.0.1.9', '-w', '0x10', '-r', '010']);
  assert.deepEqual([t.port, t.rip, t.quiesce, t.weight, t.rport], [80, '10.0.1.9', true, 16, 8]);
  const bad = parseNannyArgs(['nanny', '-Z', 'stray', '-p', 'http', '-M', 'x', '-w']);
  assert.equal(bad.port, null);
  assert.equal(bad.method, null);
  assert.deepEqual(bad.problems, ['unknown argument -Z', 'unexpected argument "stray"', '-w has no value', 'unknown forwarding method -M x', 'port is not a number: "http"']);
  assert.equal(describeNannyTarget(parseNannyArgs([])), 'TCP ?:? -> ?:?');
});
