// One sample of the live IPVS state: /proc/net/ip_vs (the table), /proc/net/ip_vs_stats (totals and
// the kernel's total rates), and when ipvsadm is there `ipvsadm -Ln --stats --exact` (per-service
// and per-server counters, which /proc does not carry), `ipvsadm -Ln --rate` (the kernel
// estimator's rates; see kernelRates) and, when some service is persistent or uses a scheduler with flags (sh, mh),
// `ipvsadm -Ln --persistent-conn` (PersistConn, the scheduler flags, an fwmark service's family). ipvsadm rows are joined to /proc rows by service key and server
// address:port, never by position (the two list in different orders).
//
// Never throws for the states an admin meets: IPVS not loaded, no permission, ipvsadm missing or
// failing, a garbled file. Those become `unavailable` or `notes`.

import { Counters, IpvsSample, IpvsUnavailable, LiveDest, LiveService, Rates, serviceId } from './ipvs-types';
import { ProcFs } from '../system/proc-fs';
import { Runner } from '../system/runner';
import { IoError } from '../system/io-error';
import { readIpvsadm } from '../system/ipvsadm-reader';
import { parseProcIpvs } from './parse-proc-ip-vs';
import { parseProcIpvsStats } from './parse-proc-ip-vs-stats';
import { Kind, MakeValues, makeCounters, makeRates, scanIpvsadmNumbers } from './parse-ipvsadm-stats';
import { scanIpvsadmList } from './parse-ipvsadm-list';
import { ParseIssue, issueNotes } from './parse-issue';

export interface SampleDeps {
  readonly proc: ProcFs;
  readonly runner?: Runner;
  /** the ipvsadm program (path or name on PATH); null or absent: do not run it */
  readonly ipvsadm?: string | null;
  /** monotonic milliseconds */
  readonly now: () => number;
  /**
   * Read the kernel estimator's per-service rates (`ipvsadm -Ln --rate`) even when the counters
   * were read (default true). A sampler may turn it off on big tables: rates computed from two
   * samples of the counters replace them, and on a 10,000-service router the listing costs as much
   * to parse as the table itself. Without counters (an ipvsadm older than 1.24 has no --exact)
   * --rate is read anyway, as the fallback.
   */
  readonly kernelRates?: boolean;
}

export const NOT_LOADED_MESSAGE = 'IPVS is not loaded (no /proc/net/ip_vs): modprobe ip_vs, or start pulse';

function emptySample(at: number, unavailable: IpvsUnavailable, notes: string[] = []): IpvsSample {
  return { at, unavailable, version: null, connTabSize: null, services: [], total: null, totalRate: null, source: 'proc', notes };
}

