// `npm run bench` (second part): one monitor tick on a big router. Generates the texts of a
// /proc/net/ip_vs with 10,000 services x 10 real servers and the matching `ipvsadm -Ln --stats
// --exact`, `--rate` and `--persistent-conn` output (flat strings, as readFile and execFile give),
// and an lvs.cf describing them, then times in process and warm: each columnar reader, readSample
// (in-memory /proc and ipvsadm answers: parse + join, no process start), computeRates, mergeLive,
// and a whole tick as a sampler runs it (readSample with the previous sample + computeRates +
// mergeLive: states, counts and health; the service objects a screen or status --json makes are
// timed apart). Min and median wall time and median CPU time of the process. Target: < 40 ms.

import { performance } from 'node:perf_hooks';
import { cpus, loadavg } from 'node:os';
import { IpvsSample } from '../src/monitor/ipvs-types';
import { parseProcIpvs } from '../src/monitor/parse-proc-ip-vs';
import { computeRates } from '../src/monitor/rates';
import { mergeLive } from '../src/monitor/merge';
import { scanProcIpvs } from '../src/monitor/scan-proc-columns';
import { joinList, joinNumbers } from '../src/monitor/join-ipvsadm-columns';
import { buildModel } from '../src/config/model';
import { parse } from '../src/config/parse';
import { readSample } from '../src/monitor/sample';
import { ProcFs } from '../src/system/proc-fs';
import { Runner } from '../src/system/runner';

const SERVICES = Number(process.env.BENCH_SERVICES ?? 10000) || 10000;
const SERVERS = 10;
const RUNS = Math.max(5, Number(process.env.BENCH_RUNS ?? 15) || 15);
const TARGET_TICK_MS = 40;

