// Rates from two samples (spec §5): rate = (c2 - c1) / (t2 - t1) on the monotonic clock, per
// service, per real server and for the totals. Counters move in 2-second steps (the estimator folds
// the per-CPU counts every 2 s), so a sampler should tick at a multiple of 2 s.
//
// - A counter that went down is a reset (`ipvsadm -Z`, a service deleted and re-created, a module
//   reload): no rate for that interval, flagged, never a negative rate.
// - Except a 32-bit wrap: kernels before 4.1 (RHEL 6's 2.6.32) keep conns and packets in 32 bits, and
//   ipvsadm 1.29-1.31 truncates per-server conns and packets to 32 bits, while bytes are 64-bit in
//   both. A conns/packets counter that fell from above 2^31 while no byte counter went down wrapped:
//   2^32 is added. A real reset zeroes the bytes too.
// - When either sample lacks counters (no ipvsadm, a service just added), the kernel estimator's
//   rate of the newer sample is used instead (an ~8 s average, rounded): `basis` says which.
// - No interval (zero, negative, or either sample unavailable) gives no rates at all.

import { Counters, IpvsSample, Rates } from './ipvs-types';
import { IpvsColumns, columnsOf } from './ipvs-columns';

export type RateBasis = 'counters' | 'kernel';

export interface RateReading {
  /** per second; null when there is nothing to compute from or a counter was reset */
  readonly rates: Rates | null;
  readonly basis: RateBasis | null;
  /** a counter went down since the previous sample: this interval has no rate */
  readonly reset: boolean;
  /** some 32-bit counter wrapped in this interval (and was counted through) */
  readonly wrapped: boolean;
}

export interface ServiceRateReading extends RateReading {
  /** by destId(address:port) */
  readonly dests: ReadonlyMap<string, RateReading>;
}

export interface RateView {
  /** next.at - prev.at in ms; null when the samples give no interval */
  readonly intervalMs: number | null;
  /** from /proc/net/ip_vs_stats */
  readonly total: RateReading;
  /** every service of the newer sample, by serviceId */
  readonly services: ReadonlyMap<string, ServiceRateReading>;
  /** serviceIds of the older sample that are gone */
  readonly vanished: readonly string[];
}

const NONE: RateReading = { rates: null, basis: null, reset: false, wrapped: false };
const RESET: RateReading = { rates: null, basis: 'counters', reset: true, wrapped: false };
const TWO_32 = 4294967296;
const TWO_31 = 2147483648;

const kernel = (rate: Rates | null): RateReading => (rate === null ? NONE : { rates: rate, basis: 'kernel', reset: false, wrapped: false });

/** c2 - c1 for a 32-bit-wide counter: the wrap through 2^32 counted, -1 for a reset. */
function delta32(a: number, b: number, bytesDown: boolean): number {
  if (b >= a) return b - a;
  if (!bytesDown && a >= TWO_31 && a < TWO_32) return b + TWO_32 - a;
  return -1;
}

/** Rates between two readings of the same counters over dtMs; see the header for resets and wraps. */
export function counterRates(prev: Counters, next: Counters, dtMs: number): RateReading {
  if (!(dtMs > 0)) return NONE;
  const bytesDown = next.inbytes < prev.inbytes || next.outbytes < prev.outbytes;
  const conns = delta32(prev.conns, next.conns, bytesDown);
  const inpkts = delta32(prev.inpkts, next.inpkts, bytesDown);
  const outpkts = delta32(prev.outpkts, next.outpkts, bytesDown);
  if (bytesDown || conns < 0 || inpkts < 0 || outpkts < 0) return RESET;
  const wrapped = next.conns < prev.conns || next.inpkts < prev.inpkts || next.outpkts < prev.outpkts;
  const s = dtMs / 1000;
  return {
    rates: { cps: conns / s, inpps: inpkts / s, outpps: outpkts / s, inbps: (next.inbytes - prev.inbytes) / s, outbps: (next.outbytes - prev.outbytes) / s },
    basis: 'counters',
    reset: false,
    wrapped,
  };
}

function reading(prev: Counters | null | undefined, next: Counters | null, nextRate: Rates | null, dtMs: number): RateReading {
  if (prev && next) return counterRates(prev, next, dtMs);
  return kernel(nextRate);
}

// Per-row readings are kept in columns: 5 rates and a flags byte per service and per real server.
const HAS = 1;
const COUNTERS = 2;
const KERNEL = 4;
const RESETF = 8;
const WRAPPED = 16;

