// One sample of the live IPVS state: /proc/net/ip_vs (the table), /proc/net/ip_vs_stats (totals and
// the kernel's total rates), and when ipvsadm is there `ipvsadm -Ln --stats --exact` (per-service
// and per-server counters, which /proc does not carry), `ipvsadm -Ln --rate` (the kernel
// estimator's rates) and `ipvsadm -Ln --persistent-conn` (PersistConn, the scheduler flags, the
// family of an fwmark service without servers). ipvsadm rows are joined to /proc rows by service key and server
// address:port, never by position (the two list in different orders).
//
// Never throws for the states an admin meets: IPVS not loaded, no permission, ipvsadm missing or
// failing, a garbled file. Those become `unavailable` or `notes`.

import { Counters, IpvsSample, IpvsUnavailable, LiveDest, LiveService, Rates, destId, serviceId } from './ipvs-types';
import { ProcFs } from '../system/proc-fs';
import { Runner } from '../system/runner';
import { IoError } from '../system/io-error';
import { readIpvsadm } from '../system/ipvsadm-reader';
import { parseProcIpvs } from './parse-proc-ip-vs';
import { parseProcIpvsStats } from './parse-proc-ip-vs-stats';
import { IpvsadmNumbers, parseIpvsadmRate, parseIpvsadmStats } from './parse-ipvsadm-stats';
import { IpvsadmList, parseIpvsadmList } from './parse-ipvsadm-list';
import { issueNotes } from './parse-issue';

export interface SampleDeps {
  readonly proc: ProcFs;
  readonly runner?: Runner;
  /** the ipvsadm program (path or name on PATH); null or absent: do not run it */
  readonly ipvsadm?: string | null;
  /** monotonic milliseconds */
  readonly now: () => number;
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

type DestKeyed<T> = Map<string, Map<string, T>>;

function byKey<T>(n: IpvsadmNumbers<T>): { svc: Map<string, T>; dests: DestKeyed<T> } {
  const svc = new Map<string, T>();
  const dests: DestKeyed<T> = new Map();
  for (const s of n.services) {
    const id = serviceId(s.key);
    svc.set(id, s.values);
    const m = new Map<string, T>();
    for (const d of s.dests) m.set(destId(d), d.values);
    dests.set(id, m);
  }
  return { svc, dests };
}

interface Extra {
  readonly stats: ReturnType<typeof byKey<Counters>> | null;
  readonly rate: ReturnType<typeof byKey<Rates>> | null;
  readonly list: IpvsadmList | null;
}

function merge(services: readonly LiveService[], x: Extra): LiveService[] {
  const lists = new Map<string, IpvsadmList['services'][number]>();
  if (x.list) for (const s of x.list.services) lists.set(serviceId(s.key), s);
  return services.map((s) => {
    const id = serviceId(s);
    const st = x.stats?.dests.get(id);
    const rt = x.rate?.dests.get(id);
    const ls = lists.get(id);
    const lsDests = ls ? new Map(ls.dests.map((d) => [destId(d), d])) : null;
    const dests: LiveDest[] = s.dests.map((d) => {
      const did = destId(d);
      return {
        ...d,
        stats: st?.get(did) ?? null,
        rate: rt?.get(did) ?? null,
        persistconns: lsDests?.get(did)?.persistconns ?? d.persistconns,
      };
    });
    return {
      ...s,
      af: s.protocol === 'FWM' && ls ? ls.key.af : s.af,
      sched_flags: ls ? ls.sched_flags : s.sched_flags,
      stats: x.stats?.svc.get(id) ?? null,
      rate: x.rate?.svc.get(id) ?? null,
      dests,
    };
  });
}

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
  // the counters' timestamp: the middle of the reads that produce them
  const tStart = deps.now();
  const [statsText, totals, rateOut, listOut] = await Promise.all([
    ipvsadm ? readIpvsadm(ipvsadm.runner, ipvsadm.program, ['-Ln', '--stats', '--exact']) : null,
    readProc(deps.proc, 'net/ip_vs_stats'),
    ipvsadm ? readIpvsadm(ipvsadm.runner, ipvsadm.program, ['-Ln', '--rate']) : null,
    ipvsadm ? readIpvsadm(ipvsadm.runner, ipvsadm.program, ['-Ln', '--persistent-conn']) : null,
  ]);
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

  let stats: Extra['stats'] = null;
  let rate: Extra['rate'] = null;
  let list: IpvsadmList | null = null;
  if (statsText && !statsText.ok) notes.push(statsText.message);
  else if (statsText) {
    const n = parseIpvsadmStats(statsText.stdout);
    notes.push(...issueNotes('ipvsadm --stats', n.issues));
    stats = byKey(n);
  }
  // a missing program is said once, by the --stats read
  if (rateOut && !rateOut.ok && !rateOut.missing) notes.push(rateOut.message);
  else if (rateOut && rateOut.ok) {
    const n = parseIpvsadmRate(rateOut.stdout);
    notes.push(...issueNotes('ipvsadm --rate', n.issues));
    rate = byKey(n);
  }
  if (listOut && !listOut.ok && !listOut.missing) notes.push(listOut.message);
  else if (listOut && listOut.ok) {
    list = parseIpvsadmList(listOut.stdout);
    notes.push(...issueNotes('ipvsadm --persistent-conn', list.issues));
  }

  const services = stats || rate || list ? merge(parsed.services, { stats, rate, list }) : parsed.services;
  return {
    at,
    unavailable: null,
    version: parsed.version,
    connTabSize: parsed.connTabSize,
    services,
    total,
    totalRate,
    source: stats ? 'proc+ipvsadm' : 'proc',
    notes,
  };
}
