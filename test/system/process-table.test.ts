// Process detection against real processes: the test starts stand-ins under the daemons' names,
// with the argument lists lvsd and pulse give them, and finds them in the real /proc.
//
// The stand-in is a tiny C program that ignores its arguments and sleeps; started with argv[0]
// set to the daemon's path (Node's spawn `argv0`), its /proc/<pid>/cmdline is byte for byte the
// daemon's. (No standard program both blocks and accepts nanny's options: sleep, tail and sh
// reject them, and a #! script shows its interpreter as argv[0].)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readProcessTable } from '../../src/system/process-table';
import { findLvsProcesses } from '../../src/monitor/processes';
import { needProgram } from '../helpers/require-tool';

const PAUSE_C = '#include <unistd.h>\nint main(void) { for (;;) pause(); }\n';

function buildPause(dir: string): string {
  writeFileSync(join(dir, 'pause.c'), PAUSE_C);
  const out = join(dir, 'pause');
  const r = spawnSync('cc', ['-O', '-o', out, join(dir, 'pause.c')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cc failed: ${r.stderr}`);
  return out;
}

const NANNY = ['/usr/sbin/nanny', '-c', '-h', '10.0.1.11', '-p', '80', '-r', '80', '-s', 'GET / HTTP/1.0\\r\\n\\r\\n', '-x', 'HTTP', '-a', '15', '-I', '/sbin/ipvsadm', '-t', '6', '-w', '100', '-V', '10.0.0.10', '-M', 'g', '--lvs'];
const NANNY_FWM = ['/usr/sbin/nanny', '-c', '-h', '10.0.1.21', '-p', '80', '-r', '80', '-f', '100', '-q', '-a', '15', '-I', '/sbin/ipvsadm', '-t', '6', '-w', '1', '-V', '10.0.0.100', '-M', 'g', '--nodaemon', '--lvs'];
const LVSD = ['/usr/sbin/lvsd', '--nofork', '-c', '/etc/sysconfig/ha/lvs.cf'];
const PULSE = ['/usr/sbin/pulse'];
const SEND_ARP = ['/usr/sbin/send_arp', '-i', 'eth0', '10.0.0.10', '00:16:3e:00:00:01', '10.0.0.255', 'ffffffffffff'];

async function waitForCmdline(child: ChildProcess, want: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      if (readFileSync(`/proc/${child.pid}/cmdline`, 'latin1') === want) return;
    } catch {
      // not there yet
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`pid ${child.pid} never showed the cmdline ${JSON.stringify(want)}`);
}

test('the stand-ins are found in the real /proc with their roles, arguments, nanny targets and uptime', { skip: needProgram('cc') }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lvs-tui-procs-'));
  const children: ChildProcess[] = [];
  try {
    const pause = buildPause(dir);
    for (const argv of [PULSE, LVSD, NANNY, NANNY_FWM, SEND_ARP]) {
      const child = spawn(pause, argv.slice(1), { argv0: argv[0], stdio: 'ignore' });
      children.push(child);
      // the kernel's own record of the arguments, as lvs-tui will read it
      await waitForCmdline(child, argv.map((a) => `${a}\0`).join(''));
    }
    const table = readProcessTable('/proc');
    assert.equal(table.problem, null);
    assert.ok(table.uptimeSeconds !== null && table.uptimeSeconds > 0);
    const mine = new Set(children.map((c) => c.pid));
    const found = findLvsProcesses(table.processes, table.uptimeSeconds).filter((p) => mine.has(p.pid));
    assert.deepEqual(
      found.map((p) => [p.pid, p.role]),
      [
        [children[0].pid, 'pulse'],
        [children[1].pid, 'lvsd'],
        [children[2].pid, 'nanny'],
        [children[3].pid, 'nanny'],
        [children[4].pid, 'send_arp'],
      ],
    );
    assert.deepEqual(found[1].argv, LVSD);
    assert.equal(found[0].comm, 'pause', 'comm is the executable, argv[0] the name lvsd gave');
    for (const p of found) {
      assert.equal(p.ppid, process.pid);
      assert.ok(p.uptimeSeconds !== null && p.uptimeSeconds >= 0 && p.uptimeSeconds < 120, `uptime ${p.uptimeSeconds}`);
    }
    const [web, fwm] = [found[2].nanny, found[3].nanny];
    assert.deepEqual(web && [web.vip, web.port, web.rip, web.rport, web.fwmark, web.protocol, web.method, web.weight, web.send, web.problems], ['10.0.0.10', 80, '10.0.1.11', 80, null, 'tcp', 'direct', 100, 'GET / HTTP/1.0\\r\\n\\r\\n', []]);
    assert.deepEqual(fwm && [fwm.vip, fwm.fwmark, fwm.rip, fwm.quiesce, fwm.nodaemon, fwm.weight], ['10.0.0.100', 100, '10.0.1.21', true, true, 1]);
  } finally {
    for (const c of children) c.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a killed daemon disappears from the next read', { skip: needProgram('cc') }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lvs-tui-procs-'));
  let child: ChildProcess | null = null;
  try {
    child = spawn(buildPause(dir), [], { argv0: 'pulse', stdio: 'ignore' });
    await waitForCmdline(child, 'pulse\0');
    const pid = child.pid;
    assert.ok(findLvsProcesses(readProcessTable('/proc').processes, null).some((p) => p.pid === pid && p.role === 'pulse'));
    const exited = new Promise((r) => child?.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    assert.ok(!findLvsProcesses(readProcessTable('/proc').processes, null).some((p) => p.pid === pid));
  } finally {
    child?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a proc directory under a root: hand-written files, gone and unreadable entries skipped, missing directory reported', () => {
  const root = mkdtempSync(join(tmpdir(), 'lvs-tui-proc-root-'));
  try {
    const proc = join(root, 'proc');
    const put = (pid: number, cmdline: string | null, stat: string | null) => {
      mkdirSync(join(proc, String(pid)), { recursive: true });
      if (cmdline !== null) writeFileSync(join(proc, String(pid), 'cmdline'), cmdline, 'latin1');
      if (stat !== null) writeFileSync(join(proc, String(pid), 'stat'), stat);
    };
    put(10, 'pulse\0', '10 (pulse) S 1 10 10 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 500 0 0\n');
    put(11, null, null); // vanished between the listing and the reads
    mkdirSync(join(proc, 'self'), { recursive: true });
    writeFileSync(join(proc, 'uptime'), '20.00 40.00\n');
    const table = readProcessTable(proc);
    assert.deepEqual(table.processes.map((p) => p.pid), [10]);
    assert.equal(table.uptimeSeconds, 20);
    const [pulse] = findLvsProcesses(table.processes, table.uptimeSeconds);
    assert.deepEqual([pulse.role, pulse.uptimeSeconds], ['pulse', 15]);
    const none = readProcessTable(join(root, 'nope'));
    assert.match(none.problem ?? '', /cannot list the processes in .*nope: no such directory/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
