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

import { Counters, IpvsSample, LiveDest, Rates, destId, serviceId } from './ipvs-types';

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

/** The previous sample's server at address:port; /proc keeps its order between ticks, so index i first. */
function prevDest(prev: readonly LiveDest[], d: LiveDest, i: number): LiveDest | undefined {
  const same = prev[i];
  if (same !== undefined && same.port === d.port && same.address === d.address) return same;
  for (const p of prev) if (p.port === d.port && p.address === d.address) return p;
  return undefined;
}

/** Does id equal destId(d)? Compared in place for IPv4: no string is made. */
function isDestId(id: string, d: LiveDest): boolean {
  const a = d.address;
  const p = d.port;
  if (a.includes(':') || !Number.isInteger(p) || p < 0) return id === destId(d);
  const al = a.length;
  const n = id.length;
  if (n <= al + 1 || id.charCodeAt(al) !== 58 /* : */ || !id.startsWith(a)) return false;
  // String(p) has no leading zero unless it is "0"
  if (n - al > 2 && id.charCodeAt(al + 1) === 48) return false;
  let v = 0;
  for (let k = al + 1; k < n; k++) {
    const c = id.charCodeAt(k) - 48;
    if (c < 0 || c > 9) return false;
    v = v * 10 + c;
  }
  return v === p && n - al - 1 <= 16;
}

/** Above this many servers a service's readings are looked up through a real Map. */
const SCAN_LIMIT = 16;

/**
 * A service's readings by destId, as a read-only Map built only when needed: a tick on a
 * 10,000-service router would otherwise make 100,000 id strings and 10,000 Maps that the merge reads
 * once each. get() and has() on a service of up to SCAN_LIMIT servers compare ids in place; anything
 * else (iteration, size, bigger services) uses a Map built once, with a Map's semantics (the last
 * server of a duplicated address:port wins).
 */
class DestReadings implements ReadonlyMap<string, RateReading> {
  private map: Map<string, RateReading> | null = null;

  constructor(
    private readonly dests: readonly LiveDest[],
    private readonly readings: readonly RateReading[],
  ) {}

  private full(): Map<string, RateReading> {
    if (this.map === null) {
      const m = new Map<string, RateReading>();
      for (let i = 0; i < this.dests.length; i++) m.set(destId(this.dests[i]), this.readings[i]);
      this.map = m;
    }
    return this.map;
  }

  get(id: string): RateReading | undefined {
    if (this.map !== null || this.dests.length > SCAN_LIMIT) return this.full().get(id);
    for (let i = this.dests.length - 1; i >= 0; i--) if (isDestId(id, this.dests[i])) return this.readings[i];
    return undefined;
  }

  has(id: string): boolean {
    return this.get(id) !== undefined;
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

/** Rates between two samples (prev older than next). Pure. */
export function computeRates(prev: IpvsSample, next: IpvsSample): RateView {
  const dt = next.at - prev.at;
  const services = new Map<string, ServiceRateReading>();
  const usable = dt > 0 && Number.isFinite(dt) && prev.unavailable === null && next.unavailable === null;
  const prevById = new Map(prev.services.map((s) => [serviceId(s), s]));
  for (const s of next.services) {
    const id = serviceId(s);
    const readings: RateReading[] = new Array<RateReading>(s.dests.length);
    if (!usable) {
      readings.fill(NONE);
      services.set(id, { ...NONE, dests: new DestReadings(s.dests, readings) });
      continue;
    }
    const p = prevById.get(id);
    for (let i = 0; i < s.dests.length; i++) {
      const d = s.dests[i];
      readings[i] = reading(p ? prevDest(p.dests, d, i)?.stats : null, d.stats, d.rate, dt);
    }
    services.set(id, { ...reading(p?.stats, s.stats, s.rate, dt), dests: new DestReadings(s.dests, readings) });
  }
  const total = usable ? reading(prev.total, next.total, next.totalRate, dt) : NONE;
  return { intervalMs: usable ? dt : null, total, services, vanished: vanishedIds(prevById, services) };
}

function vanishedIds(prevById: ReadonlyMap<string, unknown>, now: ReadonlyMap<string, unknown>): string[] {
  const out: string[] = [];
  for (const id of prevById.keys()) if (!now.has(id)) out.push(id);
  return out;
}
