// One sample of the live IPVS state: /proc/net/ip_vs (the table), /proc/net/ip_vs_stats (totals and
// the kernel's total rates), and when ipvsadm is there `ipvsadm -Ln --stats --exact` (per-service
// and per-server counters, which /proc does not carry), `ipvsadm -Ln --rate` (the kernel
// estimator's rates; see kernelRates) and, when some service is persistent or uses a scheduler with flags (sh, mh),
// `ipvsadm -Ln --persistent-conn` (PersistConn, the scheduler flags, an fwmark service's family). ipvsadm rows are joined to /proc rows by service key and server
// address:port, never by position (the two list in different orders).
//
// Never throws for the states an admin meets: IPVS not loaded, no permission, ipvsadm missing or
// failing, a garbled file. Those become `unavailable` or `notes`.

import { Counters, IpvsSample, IpvsUnavailable, LiveService, Rates } from './ipvs-types';
import { IpvsColumns } from './ipvs-columns';
import { scanProcIpvs } from './scan-proc-columns';
import { joinList, joinNumbers } from './join-ipvsadm-columns';
import { ProcFs } from '../system/proc-fs';
import { Runner } from '../system/runner';
import { IoError } from '../system/io-error';
import { readIpvsadm } from '../system/ipvsadm-reader';
import { parseProcIpvsStats } from './parse-proc-ip-vs-stats';
import { issueNotes } from './parse-issue';

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
  /**
   * The sampler's previous sample. On a table of more than LIST_EVERY_SERVICES services, PersistConn
   * and the scheduler flags (`ipvsadm -Ln --persistent-conn`, as big to read as the table) are
   * carried over from it while they are less than LIST_MAX_AGE_MS old and the table holds the same
   * rows; a note says how old they are.
   */
  readonly previous?: IpvsSample | null;
}

export const LIST_EVERY_SERVICES = 1000;
export const LIST_MAX_AGE_MS = 10_000;

export const NOT_LOADED_MESSAGE = 'IPVS is not loaded (no /proc/net/ip_vs): modprobe ip_vs, or start pulse';

function emptySample(at: number, unavailable: IpvsUnavailable, notes: string[] = []): IpvsSample {
  return sampleFromColumns({ at, unavailable, version: null, connTabSize: null, total: null, totalRate: null, source: 'proc', notes }, new IpvsColumns());
}

