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

import { Counters, IpvsSample, Rates, destId, serviceId } from './ipvs-types';

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
const TWO_32 = 4294967296;
const TWO_31 = 2147483648;

const kernel = (rate: Rates | null): RateReading => (rate === null ? NONE : { rates: rate, basis: 'kernel', reset: false, wrapped: false });

/** Rates between two readings of the same counters over dtMs; see the header for resets and wraps. */
export function counterRates(prev: Counters, next: Counters, dtMs: number): RateReading {
  if (!(dtMs > 0)) return NONE;
  const bytesDown = next.inbytes < prev.inbytes || next.outbytes < prev.outbytes;
  let wrapped = false;
  const delta = (a: number, b: number): number | null => {
    if (b >= a) return b - a;
    if (!bytesDown && a >= TWO_31 && a < TWO_32) {
      wrapped = true;
      return b + TWO_32 - a;
    }
    return null;
  };
  const conns = delta(prev.conns, next.conns);
  const inpkts = delta(prev.inpkts, next.inpkts);
  const outpkts = delta(prev.outpkts, next.outpkts);
  if (bytesDown || conns === null || inpkts === null || outpkts === null) return { rates: null, basis: 'counters', reset: true, wrapped: false };
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

/** Rates between two samples (prev older than next). Pure. */
export function computeRates(prev: IpvsSample, next: IpvsSample): RateView {
  const dt = next.at - prev.at;
  const services = new Map<string, ServiceRateReading>();
  const usable = dt > 0 && Number.isFinite(dt) && prev.unavailable === null && next.unavailable === null;
  const prevById = new Map(prev.services.map((s) => [serviceId(s), s]));
  if (!usable) {
    for (const s of next.services) services.set(serviceId(s), { ...NONE, dests: new Map(s.dests.map((d) => [destId(d), NONE])) });
    return { intervalMs: null, total: NONE, services, vanished: vanishedIds(prevById, next) };
  }
  for (const s of next.services) {
    const id = serviceId(s);
    const p = prevById.get(id);
    const prevDests = p ? new Map(p.dests.map((d) => [destId(d), d])) : null;
    const dests = new Map<string, RateReading>();
    for (const d of s.dests) {
      const did = destId(d);
      dests.set(did, reading(prevDests?.get(did)?.stats, d.stats, d.rate, dt));
    }
    services.set(id, { ...reading(p?.stats, s.stats, s.rate, dt), dests });
  }
  return { intervalMs: dt, total: reading(prev.total, next.total, next.totalRate, dt), services, vanished: vanishedIds(prevById, next) };
}

function vanishedIds(prevById: ReadonlyMap<string, unknown>, next: IpvsSample): string[] {
  if (prevById.size === 0) return [];
  const now = new Set(next.services.map((s) => serviceId(s)));
  return [...prevById.keys()].filter((id) => !now.has(id));
}
