// The columnar readers (scan-proc-columns.ts, join-ipvsadm-columns.ts, ipvs-columns.ts) against the
// object parsers they replace on the per-tick path (parseProcIpvs, parseIpvsadmStats/Rate/List joined
// by service id and server address:port): the same services, servers, counters, rates, PersistConn,
// scheduler flags and issues, on the spec fixtures and on random tables written in the kernel's and
// ipvsadm's formats (TCP/UDP/SCTP/FWM, IPv4 and IPv6, persistence, ops, 32- and 64-bit counters,
// ipvsadm listing servers in another order, rows missing from one source). Then computeRates on
// columns against counterRates on the objects, across resets, wraps and layout changes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Counters, IpvsSample, LiveDest, LiveService, Rates, destId, serviceId } from '../../src/monitor/ipvs-types';
import { IpvsColumns, columnsFromServices } from '../../src/monitor/ipvs-columns';
import { scanProcIpvs } from '../../src/monitor/scan-proc-columns';
import { joinList, joinNumbers } from '../../src/monitor/join-ipvsadm-columns';
import { parseProcIpvs } from '../../src/monitor/parse-proc-ip-vs';
import { parseIpvsadmRate, parseIpvsadmStats } from '../../src/monitor/parse-ipvsadm-stats';
import { parseIpvsadmList } from '../../src/monitor/parse-ipvsadm-list';
import { computeRates, counterRates } from '../../src/monitor/rates';
import { sampleFromColumns } from '../../src/monitor/sample';
import { formatIpv6 } from '../../src/monitor/parse-address';
import { baseSeed, forAll, Rng } from '../helpers/prng';
import { fixture } from './parse-fixtures';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The reference: the object parsers, joined by id as the sampler did before columns. */
function oracle(proc: string, stats: string | null, rate: string | null, list: string | null): { services: LiveService[]; issues: number } {
  const t = parseProcIpvs(proc);
  const services = t.services.map((s) => ({ ...s, dests: s.dests.map((d) => ({ ...d })) })) as Mutable<LiveService>[];
  const byId = new Map(services.map((s) => [serviceId(s), s]));
  const dest = (s: Mutable<LiveService>, address: string, port: number) => s.dests.find((d) => d.address === address && d.port === port) as Mutable<LiveDest> | undefined;
  let issues = t.issues.length;
  if (stats !== null) {
    const n = parseIpvsadmStats(stats);
    issues += n.issues.length;
    for (const ns of n.services) {
      const s = byId.get(serviceId(ns.key));
      if (!s) continue;
      s.stats = ns.values;
      for (const nd of ns.dests) {
        const d = dest(s, nd.address, nd.port);
        if (d) d.stats = nd.values;
      }
    }
  }
  if (rate !== null) {
    const n = parseIpvsadmRate(rate);
    issues += n.issues.length;
    for (const ns of n.services) {
      const s = byId.get(serviceId(ns.key));
      if (!s) continue;
      s.rate = ns.values;
      for (const nd of ns.dests) {
        const d = dest(s, nd.address, nd.port);
        if (d) d.rate = nd.values;
      }
    }
  }
  if (list !== null) {
    const n = parseIpvsadmList(list);
    issues += n.issues.length;
    for (const ls of n.services) {
      const s = byId.get(serviceId(ls.key));
      if (!s) continue;
      s.sched_flags = ls.sched_flags;
      if (s.protocol === 'FWM') s.af = ls.key.af;
      for (const ld of ls.dests) {
        const d = dest(s, ld.address, ld.port);
        if (d && ld.persistconns !== null) d.persistconns = ld.persistconns;
      }
    }
  }
  return { services, issues };
}

