// The IPVS table as columns: one row per service and one per real server, in typed arrays. A
// 10,000-service router is 110,000 rows read every tick; as objects (a LiveService, LiveDest,
// Counters and Rates each) a tick made ~400,000 objects that the garbage collector then copied.
// Rows become the LiveService/LiveDest objects of ipvs-types.ts only when asked (toServices),
// and the rates and the merge read the columns directly.
//
// IPv4 addresses are kept as uint32, IPv6 ones as their canonical text in a side map (rare);
// counters and rates as float64 (exact to 2^53, as the Number-based objects were).

import { Counters, ForwardMethod, IpvsProtocol, LiveDest, LiveService, Rates } from './ipvs-types';
import { dotted } from './parse-address';

export const PROTOCOLS: readonly IpvsProtocol[] = ['TCP', 'UDP', 'SCTP', 'FWM'];
export const FWM = 3;
export const FORWARDS: readonly ForwardMethod[] = ['Masq', 'Route', 'Tunnel', 'Local', 'Bypass'];

function grow<T extends Float64Array | Int32Array | Uint32Array | Uint8Array>(a: T, n: number): T {
  if (n <= a.length) return a;
  const b = new (a.constructor as new (n: number) => T)(Math.max(n, a.length * 2));
  b.set(a);
  return b;
}

/**
 * Columns of one sample. Built row by row by the parsers (addService/addDest, then fill-ins by
 * the ipvsadm joins); read by rates.ts and merge.ts. Service s owns dest rows
 * destStart[s] .. destStart[s + 1] - 1.
 */
export class IpvsColumns {
  nServices = 0;
  nDests = 0;
  // services
  svcProto: Uint8Array;
  svcAf: Uint8Array;
  /** IPv4 address; 0 for FWM and for an address kept as text (svcAddr6: IPv6, or a hand-made odd one) */
  svcAddr: Uint32Array;
  svcPort: Int32Array;
  svcMark: Uint32Array;
  svcOps: Uint8Array;
  /** persistence timeout, -1 when not persistent */
  svcPersist: Float64Array;
  svcSched: string[] = [];
  destStart: Int32Array;
  readonly svcAddr6 = new Map<number, string>();
  readonly svcNetmask = new Map<number, string>();
  readonly svcFlags = new Map<number, readonly string[]>();
  // real servers
  destAf: Uint8Array;
  destAddr: Uint32Array;
  destPort: Int32Array;
  destFwd: Uint8Array;
  destWeight: Int32Array;
  destAct: Float64Array;
  destInact: Float64Array;
  /** PersistConn, -1 when not read */
  destPersist: Float64Array;
  readonly destAddr6 = new Map<number, string>();
  /** when PersistConn and the scheduler flags were read (the sampler's clock), null when not */
  listAt: number | null = null;
  // counters and rates, 5 per row, sized once the rows are all there (withStats, withRates): a
  // table without ipvsadm allocates none
  svcStats = new Float64Array(0);
  svcHasStats = new Uint8Array(0);
  destStats = new Float64Array(0);
  destHasStats = new Uint8Array(0);
  svcRate = new Float64Array(0);
  svcHasRate = new Uint8Array(0);
  destRate = new Float64Array(0);
  destHasRate = new Uint8Array(0);

  /** Room for about that many rows (a reader's estimate from the text's length; they grow past it). */
  constructor(services = 16, dests = 64) {
    const n = Math.max(1, services);
    const m = Math.max(1, dests);
    this.svcProto = new Uint8Array(n);
    this.svcAf = new Uint8Array(n);
    this.svcAddr = new Uint32Array(n);
    this.svcPort = new Int32Array(n);
    this.svcMark = new Uint32Array(n);
    this.svcOps = new Uint8Array(n);
    this.svcPersist = new Float64Array(n);
    this.destStart = new Int32Array(n + 1);
    this.destAf = new Uint8Array(m);
    this.destAddr = new Uint32Array(m);
    this.destPort = new Int32Array(m);
    this.destFwd = new Uint8Array(m);
    this.destWeight = new Int32Array(m);
    this.destAct = new Float64Array(m);
    this.destInact = new Float64Array(m);
    this.destPersist = new Float64Array(m);
  }

  /** The counter columns, zeroed, for the rows there are now (the --stats join calls it). */
  withStats(): void {
    this.svcStats = new Float64Array(this.nServices * 5);
    this.svcHasStats = new Uint8Array(this.nServices);
    this.destStats = new Float64Array(this.nDests * 5);
    this.destHasStats = new Uint8Array(this.nDests);
  }