const hex = (n: number, w: number) => n.toString(16).toUpperCase().padStart(w, '0');
const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const lpad = (s: string, n: number) => (s.length >= n ? s : ' '.repeat(n - s.length) + s);
const quad = (n: number) => `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;

interface Texts {
  readonly ipvs: string;
  readonly stats: string;
  readonly exact: string;
  readonly rate: string;
  readonly persist: string;
}

/** The router at tick `tick`: counters grow with it; every 7th service persistent, every 5th NAT. */
export function generate(tick: number, somePersistent = true): Texts {
  const vipBase = 0x0a000000; // 10.0.0.0
  const rsBase = 0xac100000; // 172.16.0.0
  const ipvs: string[] = ['IP Virtual Server version 1.2.1 (size=4096)', 'Prot LocalAddress:Port Scheduler Flags', '  -> RemoteAddress:Port Forward Weight ActiveConn InActConn'];
  const head = 'IP Virtual Server version 1.2.1 (size=4096)';
  const exact: string[] = [head, `${pad('Prot LocalAddress:Port', 33)}${lpad('Conns', 9)}${lpad('InPkts', 9)}${lpad('OutPkts', 9)}${lpad('InBytes', 9)}${lpad('OutBytes', 9)}`, '  -> RemoteAddress:Port'];
  const rate: string[] = [head, `${pad('Prot LocalAddress:Port', 33)}${lpad('CPS', 9)}${lpad('InPPS', 9)}${lpad('OutPPS', 9)}${lpad('InBPS', 9)}${lpad('OutBPS', 9)}`, '  -> RemoteAddress:Port'];
  const persist: string[] = [head, 'Prot LocalAddress:Port            Weight    PersistConn ActiveConn InActConn ', '  -> RemoteAddress:Port'];
  const num = (v: number) => lpad(String(v), Math.max(9, String(v).length + 1));
  for (let s = 0; s < SERVICES; s++) {
    const vip = vipBase + 1 + s;
    const port = 80;
    const nat = s % 5 === 0;
    const persistent = somePersistent && s % 7 === 0;
    ipvs.push(`TCP  ${hex(vip, 8)}:${hex(port, 4)} wlc  ${persistent ? 'persistent 300 FFFFFF00' : ''}`);
    const name = `TCP  ${quad(vip)}:${port}`;
    const flags = persistent ? ' persistent 300 mask 255.255.255.0' : '';
    persist.push(`${name} wlc${flags}`);
    const dests: string[] = [];
    let sum = [0, 0, 0, 0, 0];
    const rs: string[][] = [[], [], []];
    for (let d = 0; d < SERVERS; d++) {
      const addr = rsBase + s * 16 + d;
      const conns = (s + 1) * 1000 + d * 37 + tick * 20;
      const c = [conns, conns * 12, nat ? conns * 11 : 0, conns * 12 * 700, nat ? conns * 11 * 1400 : 0];
      sum = sum.map((x, i) => x + c[i]);
      dests.push(`  -> ${hex(addr, 8)}:${hex(port, 4)}      ${pad(nat ? 'Masq' : 'Route', 7)} ${pad('1', 6)} ${pad(String(d), 10)} ${pad(String(d * 2), 10)}`);
      rs[0].push(`  -> ${pad(`${quad(addr)}:${port}`, 28)}${c.map(num).join('')}`);
      rs[1].push(`  -> ${pad(`${quad(addr)}:${port}`, 28)}${[10, 120, nat ? 110 : 0, 84000, nat ? 154000 : 0].map((v) => lpad(String(v), 9)).join('')}`);
      rs[2].push(`  -> ${pad(`${quad(addr)}:${port}`, 28)} ${pad('1', 9)} ${pad(persistent ? '3' : '0', 11)} ${pad(String(d), 10)} ${pad(String(d * 2), 10)}`);
    }
    ipvs.push(...dests);
    exact.push(`${pad(name, 33)}${sum.map(num).join('')}`, ...rs[0]);
    rate.push(`${pad(name, 33)}${[100, 1200, nat ? 1100 : 0, 840000, nat ? 1540000 : 0].map((v) => lpad(String(v), 9)).join('')}`, ...rs[1]);
    persist.push(...rs[2]);
  }
  // one join: a flat string, as readFile and execFile give (a `+ '\n'` would leave a cons string,
  // which every charCodeAt then walks through)
  const j = (a: string[]) => [...a, ''].join('\n');
  return { ipvs: j(ipvs), stats: '', exact: j(exact), rate: j(rate), persist: j(persist) };
}

function statsFile(tick: number): string {
  const t = [1971083 + tick * 200000, 0x9781dfa + tick * 2400000, 0x10450ef, 0x521856f99 + tick * 1680000000, 0x19d9314ea].map((v, i) => lpad(v.toString(16).toUpperCase(), i < 3 ? 8 : 16));
  return `   Total Incoming Outgoing         Incoming         Outgoing\n   Conns  Packets  Packets            Bytes            Bytes\n${t.join(' ')}\n\n Conns/s   Pkts/s   Pkts/s          Bytes/s          Bytes/s\n     180      ED5       C9            771F1            1D410\n`;
}

/** The texts as bytes, as readFile and execFile give them without decoding (made once). */
const asBytes = new WeakMap<Texts, Record<keyof Texts, Buffer>>();
function bytesOf(texts: Texts): Record<keyof Texts, Buffer> {
  let b = asBytes.get(texts);
  if (!b) asBytes.set(texts, (b = { ipvs: Buffer.from(texts.ipvs, 'latin1'), stats: Buffer.from(texts.stats, 'latin1'), exact: Buffer.from(texts.exact), rate: Buffer.from(texts.rate), persist: Buffer.from(texts.persist) }));
  return b;
}

// The ProcFs and Runner of the real system hand net/ip_vs and ipvsadm's output over as bytes
// (readBytes, runBytes: nodeProcFs and processRunner have both), so these do too.
function deps(texts: Texts, stats: string, at: number, kernelRates = true, previous: IpvsSample | null = null): Parameters<typeof readSample>[0] {
  const bytes = bytesOf(texts);
  const proc: ProcFs = {
    root: '/proc',
    read: async (p) => (p === 'net/ip_vs' ? texts.ipvs : p === 'net/ip_vs_stats' ? stats : null),
    readBytes: async (p) => (p === 'net/ip_vs' ? bytes.ipvs : p === 'net/ip_vs_stats' ? Buffer.from(stats, 'latin1') : null),
  };
  const pick = <T>(args: readonly string[], b: Record<keyof Texts, T>) => {
    const a = args.join(' ');
    return a === '-Ln --stats --exact' ? b.exact : a === '-Ln --rate' ? b.rate : b.persist;
  };
  const runner: Runner = {
    run: async (cmd) => ({ stdout: pick(cmd.args, texts), stderr: '' }),
    runBytes: async (cmd) => ({ stdout: pick(cmd.args, bytes), stderr: '' }),
  };
  return { proc, runner, ipvsadm: 'ipvsadm', now: () => at, kernelRates, previous };
}

/** lvs.cf describing the generated router: one virtual per service, its ten real servers. */
export function generateConfig(): string {
  const cf: string[] = ['serial_no = 1', 'primary = 192.0.2.1', 'service = lvs', 'network = direct'];
  for (let s = 0; s < SERVICES; s++) {
    cf.push(`virtual v${s} {`, '     active = 1', `     address = ${quad(0x0a000001 + s)} eth0:${s % 100}`, '     port = 80', '     scheduler = wlc', '     protocol = tcp');
    if (s % 7 === 0) cf.push('     persistent = 300');
    for (let d = 0; d < SERVERS; d++) cf.push(`     server r${d} {`, `         address = ${quad(0xac100000 + s * 16 + d)}`, '         active = 1', '         weight = 1', '     }');
    cf.push('}');
  }
  return cf.join('\n') + '\n';
}

interface Timing {
  readonly min: number;
  readonly median: number;
  /** median CPU time (user + system) of the process during a run: less sensitive to other load */
  readonly cpu: number;
}

async function time(runs: number, f: () => unknown): Promise<Timing> {
  await f(); // warm-up
  await f();
  const ms: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await f();
    ms.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  ms.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return { min: ms[0], median: ms[Math.floor(ms.length / 2)], cpu: cpu[Math.floor(cpu.length / 2)] };
}

async function main(): Promise<void> {
  const t0 = generate(0);
  const t1 = generate(1);
  const s0 = statsFile(0);
  const s1 = statsFile(1);
  const config = buildModel(parse(Buffer.from(generateConfig())));
  const mib = (s: string) => `${(s.length / 2 ** 20).toFixed(1)} MiB`;
  console.log(`\nmonitor tick: ${SERVICES} services x ${SERVERS} real servers (/proc/net/ip_vs ${mib(t0.ipvs)}, --stats --exact ${mib(t0.exact)}, --rate ${mib(t0.rate)}, --persistent-conn ${mib(t0.persist)}), ${RUNS} warm runs: min / median wall ms, median CPU ms`);
  const prev: IpvsSample = await readSample(deps(t0, s0, 0));
  let next: IpvsSample = await readSample(deps(t1, s1, 2000, false));
  const check = computeRates(prev, next);
  const one = check.services.values().next().value;
  if (!one || one.basis !== 'counters' || one.rates === null || next.services.length !== SERVICES) throw new Error('bench: the generated texts did not parse into counter rates');
  const view = mergeLive(config, next, check);
  if (view.counts.services.live !== SERVICES || view.counts.servers.up !== SERVICES * SERVERS) throw new Error(`bench: the merge did not find the generated services live (${JSON.stringify(view.counts)})`);
  const b1 = bytesOf(t1);
  const cols = scanProcIpvs(b1.ipvs).columns;
  const rows: Array<[string, Timing]> = [
    ['scan /proc/net/ip_vs into columns', await time(RUNS, () => scanProcIpvs(b1.ipvs))],
    ['join ipvsadm --stats --exact', await time(RUNS, () => joinNumbers(b1.exact, 'stats', cols))],
    ['join ipvsadm --rate', await time(RUNS, () => joinNumbers(b1.rate, 'rate', cols))],
    ['join ipvsadm --persistent-conn', await time(RUNS, () => joinList(b1.persist, cols))],
    ['  the same 4 from decoded strings', await time(RUNS, () => [joinNumbers(t1.exact, 'stats', cols), joinNumbers(t1.rate, 'rate', cols), joinList(t1.persist, cols), scanProcIpvs(t1.ipvs)])],
    ['(old) parse /proc/net/ip_vs to objects', await time(RUNS, () => parseProcIpvs(t1.ipvs))],
    ['readSample, first (+ --rate)', await time(RUNS, async () => readSample(deps(t1, s1, 2000)))],
    ['readSample, next (no --rate)', await time(RUNS, async () => (next = await readSample(deps(t1, s1, 2000, false))))],
    ['computeRates', await time(RUNS, () => computeRates(prev, next))],
    ['mergeLive (states, counts, health)', await time(RUNS, () => mergeLive(config, next, check))],
    ['mergeLive + make every service', await time(RUNS, () => mergeLive(config, next, check).services.length)],
  ];
  // a sampler's tick: the previous sample given (rates from its counters, PersistConn carried while
  // less than 10 s old), no --rate
  const tick = async (texts: Texts, before: IpvsSample, carry: boolean) => {
    const n = await readSample(deps(texts, s1, 2000, false, carry ? before : null));
    return mergeLive(config, n, computeRates(before, n)).health;
  };
  const full = await time(RUNS, () => tick(t1, prev, true));
  rows.push(['TICK: readSample + rates + merge', full]);
  const listTick = await time(RUNS, () => tick(t1, prev, false));
  rows.push(['TICK reading --persistent-conn (1 in 5)', listTick]);
  const lean = generate(1, false);
  const leanPrev = await readSample(deps(generate(0, false), s0, 0));
  const leanTick = await time(RUNS, () => tick(lean, leanPrev, true));
  rows.push(['TICK, no persistent service', leanTick]);
  for (const [what, t] of rows) console.log(`  ${pad(what, 40)}${lpad(t.min.toFixed(1), 8)}${lpad(t.median.toFixed(1), 8)}${lpad(t.cpu.toFixed(1), 8)}`);
  const verdict = (t: Timing) => (Math.min(t.median, t.cpu) < TARGET_TICK_MS ? 'ok' : 'MISSED');
  console.log(`  target: parse + merge + rates per tick < ${TARGET_TICK_MS} ms: ${full.median.toFixed(1)} ms median wall, ${full.cpu.toFixed(1)} ms CPU (${verdict(full)}); ${listTick.median.toFixed(1)} wall, ${listTick.cpu.toFixed(1)} CPU on the ticks that read --persistent-conn`);
  console.log(`  load average ${loadavg()[0].toFixed(1)} on ${cpus().length} CPUs (other work on the machine inflates wall times; CPU time is this process's own)`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.stack : err);
    process.exit(1);
  });
}