/** Reads a /proc file: its text, or why not ('missing', or the IoError). */
async function readProc(proc: ProcFs, rel: string): Promise<string | 'missing' | IoError | Error> {
  try {
    return (await proc.read(rel)) ?? 'missing';
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}

function unavailableFrom(err: Error, rel: string): IpvsUnavailable {
  if (err instanceof IoError && err.code === 'permission') {
    return { reason: 'permission', message: `cannot read /proc/${rel}: permission denied (run lvs-tui as root)` };
  }
  return { reason: 'unreadable', message: `cannot read /proc/${rel}: ${err.message}` };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Joins ipvsadm rows into the /proc table as they are read: the /proc objects are this sample's own,
 * fresh from the parser, so filling them in place saves an intermediate object per row (110,000 of
 * them a tick on a big router). Rows match by service key and server address:port; ipvsadm sorts
 * servers by address and /proc lists them newest first, so the same index and the mirrored index
 * are tried before a scan.
 */
type ById = ReadonlyMap<string, Mutable<LiveService>>;

function servicesById(services: readonly LiveService[]): ById {
  const m = new Map<string, Mutable<LiveService>>();
  for (const s of services) m.set(serviceId(s), s as Mutable<LiveService>);
  return m;
}

class Joiner {
  /** by serviceId; built once per sample and shared by its joins (10,000 ids on a big router) */
  private readonly byId: ById;
  private current: Mutable<LiveService> | null = null;
  private index = 0;

  constructor(byId: ById) {
    this.byId = byId;
  }

  service(id: string): Mutable<LiveService> | null {
    this.current = this.byId.get(id) ?? null;
    this.index = 0;
    return this.current;
  }

  dest(address: string, port: number): Mutable<LiveDest> | null {
    const svc = this.current;
    if (svc === null) return null;
    const ds = svc.dests;
    const n = ds.length;
    const i = this.index++;
    const match = (d: LiveDest | undefined) => d !== undefined && d.port === port && d.address === address;
    if (match(ds[i])) return ds[i] as Mutable<LiveDest>;
    if (match(ds[n - 1 - i])) return ds[n - 1 - i] as Mutable<LiveDest>;
    for (const d of ds) if (match(d)) return d as Mutable<LiveDest>;
    return null;
  }

  /** dest() for an address given as text[s, e): compared in place, no string made. */
  destAt(text: string, s: number, e: number, port: number): Mutable<LiveDest> | null {
    const svc = this.current;
    if (svc === null) return null;
    const ds = svc.dests;
    const n = ds.length;
    const i = this.index++;
    const len = e - s;
    const match = (d: LiveDest | undefined) => d !== undefined && d.port === port && d.address.length === len && text.startsWith(d.address, s);
    if (match(ds[i])) return ds[i] as Mutable<LiveDest>;
    if (match(ds[n - 1 - i])) return ds[n - 1 - i] as Mutable<LiveDest>;
    for (const d of ds) if (match(d)) return d as Mutable<LiveDest>;
    return null;
  }
}

function joinNumbers<T>(text: string, kind: Kind, make: MakeValues<T>, services: ById, set: (o: { stats: Counters | null; rate: Rates | null }, v: T) => void): ParseIssue[] {
  const j = new Joiner(services);
  return scanIpvsadmNumbers(text, kind, make, {
    service: (key, values) => {
      const s = j.service(serviceId(key));
      if (s !== null) set(s, values);
    },
    dest: (address, port, values) => {
      const d = j.dest(address, port);
      if (d !== null) set(d, values);
    },
    destAt: (t, s, e, port, values) => {
      const d = j.destAt(t, s, e, port);
      if (d !== null) set(d, values);
    },
  }).issues;
}

/** Joins `ipvsadm -Ln --persistent-conn` as it is read: no list of 100,000 server objects. */
function joinList(text: string, services: ById): ParseIssue[] {
  const j = new Joiner(services);
  let s: Mutable<LiveService> | null = null;
  return scanIpvsadmList(text, {
    service(ls) {
      s = j.service(serviceId(ls.key));
      if (s === null) return;
      s.sched_flags = ls.sched_flags;
      // ipvsadm names the family of an fwmark service; /proc shows it only through its servers
      if (s.protocol === 'FWM') s.af = ls.key.af;
    },
    dest(t, start, end, port, row) {
      if (s === null) return;
      const d = j.destAt(t, start, end, port);
      if (d !== null && row.persistconns !== null) d.persistconns = row.persistconns;
    },
  }).issues;
}

/** Schedulers that take flags (sh-port, mh-fallback, ...): only ipvsadm -Ln shows them. */
const FLAGGED_SCHEDULERS: ReadonlySet<string> = new Set(['sh', 'mh']);

/** Takes one sample. Never rejects for IPVS missing, permissions, ipvsadm missing or bad text. */
export async function readSample(deps: SampleDeps): Promise<IpvsSample> {
  const t0 = deps.now();
  const table = await readProc(deps.proc, 'net/ip_vs');
  if (table === 'missing') return emptySample(t0, { reason: 'not-loaded', message: NOT_LOADED_MESSAGE });
  if (table instanceof Error) return emptySample(t0, unavailableFrom(table, 'net/ip_vs'));
  const parsed = parseProcIpvs(table);
  const notes: string[] = issueNotes('/proc/net/ip_vs', parsed.issues);
  if (parsed.version === null && parsed.services.length === 0 && parsed.issues.length > 0) {
    return emptySample(t0, { reason: 'unreadable', message: '/proc/net/ip_vs is not in the kernel\'s format' }, notes);
  }

  const ipvsadm = deps.runner && deps.ipvsadm ? { runner: deps.runner, program: deps.ipvsadm } : null;
  // PersistConn and scheduler flags are read only where they can exist: a third ipvsadm run and
  // parse of the whole table costs as much as the counters on a big router
  const wantList = parsed.services.some((s) => s.persistent_timeout !== null || FLAGGED_SCHEDULERS.has(s.scheduler));
  // the counters' timestamp: the middle of the reads that produce them
  const tStart = deps.now();
  const readRate = () => (ipvsadm ? readIpvsadm(ipvsadm.runner, ipvsadm.program, ['-Ln', '--rate']) : null);
  const [statsOut, totals, alwaysRate, listOut] = await Promise.all([
    ipvsadm ? readIpvsadm(ipvsadm.runner, ipvsadm.program, ['-Ln', '--stats', '--exact']) : null,
    readProc(deps.proc, 'net/ip_vs_stats'),
    deps.kernelRates !== false ? readRate() : null,
    ipvsadm && wantList ? readIpvsadm(ipvsadm.runner, ipvsadm.program, ['-Ln', '--persistent-conn']) : null,
  ]);
  // the fallback: no counters, but perhaps the kernel's rates (not when the program is missing)
  const rateOut = alwaysRate ?? (statsOut && !statsOut.ok && !statsOut.missing ? await readRate() : null);
  const at = (tStart + deps.now()) / 2;

  let total: Counters | null = null;
  let totalRate: Rates | null = null;
  if (totals === 'missing') notes.push('/proc/net/ip_vs_stats is missing: no totals');
  else if (totals instanceof Error) notes.push(unavailableFrom(totals, 'net/ip_vs_stats').message);
  else {
    const st = parseProcIpvsStats(totals);
    total = st.total;
    totalRate = st.totalRate;
    notes.push(...issueNotes('/proc/net/ip_vs_stats', st.issues));
  }

  const services = parsed.services;
  // built on first use: a sample without ipvsadm joins nothing
  let byIdMemo: ById | null = null;
  const byId = (): ById => (byIdMemo ??= servicesById(services));
  let counters = false;
  if (statsOut && !statsOut.ok) notes.push(statsOut.message);
  else if (statsOut) {
    counters = true;
    const issues = joinNumbers(statsOut.stdout, 'stats', makeCounters, byId(), (o, v) => (o.stats = v));
    notes.push(...issueNotes('ipvsadm --stats', issues));
  }
  // a missing program is said once, by the --stats read
  if (rateOut && !rateOut.ok && !rateOut.missing) notes.push(rateOut.message);
  else if (rateOut && rateOut.ok) {
    const issues = joinNumbers(rateOut.stdout, 'rate', makeRates, byId(), (o, v) => (o.rate = v));
    notes.push(...issueNotes('ipvsadm --rate', issues));
  }
  if (listOut && !listOut.ok && !listOut.missing) notes.push(listOut.message);
  else if (listOut && listOut.ok) {
    notes.push(...issueNotes('ipvsadm --persistent-conn', joinList(listOut.stdout, byId())));
  }

  return {
    at,
    unavailable: null,
    version: parsed.version,
    connTabSize: parsed.connTabSize,
    services,
    total,
    totalRate,
    source: counters ? 'proc+ipvsadm' : 'proc',
    notes,
  };
}