  /** The kernel-rate columns, zeroed (the --rate join calls it). */
  withRates(): void {
    this.svcRate = new Float64Array(this.nServices * 5);
    this.svcHasRate = new Uint8Array(this.nServices);
    this.destRate = new Float64Array(this.nDests * 5);
    this.destHasRate = new Uint8Array(this.nDests);
  }

  /** Appends a service row (its dests follow through addDest); returns its index. */
  addService(proto: number, af: 4 | 6, addr: number, addr6: string | null, port: number, mark: number, sched: string): number {
    const s = this.nServices++;
    if (s >= this.svcProto.length) {
      const n = s + 1;
      this.svcProto = grow(this.svcProto, n);
      this.svcAf = grow(this.svcAf, n);
      this.svcAddr = grow(this.svcAddr, n);
      this.svcPort = grow(this.svcPort, n);
      this.svcMark = grow(this.svcMark, n);
      this.svcOps = grow(this.svcOps, n);
      this.svcPersist = grow(this.svcPersist, n);
    }
    if (s + 2 > this.destStart.length) this.destStart = grow(this.destStart, s + 2);
    this.svcProto[s] = proto;
    this.svcAf[s] = af;
    this.svcAddr[s] = addr;
    if (addr6 !== null) this.svcAddr6.set(s, addr6);
    this.svcPort[s] = port;
    this.svcMark[s] = mark;
    this.svcOps[s] = 0;
    this.svcPersist[s] = -1;
    this.svcSched.push(sched);
    this.destStart[s] = this.nDests;
    this.destStart[s + 1] = this.nDests;
    return s;
  }

  /** Appends a real server to the last service; returns its row. */
  addDest(af: 4 | 6, addr: number, addr6: string | null, port: number, fwd: number, weight: number, act: number, inact: number): number {
    const d = this.newDest();
    this.destAf[d] = af;
    this.destAddr[d] = addr;
    if (addr6 !== null) this.destAddr6.set(d, addr6);
    this.destPort[d] = port;
    this.destFwd[d] = fwd;
    this.destWeight[d] = weight;
    this.destAct[d] = act;
    this.destInact[d] = inact;
    return d;
  }

  /**
   * Appends a real-server row to the last service, PersistConn unknown, the rest for the caller to
   * write (a reader's fast path stores straight into the columns: no boxed argument per row).
   */
  newDest(): number {
    const d = this.nDests++;
    if (d >= this.destAf.length) {
      const n = d + 1;
      this.destAf = grow(this.destAf, n);
      this.destAddr = grow(this.destAddr, n);
      this.destPort = grow(this.destPort, n);
      this.destFwd = grow(this.destFwd, n);
      this.destWeight = grow(this.destWeight, n);
      this.destAct = grow(this.destAct, n);
      this.destInact = grow(this.destInact, n);
      this.destPersist = grow(this.destPersist, n);
    }
    this.destPersist[d] = -1;
    this.destStart[this.nServices] = this.nDests;
    return d;
  }

  /** Drops the last service row and its dests (a service line found unreadable after the fact). */
  dropLastService(): void {
    const s = this.nServices - 1;
    for (let d = this.destStart[s]; d < this.nDests; d++) this.destAddr6.delete(d);
    this.nDests = this.destStart[s];
    this.svcAddr6.delete(s);
    this.svcNetmask.delete(s);
    this.svcFlags.delete(s);
    this.svcSched.pop();
    this.nServices = s;
  }

  svcAddress(s: number): string {
    if (this.svcProto[s] === FWM) return '';
    return this.svcAddr6.get(s) ?? dotted(this.svcAddr[s]);
  }

  /** destAf 6: the address is text in destAddr6 (IPv6, or a hand-made odd one); 4: destAddr. */
  destAddress(d: number): string {
    return this.destAf[d] === 6 ? (this.destAddr6.get(d) ?? '') : dotted(this.destAddr[d]);
  }

  /** serviceId() of row s. */
  serviceId(s: number): string {
    const p = this.svcProto[s];
    if (p === FWM) return `FWM ${this.svcMark[s]}`;
    const a = this.svcAddress(s);
    return this.svcAf[s] === 6 ? `${PROTOCOLS[p]} [${a}]:${this.svcPort[s]}` : `${PROTOCOLS[p]} ${a}:${this.svcPort[s]}`;
  }

  /** destId() of row d. */
  destId(d: number): string {
    const a = this.destAddress(d);
    return a.includes(':') ? `[${a}]:${this.destPort[d]}` : `${a}:${this.destPort[d]}`;
  }

  /** Do rows d of this and e of other name the same real server (address and port)? */
  sameDest(d: number, other: IpvsColumns, e: number): boolean {
    if (this.destPort[d] !== other.destPort[e] || this.destAf[d] !== other.destAf[e]) return false;
    return this.destAf[d] === 6 ? this.destAddr6.get(d) === other.destAddr6.get(e) : this.destAddr[d] === other.destAddr[e];
  }