/** Reads a /proc file: its text (bytes when `bytes` and the ProcFs can), or why not ('missing', or the IoError). */
async function readProc(proc: ProcFs, rel: string, bytes?: false): Promise<string | 'missing' | IoError | Error>;
async function readProc(proc: ProcFs, rel: string, bytes: true): Promise<string | Uint8Array | 'missing' | IoError | Error>;
async function readProc(proc: ProcFs, rel: string, bytes = false): Promise<string | Uint8Array | 'missing' | IoError | Error> {
  try {
    return (await (bytes && proc.readBytes ? proc.readBytes(rel) : proc.read(rel))) ?? 'missing';
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

/**
 * A sample whose rows are the columns of one table; `services` (the objects of ipvs-types.ts) are
 * made on first read, once: the rates and the merge read the columns, so a tick on a big router
 * makes no per-row object unless something asks for them.
 */
export function sampleFromColumns(fields: Omit<IpvsSample, 'services' | 'columns'>, columns: IpvsColumns): IpvsSample {
  let services: readonly LiveService[] | null = null;
  const sample = { ...fields, columns } as IpvsSample;
  Object.defineProperty(sample, 'services', {
    enumerable: true,
    get: () => (services ??= columns.toServices()),
  });
  return sample;
}

/** Schedulers that take flags (sh-port, mh-fallback, ...): only ipvsadm -Ln shows them. */
const FLAGGED_SCHEDULERS: ReadonlySet<string> = new Set(['sh', 'mh']);

/** Takes one sample. Never rejects for IPVS missing, permissions, ipvsadm missing or bad text. */
export async function readSample(deps: SampleDeps): Promise<IpvsSample> {
  const t0 = deps.now();
  const table = await readProc(deps.proc, 'net/ip_vs', true);
  if (table === 'missing') return emptySample(t0, { reason: 'not-loaded', message: NOT_LOADED_MESSAGE });
  if (table instanceof Error) return emptySample(t0, unavailableFrom(table, 'net/ip_vs'));
  const parsed = scanProcIpvs(table);
  const cols = parsed.columns;
  const notes: string[] = issueNotes('/proc/net/ip_vs', parsed.issues);
  if (parsed.version === null && cols.nServices === 0 && parsed.issues.length > 0) {
    return emptySample(t0, { reason: 'unreadable', message: '/proc/net/ip_vs is not in the kernel\'s format' }, notes);
  }

  const ipvsadm = deps.runner && deps.ipvsadm ? { runner: deps.runner, program: deps.ipvsadm } : null;
  // PersistConn and scheduler flags are read only where they can exist: a third ipvsadm run and
  // parse of the whole table costs as much as the counters on a big router
  let wantList = false;
  for (let s = 0; s < cols.nServices && !wantList; s++) wantList = cols.svcPersist[s] >= 0 || FLAGGED_SCHEDULERS.has(cols.svcSched[s]);
  // the counters' timestamp: the middle of the reads that produce them
  const tStart = deps.now();
  const prevCols = deps.previous?.unavailable === null ? deps.previous.columns : undefined;
  const carryList = wantList && cols.nServices > LIST_EVERY_SERVICES && prevCols !== undefined && prevCols.listAt !== null && tStart - prevCols.listAt < LIST_MAX_AGE_MS && prevCols.sameLayout(cols);
  if (carryList) {
    cols.destPersist.set(prevCols.destPersist.subarray(0, cols.nDests));
    for (const [row, flags] of prevCols.svcFlags) cols.svcFlags.set(row, flags);
    cols.listAt = prevCols.listAt;
    notes.push(`ipvsadm --persistent-conn is read every ${LIST_MAX_AGE_MS / 1000} s on tables of more than ${LIST_EVERY_SERVICES} services: PersistConn and scheduler flags are ${((tStart - prevCols.listAt!) / 1000).toFixed(0)} s old`);
  }
  const readRate = () => (ipvsadm ? readIpvsadm(ipvsadm.runner, ipvsadm.program, ['-Ln', '--rate']) : null);
  const [statsOut, totals, alwaysRate, listOut] = await Promise.all([
    ipvsadm ? readIpvsadm(ipvsadm.runner, ipvsadm.program, ['-Ln', '--stats', '--exact']) : null,
    readProc(deps.proc, 'net/ip_vs_stats'),
    deps.kernelRates !== false ? readRate() : null,
    ipvsadm && wantList && !carryList ? readIpvsadm(ipvsadm.runner, ipvsadm.program, ['-Ln', '--persistent-conn']) : null,
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

  let counters = false;
  if (statsOut && !statsOut.ok) notes.push(statsOut.message);
  else if (statsOut) {
    counters = true;
    notes.push(...issueNotes('ipvsadm --stats', joinNumbers(statsOut.stdout, 'stats', cols).issues));
  }
  // a missing program is said once, by the --stats read
  if (rateOut && !rateOut.ok && !rateOut.missing) notes.push(rateOut.message);
  else if (rateOut && rateOut.ok) notes.push(...issueNotes('ipvsadm --rate', joinNumbers(rateOut.stdout, 'rate', cols).issues));
  if (listOut && !listOut.ok && !listOut.missing) notes.push(listOut.message);
  else if (listOut && listOut.ok) {
    notes.push(...issueNotes('ipvsadm --persistent-conn', joinList(listOut.stdout, cols)));
    cols.listAt = tStart;
  }

  return sampleFromColumns(
    { at, unavailable: null, version: parsed.version, connTabSize: parsed.connTabSize, total, totalRate, source: counters ? 'proc+ipvsadm' : 'proc', notes },
    cols,
  );
}