function columnar(proc: string, stats: string | null, rate: string | null, list: string | null): { services: LiveService[]; issues: number; cols: IpvsColumns } {
  const p = scanProcIpvs(proc);
  let issues = p.issues.length;
  if (stats !== null) issues += joinNumbers(stats, 'stats', p.columns).issues.length;
  if (rate !== null) issues += joinNumbers(rate, 'rate', p.columns).issues.length;
  if (list !== null) issues += joinList(list, p.columns).length;
  return { services: p.columns.toServices(), issues, cols: p.columns };
}

test('columns: the spec fixtures read as the object parsers read them (/proc, --stats --exact, --rate, --persistent-conn)', () => {
  const args = [fixture('proc-ip_vs.txt'), fixture('ipvsadm-Ln-stats-exact.txt'), fixture('ipvsadm-Ln-rate.txt'), fixture('ipvsadm-Ln-persistent-conn.txt')] as const;
  const want = oracle(...args);
  const got = columnar(...args);
  assert.ok(want.services.length > 3);
  assert.deepEqual(got.services, want.services);
  assert.equal(got.issues, want.issues);
  // without --exact: K/M suffixes go through the general path, with the same result
  assert.deepEqual(columnar(args[0], fixture('ipvsadm-Ln-stats.txt'), null, null).services, oracle(args[0], fixture('ipvsadm-Ln-stats.txt'), null, null).services);
});

test('columns: objects to columns and back are the same objects; a sample made from columns lists them', () => {
  const want = oracle(fixture('proc-ip_vs.txt'), fixture('ipvsadm-Ln-stats-exact.txt'), fixture('ipvsadm-Ln-rate.txt'), fixture('ipvsadm-Ln-persistent-conn.txt')).services;
  const cols = columnsFromServices(want);
  assert.deepEqual(cols.toServices(), want);
  const sample = sampleFromColumns({ at: 1, unavailable: null, version: '1.2.1', connTabSize: 4096, total: null, totalRate: null, source: 'proc+ipvsadm', notes: [] }, cols);
  assert.deepEqual(sample.services, want);
  // enumerable: a spread copy keeps the services
  assert.deepEqual({ ...sample }.services, want);
});

// ---- random tables in the kernel's and ipvsadm's formats

interface GenDest {
  address: string;
  long: string;
  v6: boolean;
  port: number;
  forward: string;
  weight: number;
  act: number;
  inact: number;
  persist: number;
  stats: number[];
  rate: number[];
}

interface GenService {
  protocol: 'TCP' | 'UDP' | 'SCTP' | 'FWM';
  v6: boolean;
  address: string;
  long: string;
  port: number;
  mark: number;
  sched: string;
  ops: boolean;
  persistent: number | null;
  stats: number[];
  rate: number[];
  dests: GenDest[];
}

const hex = (n: number, w: number) => n.toString(16).toUpperCase().padStart(w, '0');

function genAddress(r: Rng, v6: boolean): { address: string; long: string } {
  if (!v6) {
    const n = (r.int(1, 223) * 2 ** 24 + r.int(0, 2 ** 24 - 1)) >>> 0;
    return { address: `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`, long: hex(n, 8) };
  }
  const g = [0x2001, 0xdb8, r.pick([0, 0, 1]), 0, 0, r.pick([0, 5]), r.int(0, 3), r.int(1, 0xffff)];
  return { address: formatIpv6(g), long: g.map((x) => x.toString(16).padStart(4, '0')).join(':') };
}

/** A counter: small, around 2^31-2^32 (32-bit kernels), or up to 2^53 (64-bit). */
function counter(r: Rng): number {
  const k = r.int(0, 3);
  if (k === 0) return r.int(0, 1000);
  if (k === 1) return r.int(2 ** 31 - 1000, 2 ** 32 - 1);
  if (k === 2) return r.int(0, 2 ** 40);
  return Math.floor(r.next() * 2 ** 53);
}