/**
 * Rates of row i of next against row j of prev (counters in na[], pa[] at i*5, j*5) into
 * out[o..o+4]; returns the flags. The same arithmetic as counterRates, without its objects.
 */
function rowRates(pa: Float64Array, j: number, na: Float64Array, i: number, s: number, out: Float64Array, o: number): number {
  // out[o .. o + 4]
  const p = j * 5;
  const n = i * 5;
  const bytesDown = na[n + 3] < pa[p + 3] || na[n + 4] < pa[p + 4];
  const conns = delta32(pa[p], na[n], bytesDown);
  const inpkts = delta32(pa[p + 1], na[n + 1], bytesDown);
  const outpkts = delta32(pa[p + 2], na[n + 2], bytesDown);
  if (bytesDown || conns < 0 || inpkts < 0 || outpkts < 0) return COUNTERS | RESETF;
  const wrapped = na[n] < pa[p] || na[n + 1] < pa[p + 1] || na[n + 2] < pa[p + 2];
  const q = o;
  out[q] = conns / s;
  out[q + 1] = inpkts / s;
  out[q + 2] = outpkts / s;
  out[q + 3] = (na[n + 3] - pa[p + 3]) / s;
  out[q + 4] = (na[n + 4] - pa[p + 4]) / s;
  return wrapped ? HAS | COUNTERS | WRAPPED : HAS | COUNTERS;
}

function copyKernel(from: Float64Array, i: number, out: Float64Array, o: number): number {
  const q = i * 5;
  for (let k = 0; k < 5; k++) out[o + k] = from[q + k];
  return HAS | KERNEL;
}

function readingOf(flags: number, values: Float64Array, q: number): RateReading {
  if (flags === 0) return NONE;
  if (flags & RESETF) return RESET;
  const rates: Rates = { cps: values[q], inpps: values[q + 1], outpps: values[q + 2], inbps: values[q + 3], outbps: values[q + 4] };
  return { rates, basis: flags & KERNEL ? 'kernel' : 'counters', reset: false, wrapped: (flags & WRAPPED) !== 0 };
}

/** A service's readings by destId: a read-only Map made on first use (only tests and old callers ask). */
class DestReadings implements ReadonlyMap<string, RateReading> {
  private map: Map<string, RateReading> | null = null;

  constructor(
    private readonly view: ColumnRates,
    private readonly from: number,
    private readonly to: number,
  ) {}

  private full(): Map<string, RateReading> {
    if (this.map === null) {
      const m = new Map<string, RateReading>();
      for (let d = this.from; d < this.to; d++) m.set(this.view.columns.destId(d), this.view.destReading(d));
      this.map = m;
    }
    return this.map;
  }

  get(id: string): RateReading | undefined {
    return this.full().get(id);
  }

  has(id: string): boolean {
    return this.full().has(id);
  }

  get size(): number {
    return this.full().size;
  }

  forEach(f: (value: RateReading, key: string, map: ReadonlyMap<string, RateReading>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.full()) f.call(thisArg, v, k, this);
  }

  entries(): IterableIterator<[string, RateReading]> {
    return this.full().entries();
  }

  keys(): IterableIterator<string> {
    return this.full().keys();
  }

  values(): IterableIterator<RateReading> {
    return this.full().values();
  }

  [Symbol.iterator](): IterableIterator<[string, RateReading]> {
    return this.full()[Symbol.iterator]();
  }
}

/**
 * computeRates' answer over the newer sample's rows. Readings are worked out when asked, row by row,
 * from the two tables' counters: a tick on a big router reads the rates of the rows it shows, not
 * of 110,000. The by-id maps of RateView are made only when read.
 */
export class ColumnRates implements RateView {
  private servicesMap: Map<string, ServiceRateReading> | null = null;
  private vanishedIds: string[] | null = null;
  /** next row -> prev row, when the layouts differ (made on first use) */
  private prevSvc: Int32Array | null = null;
  private prevDst: Int32Array | null = null;
  private readonly scratch = new Float64Array(5);
  private readonly sec: number;

  constructor(
    readonly intervalMs: number | null,
    readonly total: RateReading,
    /** the newer sample's rows, which the readings follow */
    readonly columns: IpvsColumns,
    private readonly prevColumns: IpvsColumns,
    /** both tables hold the same rows: row i of one is row i of the other */
    private readonly same: boolean,
  ) {
    this.sec = intervalMs === null ? 0 : intervalMs / 1000;
  }