  /** Do rows s of this and t of other name the same service? */
  sameService(s: number, other: IpvsColumns, t: number): boolean {
    const p = this.svcProto[s];
    if (p !== other.svcProto[t]) return false;
    if (p === FWM) return this.svcMark[s] === other.svcMark[t];
    if (this.svcPort[s] !== other.svcPort[t] || this.svcAf[s] !== other.svcAf[t]) return false;
    const ta = this.svcAddr6.get(s);
    const tb = other.svcAddr6.get(t);
    return ta !== undefined || tb !== undefined ? ta === tb : this.svcAddr[s] === other.svcAddr[t];
  }

  /**
   * Same services and real servers in the same rows as other (values aside)? Then rates are a loop
   * over the two tables' rows; otherwise rows are joined by key.
   */
  sameLayout(other: IpvsColumns): boolean {
    const ns = this.nServices;
    const nd = this.nDests;
    if (ns !== other.nServices || nd !== other.nDests) return false;
    for (let s = 0; s <= ns; s++) if (this.destStart[s] !== other.destStart[s]) return false;
    for (let s = 0; s < ns; s++) {
      if (this.svcProto[s] !== other.svcProto[s] || this.svcAddr[s] !== other.svcAddr[s] || this.svcPort[s] !== other.svcPort[s] || this.svcMark[s] !== other.svcMark[s] || this.svcAf[s] !== other.svcAf[s]) return false;
    }
    for (let d = 0; d < nd; d++) if (this.destAddr[d] !== other.destAddr[d] || this.destPort[d] !== other.destPort[d] || this.destAf[d] !== other.destAf[d]) return false;
    if (this.svcAddr6.size !== other.svcAddr6.size || this.destAddr6.size !== other.destAddr6.size) return false;
    for (const [k, v] of this.svcAddr6) if (other.svcAddr6.get(k) !== v) return false;
    for (const [k, v] of this.destAddr6) if (other.destAddr6.get(k) !== v) return false;
    return true;
  }

  svcCounters(s: number): Counters | null {
    return this.svcHasStats[s] ? counters(this.svcStats, s * 5) : null;
  }

  svcRates(s: number): Rates | null {
    return this.svcHasRate[s] ? rates(this.svcRate, s * 5) : null;
  }

  destCounters(d: number): Counters | null {
    return this.destHasStats[d] ? counters(this.destStats, d * 5) : null;
  }

  destRates(d: number): Rates | null {
    return this.destHasRate[d] ? rates(this.destRate, d * 5) : null;
  }

  dest(d: number): LiveDest {
    const p = this.destPersist[d];
    return {
      address: this.destAddress(d),
      port: this.destPort[d],
      forward: FORWARDS[this.destFwd[d]],
      weight: this.destWeight[d],
      activeconns: this.destAct[d],
      inactconns: this.destInact[d],
      persistconns: p < 0 ? null : p,
      stats: this.destCounters(d),
      rate: this.destRates(d),
    };
  }

  service(s: number): LiveService {
    const dests: LiveDest[] = [];
    for (let d = this.destStart[s]; d < this.destStart[s + 1]; d++) dests.push(this.dest(d));
    const persist = this.svcPersist[s];
    return {
      protocol: PROTOCOLS[this.svcProto[s]],
      af: this.svcAf[s] === 6 ? 6 : 4,
      address: this.svcAddress(s),
      port: this.svcPort[s],
      fwmark: this.svcMark[s],
      scheduler: this.svcSched[s],
      sched_flags: this.svcFlags.get(s) ?? [],
      persistent_timeout: persist < 0 ? null : persist,
      netmask: this.svcNetmask.get(s) ?? null,
      ops: this.svcOps[s] === 1,
      stats: this.svcCounters(s),
      rate: this.svcRates(s),
      dests,
    };
  }

  /** Every row as the objects of ipvs-types.ts (what the parsers gave before columns). */
  toServices(): LiveService[] {
    const out: LiveService[] = new Array<LiveService>(this.nServices);
    for (let s = 0; s < this.nServices; s++) out[s] = this.service(s);
    return out;
  }

  /** Any kernel-estimator rate in the table (ipvsadm --rate was read)? */
  hasKernelRates(): boolean {
    for (let s = 0; s < this.svcHasRate.length; s++) if (this.svcHasRate[s]) return true;
    for (let d = 0; d < this.destHasRate.length; d++) if (this.destHasRate[d]) return true;
    return false;
  }