function genTable(r: Rng): GenService[] {
  const out: GenService[] = [];
  const seen = new Set<string>();
  const n = r.int(0, 12);
  for (let i = 0; i < n; i++) {
    const protocol = r.pick(['TCP', 'TCP', 'UDP', 'SCTP', 'FWM'] as const);
    const v6 = r.chance(0.2);
    const a = genAddress(r, v6);
    const mark = protocol === 'FWM' ? r.int(1, 2 ** 32 - 1) : 0;
    const port = protocol === 'FWM' ? 0 : r.int(1, 65535);
    const id = protocol === 'FWM' ? `F${mark}` : `${protocol}${a.address}:${port}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const dests: GenDest[] = [];
    const dseen = new Set<string>();
    const nd = r.int(0, r.chance(0.2) ? 40 : 6);
    for (let j = 0; j < nd; j++) {
      const dv6 = protocol === 'FWM' ? r.chance(0.2) : v6;
      const da = genAddress(r, dv6);
      const dport = protocol === 'FWM' ? 0 : r.int(1, 65535);
      if (dseen.has(`${da.address}:${dport}`)) continue;
      dseen.add(`${da.address}:${dport}`);
      dests.push({ ...da, v6: dv6, port: dport, forward: r.pick(['Route', 'Masq', 'Tunnel', 'Local']), weight: r.int(0, 100), act: r.int(0, 5000), inact: r.int(0, 5000), persist: r.int(0, 900), stats: [counter(r), counter(r), counter(r), counter(r), counter(r)], rate: [r.int(0, 99999), r.int(0, 99999), r.int(0, 9), r.int(0, 2 ** 31), 0] });
    }
    out.push({ protocol, v6: protocol === 'FWM' ? dests.some((d) => d.v6) : v6, ...a, port, mark, sched: r.pick(['wlc', 'rr', 'lc', 'sh', 'wrr']), ops: protocol === 'UDP' && r.chance(0.3), persistent: r.chance(0.3) ? r.int(1, 3600) : null, stats: [counter(r), counter(r), counter(r), counter(r), counter(r)], rate: [r.int(0, 9999), r.int(0, 9999), 0, r.int(0, 2 ** 31), 0], dests });
  }
  return out;
}

function procText(t: GenService[]): string {
  const lines = ['IP Virtual Server version 1.2.1 (size=4096)', 'Prot LocalAddress:Port Scheduler Flags', '  -> RemoteAddress:Port Forward Weight ActiveConn InActConn'];
  for (const s of t) {
    const where = s.protocol === 'FWM' ? hex(s.mark, 8) : s.v6 ? `[${s.long}]:${hex(s.port, 4)}` : `${s.long}:${hex(s.port, 4)}`;
    const mask = s.v6 ? '00000080' : 'FFFFFFFF';
    lines.push(`${s.protocol}  ${where} ${s.sched} ${s.ops ? 'ops ' : ''}${s.persistent !== null ? `persistent ${s.persistent} ${mask}` : ''}`);
    // /proc lists servers newest first: the reverse of the generated order
    for (const d of [...s.dests].reverse()) {
      const da = d.v6 ? `[${d.long}]:${hex(d.port, 4)}` : `${d.long}:${hex(d.port, 4)}`;
      lines.push(`  -> ${da}      ${d.forward.padEnd(7)} ${String(d.weight).padEnd(6)} ${String(d.act).padEnd(10)} ${String(d.inact).padEnd(10)}`);
    }
  }
  return lines.join('\n') + '\n';
}

const svcName = (s: GenService) => (s.protocol === 'FWM' ? `FWM  ${s.mark}${s.v6 ? ' IPv6' : ''}` : `${s.protocol}  ${s.v6 ? `[${s.address}]` : s.address}:${s.port}`);
const destName = (d: GenDest) => `${d.v6 ? `[${d.address}]` : d.address}:${d.port}`;
const nums = (xs: number[]) => xs.map((x) => String(x).padStart(Math.max(9, String(x).length + 1))).join('');
/** ipvsadm sorts servers by address; any order other than /proc's will do here */
const sorted = (ds: GenDest[]) => [...ds].sort((a, b) => (a.address < b.address ? -1 : 1));

function numbersText(t: GenService[], kind: 'stats' | 'rate', drop: (i: number) => boolean): string {
  const head = kind === 'stats' ? '               Conns   InPkts  OutPkts  InBytes OutBytes' : '                 CPS    InPPS   OutPPS    InBPS   OutBPS';
  const lines = ['IP Virtual Server version 1.2.1 (size=4096)', `Prot LocalAddress:Port${head}`, '  -> RemoteAddress:Port'];
  t.forEach((s, i) => {
    if (drop(i)) return;
    lines.push(`${svcName(s).padEnd(33)}${nums(s[kind])}`);
    for (const d of sorted(s.dests)) lines.push(`  -> ${destName(d).padEnd(28)}${nums(d[kind])}`);
  });
  return lines.join('\n') + '\n';
}

function listText(t: GenService[]): string {
  const lines = ['IP Virtual Server version 1.2.1 (size=4096)', 'Prot LocalAddress:Port            Weight    PersistConn ActiveConn InActConn ', '  -> RemoteAddress:Port'];
  for (const s of t) {
    const flags = s.sched === 'sh' ? ' (sh-fallback,sh-port)' : '';
    const persist = s.persistent !== null ? ` persistent ${s.persistent}${s.v6 ? '' : ' mask 255.255.255.0'}` : '';
    lines.push(`${svcName(s)} ${s.sched}${flags}${s.ops ? ' ops' : ''}${persist}`);
    for (const d of sorted(s.dests)) lines.push(`  -> ${destName(d).padEnd(28)} ${String(d.weight).padEnd(9)} ${String(d.persist).padEnd(11)} ${String(d.act).padEnd(10)} ${String(d.inact).padEnd(10)}`);
  }
  return lines.join('\n') + '\n';
}

const show = (t: GenService[]) => procText(t).slice(0, 2000);

test('columns: random tables (TCP/UDP/SCTP/FWM, IPv4/IPv6, persistence, 32/64-bit counters) read as the object parsers read them', () => {
  forAll('columns equal objects', baseSeed(), 150, genTable, (t) => {
    // a service that ipvsadm no longer lists (removed between the reads) keeps no counters
    const args = [procText(t), numbersText(t, 'stats', (i) => i === 3), numbersText(t, 'rate', () => false), listText(t)] as const;
    const want = oracle(...args);
    const got = columnar(...args);
    assert.deepEqual(got.services, want.services);
    assert.equal(got.issues, want.issues);
    assert.equal(want.issues, 0);
  }, show);
});

test('columns: IPv4-only tables take the fast paths and still equal the objects; a garbled line falls back with its issue', () => {
  forAll('fast paths', baseSeed(), 100, (r) => genTable(r).filter((s) => !s.v6 && s.dests.every((d) => !d.v6)), (t) => {
    const args = [procText(t), numbersText(t, 'stats', () => false), numbersText(t, 'rate', () => false), listText(t)] as const;
    assert.deepEqual(columnar(...args).services, oracle(...args).services);
    const bad = args[1].replace(/\n  -> /, '\n  -> x');
    if (bad !== args[1]) {
      const got = columnar(args[0], bad, null, null);
      const want = oracle(args[0], bad, null, null);
      assert.deepEqual(got.services, want.services);
      assert.equal(got.issues, want.issues);
      assert.ok(got.issues > 0);
    }
  }, show);
});

// ---- bytes (what readFile and execFile give) against text

/** The same texts as bytes: Buffers for /proc, and views into a larger buffer (offset) for ipvsadm. */
function asBytes(t: string | null, view: boolean): Uint8Array | null {
  if (t === null) return null;
  if (!view) return Buffer.from(t, 'latin1');
  const big = Buffer.alloc(t.length + 10, 0x41);
  big.write(t, 7, 'utf8');
  return new Uint8Array(big.buffer, big.byteOffset + 7, Buffer.byteLength(t));
}

test('columns: the readers given bytes (Buffers, Uint8Array views) read what they read from the decoded text, fast and general paths', () => {
  forAll('bytes equal text', baseSeed(), 100, genTable, (t) => {
    const args = [procText(t), numbersText(t, 'stats', (i) => i === 2), numbersText(t, 'rate', () => false), listText(t)] as const;
    const want = columnar(...args);
    const p = scanProcIpvs(asBytes(args[0], false)!);
    let issues = p.issues.length;
    issues += joinNumbers(asBytes(args[1], true)!, 'stats', p.columns).issues.length;
    issues += joinNumbers(asBytes(args[2], false)!, 'rate', p.columns).issues.length;
    issues += joinList(asBytes(args[3], true)!, p.columns).length;
    assert.deepEqual(p.columns.toServices(), want.services);
    assert.equal(issues, want.issues);
    // a garbled line: the general path on the decoded bytes, with the same issue
    const bad = args[1].replace(/\n  -> /, '\n  -> x');
    const q = scanProcIpvs(args[0]);
    const r = scanProcIpvs(args[0]);
    assert.deepEqual(joinNumbers(asBytes(bad, true)!, 'stats', q.columns), joinNumbers(bad, 'stats', r.columns));
    assert.deepEqual(q.columns.toServices(), r.columns.toServices());
  }, show);
});

test('columns: characters outside ASCII: text goes to the general parsers as given, bytes are decoded as before (latin1 for /proc, UTF-8 for ipvsadm)', () => {
  const proc = fixture('proc-ip_vs.txt');
  const list = fixture('ipvsadm-Ln-persistent-conn.txt');
  // a scheduler name no kernel has, in characters a string holds and a byte cannot
  const oddProc = proc.replace(/ wlc /, ' wl\u010d ');
  assert.notEqual(oddProc, proc);
  assert.deepEqual(scanProcIpvs(oddProc).columns.toServices(), columnsFromServices(parseProcIpvs(oddProc).services).toServices());
  assert.ok(scanProcIpvs(oddProc).columns.toServices().some((s) => s.scheduler === 'wl\u010d'));
  // /proc bytes above 127 read one character per byte, as nodeProcFs.read decodes them
  const latin = Buffer.from(proc.replace(/ wlc /, ' wl\u00e9 '), 'latin1');
  assert.deepEqual(scanProcIpvs(latin).columns.toServices(), scanProcIpvs(latin.toString('latin1')).columns.toServices());
  // ipvsadm's output decoded as UTF-8, as execFile decoded it for run()
  const oddList = list.replace(/ persistent /, ' \u00e9 persistent ');
  assert.notEqual(oddList, list);
  const a = scanProcIpvs(proc).columns;
  const b = scanProcIpvs(proc).columns;
  assert.deepEqual(joinList(Buffer.from(oddList, 'utf8'), a), joinList(oddList, b));
  assert.deepEqual(a.toServices(), b.toServices());
});

// ---- rates on columns against counterRates on objects

function sampleOf(services: LiveService[], at: number, columns: boolean): IpvsSample {
  const fields = { at, unavailable: null, version: '1.2.1', connTabSize: 4096, total: null, totalRate: null, source: 'proc+ipvsadm' as const, notes: [] };
  return columns ? sampleFromColumns(fields, columnsFromServices(services)) : { ...fields, services };
}

/** What computeRates gave before columns: per service and server, by id, counters first, else the kernel's rate. */
function oracleRates(prev: LiveService[], next: LiveService[], dt: number) {
  const reading = (p: Counters | null | undefined, n: Counters | null, rate: Rates | null) => (p && n ? counterRates(p, n, dt) : rate ? { rates: rate, basis: 'kernel', reset: false, wrapped: false } : { rates: null, basis: null, reset: false, wrapped: false });
  const byId = new Map(prev.map((s) => [serviceId(s), s]));
  const out = new Map<string, unknown>();
  for (const s of next) {
    const p = byId.get(serviceId(s));
    const dests = new Map<string, unknown>();
    s.dests.forEach((d) => dests.set(destId(d), reading(p?.dests.find((x) => x.address === d.address && x.port === d.port)?.stats, d.stats, d.rate)));
    out.set(serviceId(s), { ...reading(p?.stats, s.stats, s.rate), dests });
  }
  return out;
}

function plain(view: ReturnType<typeof computeRates>) {
  const out = new Map<string, unknown>();
  for (const [id, s] of view.services) out.set(id, { rates: s.rates, basis: s.basis, reset: s.reset, wrapped: s.wrapped, dests: new Map([...s.dests].map(([k, v]) => [k, { ...v }])) });
  return out;
}

/** The next tick of a table: counters grow (or reset, or wrap at 2^32), servers and services come and go. */
function evolve(r: Rng, t: LiveService[], layoutChange: boolean): LiveService[] {
  const step = (c: Counters | null): Counters | null => {
    if (c === null || r.chance(0.05)) return c === null && r.chance(0.2) ? { conns: 1, inpkts: 1, outpkts: 1, inbytes: 1, outbytes: 1 } : null;
    if (r.chance(0.05)) return { conns: 0, inpkts: 0, outpkts: 0, inbytes: 0, outbytes: 0 }; // ipvsadm -Z
    const wrap = (x: number) => (x >= 2 ** 31 && x < 2 ** 32 && r.chance(0.3) ? (x + r.int(0, 2 ** 31)) % 2 ** 32 : x + r.int(0, 1000));
    return { conns: wrap(c.conns), inpkts: wrap(c.inpkts), outpkts: wrap(c.outpkts), inbytes: c.inbytes + r.int(0, 10 ** 6), outbytes: c.outbytes + r.int(0, 10 ** 6) };
  };
  let out: LiveService[] = t.map((s) => ({ ...s, stats: step(s.stats), dests: s.dests.map((d) => ({ ...d, stats: step(d.stats) })) }));
  if (layoutChange) {
    out = out.filter(() => !r.chance(0.15)).map((s) => ({ ...s, dests: r.chance(0.3) ? [...s.dests].reverse().filter(() => !r.chance(0.2)) : s.dests }));
    if (t.length && r.chance(0.5)) out.unshift({ ...t[r.int(0, t.length - 1)], port: 1 + (t.length % 7), address: '192.0.2.77', protocol: 'TCP', af: 4, fwmark: 0 });
  }
  return out;
}

test('columns: computeRates on columns equals counterRates on the objects, same layout or not (resets, 32-bit wraps, servers added, removed, reordered)', () => {
  forAll('rates', baseSeed(), 150, (r) => {
    const t = genTable(r);
    const prev = columnar(procText(t), numbersText(t, 'stats', () => false), numbersText(t, 'rate', () => false), null).services;
    return { prev, next: evolve(r, prev, r.chance(0.5)), dt: r.pick([2000, 1999.5, 0, -5]) };
  }, ({ prev, next, dt }) => {
    const got = computeRates(sampleOf(prev, 1000, true), sampleOf(next, 1000 + dt, true));
    assert.deepEqual(plain(got), dt > 0 ? oracleRates(prev, next, dt) : new Map(next.map((s) => [serviceId(s), { rates: null, basis: null, reset: false, wrapped: false, dests: new Map(s.dests.map((d) => [destId(d), { rates: null, basis: null, reset: false, wrapped: false }])) }])));
    // hand-made samples (objects, no columns) give the same
    assert.deepEqual(plain(computeRates(sampleOf(prev, 1000, false), sampleOf(next, 1000 + dt, false))), plain(got));
    const gone = [...new Set(prev.map(serviceId))].filter((id) => !next.some((s) => serviceId(s) === id));
    assert.deepEqual([...got.vanished].sort(), gone.sort());
  }, (x) => JSON.stringify(x).slice(0, 2000));
});