  private join(): void {
    if (this.prevSvc !== null) return;
    const pc = this.prevColumns;
    const nc = this.columns;
    const ps = new Int32Array(nc.nServices).fill(-1);
    const pd = new Int32Array(nc.nDests).fill(-1);
    const prevById = pc.idIndex();
    for (let s = 0; s < nc.nServices; s++) {
      const p = prevById.get(nc.serviceId(s)) ?? -1;
      ps[s] = p;
      if (p < 0) continue;
      for (let d = nc.destStart[s]; d < nc.destStart[s + 1]; d++) pd[d] = prevDestRow(pc, p, nc, s, d);
    }
    this.prevSvc = ps;
    this.prevDst = pd;
  }

  private prevService(s: number): number {
    if (this.same) return s;
    this.join();
    return this.prevSvc![s];
  }

  private prevDest(d: number): number {
    if (this.same) return d;
    this.join();
    return this.prevDst![d];
  }

  serviceReading(s: number): RateReading {
    if (this.intervalMs === null) return NONE;
    const nc = this.columns;
    const pc = this.prevColumns;
    const ps = nc.svcHasStats[s] ? this.prevService(s) : -1;
    let flags = 0;
    if (ps >= 0 && pc.svcHasStats[ps]) flags = rowRates(pc.svcStats, ps, nc.svcStats, s, this.sec, this.scratch, 0);
    else if (nc.svcHasRate[s]) flags = copyKernel(nc.svcRate, s, this.scratch, 0);
    return readingOf(flags, this.scratch, 0);
  }

  destReading(d: number): RateReading {
    if (this.intervalMs === null) return NONE;
    const nc = this.columns;
    const pc = this.prevColumns;
    const pd = nc.destHasStats[d] ? this.prevDest(d) : -1;
    let flags = 0;
    if (pd >= 0 && pc.destHasStats[pd]) flags = rowRates(pc.destStats, pd, nc.destStats, d, this.sec, this.scratch, 0);
    else if (nc.destHasRate[d]) flags = copyKernel(nc.destRate, d, this.scratch, 0);
    return readingOf(flags, this.scratch, 0);
  }

  /** Service row s's rates (null: none, or a reset). */
  serviceRates(s: number): Rates | null {
    return this.serviceReading(s).rates;
  }

  destRates(d: number): Rates | null {
    return this.destReading(d).rates;
  }

  get services(): ReadonlyMap<string, ServiceRateReading> {
    if (this.servicesMap === null) {
      const m = new Map<string, ServiceRateReading>();
      const c = this.columns;
      for (let s = 0; s < c.nServices; s++) m.set(c.serviceId(s), { ...this.serviceReading(s), dests: new DestReadings(this, c.destStart[s], c.destStart[s + 1]) });
      this.servicesMap = m;
    }
    return this.servicesMap;
  }

  get vanished(): readonly string[] {
    if (this.vanishedIds === null) {
      const now = this.columns.idIndex();
      const out: string[] = [];
      for (const id of this.prevColumns.idIndex().keys()) if (!now.has(id)) out.push(id);
      this.vanishedIds = out;
    }
    return this.vanishedIds;
  }
}

/** The previous sample's row of next's server d (service rows ps of prev, s of next). */
function prevDestRow(pc: IpvsColumns, ps: number, nc: IpvsColumns, s: number, d: number): number {
  const from = pc.destStart[ps];
  const to = pc.destStart[ps + 1];
  const same = from + (d - nc.destStart[s]);
  if (same < to && nc.sameDest(d, pc, same)) return same;
  for (let e = from; e < to; e++) if (nc.sameDest(d, pc, e)) return e;
  return -1;
}

/**
 * Rates between two samples (prev older than next). Pure. Each row's reading is worked out when
 * read (ColumnRates): when both tables hold the same rows (a quiet router: the usual tick) from the
 * same rows of the two; otherwise services are joined by id and servers by address:port, once.
 */
export function computeRates(prev: IpvsSample, next: IpvsSample): ColumnRates {
  const dt = next.at - prev.at;
  const usable = dt > 0 && Number.isFinite(dt) && prev.unavailable === null && next.unavailable === null;
  const pc = columnsOf(prev);
  const nc = columnsOf(next);
  if (!usable) return new ColumnRates(null, NONE, nc, pc, false);
  return new ColumnRates(dt, reading(prev.total, next.total, next.totalRate, dt), nc, pc, pc.sameLayout(nc));
}
