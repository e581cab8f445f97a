// `npm run bench`: how fast and how big `lvs-tui check` is on large files, next to keepalived's own
// config test on the equivalent keepalived.conf. Generates 2,000- and 10,000-virtual files (10 real
// servers each, GUI layout) in a temp dir, times whole processes (min/median wall ms, peak RSS),
// `lvs-tui --help`, and each in-process stage. See bench/README.md for the figures measured.

import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { keepalivedConfig, lvsConfig } from './gen-config';
import { RSS_METHOD, Timing, canRun, peakRss, timeProcess } from './measure';
import { StageTimes, timeStages } from './in-process';

const REPO = join(__dirname, '..', '..');
const BIN = join(REPO, 'bin', 'lvs-tui');
const SIZES = [2000, 10000];
const SERVERS = 10;
const RUNS = Math.max(3, Number(process.env.BENCH_RUNS ?? 5) || 5);
const TARGET_HELP_MS = 150;
const TARGET_RSS_MB = 150;

interface Row {
  readonly what: string;
  readonly t: Timing | null;
  readonly rssMb: number | null;
  readonly note?: string;
}

/** The interface keepalived's config test accepts: the first non-loopback one here. */
function localInterface(): string {
  try {
    return readdirSync('/sys/class/net').find((n) => n !== 'lo') ?? 'lo';
  } catch {
    return 'lo';
  }
}

const fmt = (n: number | null | undefined, digits = 0) => (n === null || n === undefined ? '-' : n.toFixed(digits));
const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const lpad = (s: string, n: number) => (s.length >= n ? s : ' '.repeat(n - s.length) + s);

function printRows(rows: readonly Row[]): void {
  console.log(`${pad('command', 44)}${lpad('runs', 5)}${lpad('min ms', 10)}${lpad('median ms', 11)}${lpad('max RSS MB', 12)}  note`);
  for (const r of rows) {
    console.log(`${pad(r.what, 44)}${lpad(r.t ? String(r.t.runs) : '-', 5)}${lpad(fmt(r.t?.minMs), 10)}${lpad(fmt(r.t?.medianMs), 11)}${lpad(fmt(r.rssMb, 1), 12)}  ${r.note ?? ''}`);
  }
}

function printStages(label: string, stages: readonly StageTimes[]): void {
  const total = stages.filter((s) => s.stage !== 'print' && s.stage !== 'lex').reduce((a, s) => a + s.minMs, 0);
  console.log(`${pad(label, 16)}${stages.map((s) => `${s.stage} ${fmt(s.minMs)}/${fmt(s.medianMs)}`).join('  ')}  | parse+model+validate ${fmt(total)}`);
}

function machine(): string {
  const cpu = cpus();
  const keepalived = spawnSync('keepalived', ['--version'], { encoding: 'utf8' });
  const kv = keepalived.error ? 'keepalived not installed' : (keepalived.stderr || keepalived.stdout).split('\n')[0].trim();
  return `node ${process.version}, ${cpu[0]?.model ?? 'cpu?'} x${cpu.length} (load average ${loadavg()[0].toFixed(1)}: other work on the machine inflates times), ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Linux ${release()}, ${kv}; peak RSS by ${RSS_METHOD === 'gnu-time' ? '/usr/bin/time -f %M' : 'polling VmHWM (lower bound)'}`;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'lvs-bench-'));
  const iface = localInterface();
  const haveKeepalived = canRun('keepalived', ['--version']);
  const rows: Row[] = [];
  const stages: Array<[string, StageTimes[]]> = [];
  console.log(`lvs-tui benchmark: ${machine()}`);
  try {
    const help = timeProcess(BIN, ['--help'], RUNS, REPO);
    const helpRss = await peakRss(BIN, ['--help'], REPO);
    rows.push({ what: 'lvs-tui --help', t: help, rssMb: helpRss.mb, note: help.medianMs < TARGET_HELP_MS ? `target < ${TARGET_HELP_MS} ms: ok` : `target < ${TARGET_HELP_MS} ms: MISSED` });
    const checks = new Map<number, Timing>();
    const keepaliveds = new Map<number, Timing>();
    for (const n of SIZES) {
      const cf = join(dir, `lvs-${n}.cf`);
      const conf = join(dir, `keepalived-${n}.conf`);
      writeFileSync(cf, lvsConfig(n, SERVERS));
      writeFileSync(conf, keepalivedConfig(n, SERVERS, iface));
      const size = `${(statSync(cf).size / 2 ** 20).toFixed(1)} MiB`;
      const check = timeProcess(BIN, ['check', '--config', cf], RUNS, REPO);
      checks.set(n, check);
      const rss = await peakRss(BIN, ['check', '--config', cf], REPO);
      const ok = check.status === 0 ? '' : `exit ${check.status}: ${check.stderr.split('\n')[0]}`;
      rows.push({ what: `lvs-tui check, ${n} virtuals (${size})`, t: check, rssMb: rss.mb, note: ok });
      if (haveKeepalived) {
        const kt = timeProcess('keepalived', ['--config-test', '-f', conf], RUNS);
        keepaliveds.set(n, kt);
        const krss = await peakRss('keepalived', ['--config-test', '-f', conf]);
        const ksize = `${(statSync(conf).size / 2 ** 20).toFixed(1)} MiB`;
        rows.push({ what: `keepalived --config-test, ${n} (${ksize})`, t: kt, rssMb: krss.mb, note: kt.status === 0 ? '' : `exit ${kt.status}: ${kt.stderr.split('\n')[0]}` });
      } else {
        rows.push({ what: `keepalived --config-test, ${n}`, t: null, rssMb: null, note: 'keepalived not installed' });
      }
      stages.push([`${n} virtuals`, timeStages(readFileSync(cf), RUNS)]);
    }
    console.log('');
    printRows(rows);
    console.log(`\nin-process stages, min/median ms of ${RUNS} runs:`);
    for (const [label, s] of stages) printStages(label, s);
    console.log('\ntargets:');
    const big = SIZES[SIZES.length - 1];
    const c = checks.get(big)!;
    const k = keepaliveds.get(big);
    console.log(`  check ${big} faster than keepalived --config-test: ${k ? `${fmt(c.medianMs)} vs ${fmt(k.medianMs)} ms median: ${c.medianMs < k.medianMs ? 'ok' : 'MISSED'}` : 'keepalived not installed'}`);
    const bigRss = rows.find((r) => r.what.startsWith(`lvs-tui check, ${big} `))?.rssMb ?? 0;
    console.log(`  check ${big} peak RSS < ${TARGET_RSS_MB} MB: ${fmt(bigRss, 1)} MB: ${bigRss < TARGET_RSS_MB ? 'ok' : 'MISSED'}`);
    console.log(`  --help < ${TARGET_HELP_MS} ms: ${fmt(help.medianMs)} ms median: ${help.medianMs < TARGET_HELP_MS ? 'ok' : 'MISSED'}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