  /** A map from serviceId to row (the last row wins, as a Map built from a list would). */
  idIndex(): Map<string, number> {
    const m = new Map<string, number>();
    for (let s = 0; s < this.nServices; s++) m.set(this.serviceId(s), s);
    return m;
  }
}

function counters(a: Float64Array, i: number): Counters {
  return { conns: a[i], inpkts: a[i + 1], outpkts: a[i + 2], inbytes: a[i + 3], outbytes: a[i + 4] };
}

function rates(a: Float64Array, i: number): Rates {
  return { cps: a[i], inpps: a[i + 1], outpps: a[i + 2], inbps: a[i + 3], outbps: a[i + 4] };
}

/** 32-bit value of a canonical dotted quad, or -1. */
export function ipv4Value(a: string): number {
  let v = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < a.length; i++) {
    const c = a.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || octet > 255) return -1;
      v = v * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else if (c >= 48 && c <= 57) {
      if (digits === 1 && octet === 0) return -1;
      octet = octet * 10 + (c - 48);
      if (++digits > 3) return -1;
    } else return -1;
  }
  if (dots !== 3 || digits === 0 || octet > 255) return -1;
  return v * 256 + octet;
}

/** Rows from objects (samples built by hand, by tests or by older code): the same columns a parser gives. */
export function columnsFromServices(services: readonly LiveService[]): IpvsColumns {
  let nd = 0;
  for (const l of services) nd += l.dests.length;
  const c = new IpvsColumns(services.length, nd);
  const put = (into: Float64Array, i: number, a: number, b: number, x: number, y: number, z: number) => {
    into[i] = a;
    into[i + 1] = b;
    into[i + 2] = x;
    into[i + 3] = y;
    into[i + 4] = z;
  };
  for (const l of services) {
    const v4 = l.protocol === 'FWM' ? 0 : ipv4Value(l.address);
    const text = l.protocol !== 'FWM' && (l.af === 6 || v4 < 0);
    const s = c.addService(PROTOCOLS.indexOf(l.protocol), l.af, text ? 0 : v4, text ? l.address : null, l.port, l.fwmark, l.scheduler);
    c.svcOps[s] = l.ops ? 1 : 0;
    c.svcPersist[s] = l.persistent_timeout ?? -1;
    if (l.netmask !== null) c.svcNetmask.set(s, l.netmask);
    if (l.sched_flags.length) c.svcFlags.set(s, l.sched_flags);
    for (const x of l.dests) {
      const a = ipv4Value(x.address);
      const d = c.addDest(a < 0 ? 6 : 4, a < 0 ? 0 : a, a < 0 ? x.address : null, x.port, FORWARDS.indexOf(x.forward), x.weight, x.activeconns, x.inactconns);
      c.destPersist[d] = x.persistconns ?? -1;
    }
  }
  c.withStats();
  c.withRates();
  let d = 0;
  services.forEach((l, s) => {
    if (l.stats) {
      c.svcHasStats[s] = 1;
      put(c.svcStats, s * 5, l.stats.conns, l.stats.inpkts, l.stats.outpkts, l.stats.inbytes, l.stats.outbytes);
    }
    if (l.rate) {
      c.svcHasRate[s] = 1;
      put(c.svcRate, s * 5, l.rate.cps, l.rate.inpps, l.rate.outpps, l.rate.inbps, l.rate.outbps);
    }
    for (const x of l.dests) {
      if (x.stats) {
        c.destHasStats[d] = 1;
        put(c.destStats, d * 5, x.stats.conns, x.stats.inpkts, x.stats.outpkts, x.stats.inbytes, x.stats.outbytes);
      }
      if (x.rate) {
        c.destHasRate[d] = 1;
        put(c.destRate, d * 5, x.rate.cps, x.rate.inpps, x.rate.outpps, x.rate.inbps, x.rate.outbps);
      }
      d++;
    }
  });
  return c;
}

/** Does some service of the sample carry the kernel estimator's rates (ipvsadm --rate was read)? */
export function hasServiceKernelRates(sample: { readonly services: readonly LiveService[]; readonly columns?: IpvsColumns }): boolean {
  const c = columnsOf(sample);
  for (let s = 0; s < c.svcHasRate.length; s++) if (c.svcHasRate[s]) return true;
  return false;
}

const fromObjects = new WeakMap<readonly LiveService[], IpvsColumns>();

/** A sample's columns: its own when a parser made it, else built (once) from its objects. */
export function columnsOf(sample: { readonly services: readonly LiveService[]; readonly columns?: IpvsColumns }): IpvsColumns {
  if (sample.columns) return sample.columns;
  let c = fromObjects.get(sample.services);
  if (!c) {
    c = columnsFromServices(sample.services);
    fromObjects.set(sample.services, c);
  }
  return c;
}
