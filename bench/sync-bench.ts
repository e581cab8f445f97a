// `lvs-tui sync` of a 2,000-service lvs.cf (10 real servers each, 2.5 MiB) to a real OpenSSH sshd,
// against plain `scp` of the same file to the same sshd with the same key and known_hosts. Both run
// as whole processes (as an admin runs them), inside a network namespace this bench creates (the
// sync also plans the backup's iptables and sysctls: they must not be this machine's). Cases:
// nothing changed (the SHA-256 compare alone) and everything changed (the backup's lvs.cf differs
// before each run; the file is written, verified, its previous version kept). Target: no more than
// 1.5 times scp's time.
//
//   npx tsc -p . && node dist/bench/sync-bench.js      (as root; BENCH_RUNS=N, default 7)

import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { lvsConfig } from './gen-config';
import { median } from './measure';
import { createNetns } from '../test/helpers/netns';
import { startSshd } from '../test/helpers/sshd';

const RUNS = Math.max(3, Number(process.env.BENCH_RUNS ?? 7) || 7);
const SERVICES = 2000;
const REPO = join(__dirname, '..', '..');
const BIN = join(REPO, 'bin', 'lvs-tui');
const CF = join('etc', 'sysconfig', 'ha', 'lvs.cf');

function put(root: string, path: string, content: string): string {
  const p = join(root, path);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, content);
  return p;
}

interface Stats {
  readonly min: number;
  readonly median: number;
}

/** One run of `argv`; asynchronous, so this process keeps reading sshd's log pipe meanwhile. */
function runOnce(argv: readonly string[]): Promise<{ ms: number; status: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SSH_AUTH_SOCK: '' } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ ms: Number(process.hrtime.bigint() - t0) / 1e6, status, out }));
  });
}

/** Runs `argv` RUNS times (after `before`, untimed), returning wall times; throws on a failed run. */
async function time(argv: readonly string[], before: () => void = () => undefined): Promise<Stats> {
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    before();
    const r = await runOnce(argv);
    ms.push(r.ms);
    if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.out}`);
  }
  return { min: Math.min(...ms), median: median(ms) };
}

const row = (name: string, s: Stats, scp: Stats | null) =>
  `| ${name} | ${s.min.toFixed(0)} | ${s.median.toFixed(0)} | ${scp ? `${(s.median / scp.median).toFixed(2)}x` : ''} |`;

async function main(): Promise<void> {
  if (process.getuid?.() !== 0) {
    console.log('sync bench: skipped (needs root for a network namespace)');
    return;
  }
  const ns = createNetns('lvstui-bench');
  const sshd = await startSshd({ netns: ns, upLoopback: true });
  const a = mkdtempSync(join(tmpdir(), 'lvs-tui-bench-a-'));
  const b = mkdtempSync(join(tmpdir(), 'lvs-tui-bench-b-'));
  try {
    const cf = lvsConfig(SERVICES, 10);
    const changed = cf.replace('serial_no = 1\n', 'serial_no = 0\n');
    put(a, CF, cf);
    const notRunning = JSON.stringify(['/bin/sh', '-c', 'exit 3']);
    put(
      a,
      join('etc', 'sysconfig', 'ha', 'lvs-tui.yaml'),
      `pulse:\n  manager: command\n  status: ${notRunning}\n  reload: ${notRunning}\n  restart: ${notRunning}\n` +
        `routers:\n  backup:\n    ssh: root@127.0.0.1:${sshd.port}\n    identity_file: ${sshd.userKeyPath}\n    known_hosts: ${sshd.knownHostsPath}\n    remote_root: ${b}\n`,
    );
    put(b, join('etc', 'sysctl.conf'), 'net.ipv4.ip_forward = 1\n');
    ns.run('sysctl', ['-w', 'net.ipv4.ip_forward=1']);
    const inNs = (argv: readonly string[]) => ['ip', 'netns', 'exec', ns.name, ...argv];
    const sync = inNs([process.execPath, BIN, '--root', a, 'sync', '--yes']);
    const scp = inNs(['scp', '-q', '-i', sshd.userKeyPath, '-o', `UserKnownHostsFile=${sshd.knownHostsPath}`, '-o', 'StrictHostKeyChecking=yes', '-o', 'IdentitiesOnly=yes', '-o', 'BatchMode=yes', '-P', String(sshd.port), join(a, CF), `root@127.0.0.1:${join(b, CF)}`]);

    // first sync: the backup gets the sidecar and the record of what pulse will load
    put(b, CF, changed);
    const first = await runOnce(sync);
    if (first.status !== 0) throw new Error(`sync failed: ${first.out}`);

    const help = await time(inNs([process.execPath, BIN, '--help']));
    const scpTime = await time(scp);
    const same = await time(sync);
    const all = await time(sync, () => put(b, CF, changed));
    console.log(`\nsync bench: lvs.cf of ${SERVICES} virtual services x 10 (${(cf.length / 1048576).toFixed(1)} MiB) to OpenSSH sshd on 127.0.0.1 in a netns, ${RUNS} runs each (wall ms, whole processes)\n`);
    console.log('| command | min ms | median ms | vs scp (median) |\n|---|---:|---:|---:|');
    console.log(row('`scp` of lvs.cf (same key, known_hosts)', scpTime, null));
    console.log(row('`lvs-tui sync`, nothing changed (SHA-256 compare)', same, scpTime));
    console.log(row('`lvs-tui sync`, lvs.cf changed (diff, write, verify)', all, scpTime));
    console.log(row('`lvs-tui --help` (node start-up, for scale)', help, scpTime));
    const ok = (s: Stats) => (s.median <= 1.5 * scpTime.median ? 'met' : 'MISSED');
    console.log(`\ntarget <= 1.5x scp: nothing changed ${ok(same)}, everything changed ${ok(all)}`);
  } finally {
    await sshd.stop();
    ns.delete();
    rmSync(a, { recursive: true, force: true });
    rmSync(b, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
