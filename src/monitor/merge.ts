// The live IPVS table merged with lvs.cf: for each configured virtual server and real server, what
// the kernel has for it now, in the terms an LVS admin thinks in (nanny removed it, quiesced it,
// is ramping it up; pulse is not running or this is the standby), and what the table holds that
// lvs.cf does not describe. Pure: the CLI's `status`, the dashboard and the demo share it.
//
// Matching follows lvsd: a virtual is the service `-t|-u VIP:PORT` or `-f MARK`; each active real
// server is `RIP:RPORT` under it (for a firewall-mark service the kernel keeps port 0, so by address).

import { ConfigFacts, VirtualFacts } from '../config/model';
import { Sidecar } from '../apply/sidecar-model';
import { Counters, ForwardMethod, IpvsSample, IpvsUnavailable, LiveDest, LiveService, Rates, ServiceKey, destId, serviceId } from './ipvs-types';
import { FWM, IpvsColumns, PROTOCOLS as PROTOCOL_CODES, columnsOf, ipv4Value } from './ipvs-columns';
import { ColumnRates } from './rates';
import { canonicalAddress } from './merge-address';
import { Health, ServerTally, emptyTally, judgeServers, judgeView, tallyHealth, tallyServer } from './merge-health';
import { servicePort } from './merge-ports';

/**
 * - live: in the IPVS table
 * - missing: active in lvs.cf but not in the table (pulse/lvsd not running, or this is the standby)
 * - inactive: active = 0 in lvs.cf
 * - unconfigured: in the table, but lvs.cf does not describe it
 * - unknown: the table could not be read (permission, malformed), or lvs.cf names it in a way
 *   lvs-tui cannot match (a port name it does not know, a host name)
 */
export type ServiceState = 'live' | 'missing' | 'inactive' | 'unconfigured' | 'unknown';

/**
 * - up: in the table at its configured weight (or above it: load_monitor, or set by hand)
 * - ramping: live weight below the configured one, above 0: nanny's slow start or load_monitor
 * - quiesced: live weight 0: nanny after a failed check with quiesce_server = 1, or drained by hand
 * - down: not in the table while its service is: nanny removed it after a failed check
 * - inactive: active = 0 in lvs.cf (or its virtual's)
 * - sorry: the sorry_server lvsd adds when no real server is up
 * - unconfigured: in the table under this service, not described by lvs.cf
 * - missing: its service is not in the table
 * - unknown: the table could not be read, or the address cannot be matched (a host name)
 */
export type ServerState = 'up' | 'ramping' | 'quiesced' | 'down' | 'inactive' | 'sorry' | 'unconfigured' | 'missing' | 'unknown';

export const SERVICE_STATES: readonly ServiceState[] = ['live', 'missing', 'inactive', 'unconfigured', 'unknown'];
export const SERVER_STATES: readonly ServerState[] = ['up', 'ramping', 'quiesced', 'down', 'inactive', 'sorry', 'unconfigured', 'missing', 'unknown'];

/** One rate as computeRates (rates.ts) gives it: null when a counter was reset in the interval. */
export interface RateEntry {
  readonly rates: Rates | null;
}

/**
 * Rates computed from two samples: the shape of rates.ts's RateView, kept structural here so the
 * merge needs only what it reads (services by serviceId, their dests by destId, the total).
 */
export interface RateView {
  readonly total: RateEntry;
  readonly services: ReadonlyMap<string, RateEntry & { readonly dests: ReadonlyMap<string, RateEntry> }>;
}

export interface MergedServer {
  /** the server block's name; null for the sorry server and unconfigured entries */
  readonly name: string | null;
  /** line of the server block in lvs.cf, null when not from lvs.cf */
  readonly line: number | null;
  readonly address: string;
  /** the port it is (or would be) in the table with; null when lvs.cf's port names no known port */
  readonly port: number | null;
  readonly state: ServerState;
  /** the state in words, for screens without colour and for bug reports */
  readonly reason: string;
  readonly weight: { readonly configured: number | null; readonly live: number | null };
  readonly forward: ForwardMethod | null;
  readonly activeconns: number | null;
  readonly inactconns: number | null;
  readonly persistconns: number | null;
  readonly stats: Counters | null;
  readonly rate: Rates | null;
}

/** What lvs.cf says about a virtual (the values lvsd uses, defaults filled in). */
export interface ConfiguredService {
  readonly line: number;
  readonly vip: string | null;
  readonly device: string | null;
  readonly port: string;
  readonly protocol: string;
  readonly fwmark: number;
  readonly scheduler: string;
  readonly persistent: number;
  readonly sorryServer: string | null;
  readonly quiesceServer: boolean;
  readonly loadMonitor: string;
}

export interface LiveSettings {
  readonly scheduler: string;
  readonly schedFlags: readonly string[];
  readonly persistentTimeout: number | null;
  readonly netmask: string | null;
  readonly ops: boolean;
}

/** Traffic lvs-tui.yaml marks for a firewall-mark service. */
export interface MarkedTraffic {
  readonly protocol: string;
  /** "80,443" or "21,10000-20000" */
  readonly ports: string;
  /** the destination the rule matches; null: the virtual's VIP */
  readonly vip: string | null;
}

export interface MergedService {
  /** serviceId of the key ("TCP 10.0.0.10:80", "FWM 100"); "virtual NAME" when lvs.cf gives no usable key */
  readonly id: string;
  /** the virtual block's name; null for unconfigured services */
  readonly name: string | null;
  readonly key: ServiceKey | null;
  readonly state: ServiceState;
  /** null when not judged: inactive in lvs.cf, or not described by it */
  readonly health: Health | null;
  readonly reason: string;
  readonly configured: ConfiguredService | null;
  readonly live: LiveSettings | null;
  /** where the table differs from lvs.cf in what a reload does not change (needs a pulse restart) */
  readonly differences: readonly string[];
  readonly marks: readonly MarkedTraffic[];
  readonly servers: readonly MergedServer[];
  readonly activeconns: number;
  readonly inactconns: number;
  /** null when no source gave persistent connection counts */
  readonly persistconns: number | null;
  readonly stats: Counters | null;
  readonly rate: Rates | null;
}

export interface IpvsState {
  readonly available: boolean;
  readonly unavailable: IpvsUnavailable | null;
  readonly version: string | null;
  readonly connTabSize: number | null;
  readonly source: IpvsSample['source'];
  readonly notes: readonly string[];
}

/** The strings of a service a filter looks at, in the order MergedService has them. */
export interface ServiceOutline {
  readonly id: string;
  readonly name: string | null;
  readonly servers: readonly { readonly name: string | null; readonly address: string }[];
}

export interface MonitorView {
  /** the sample's monotonic time */
  readonly at: number;
  readonly ipvs: IpvsState;
  /** configured virtuals in lvs.cf order (failover blocks are not IPVS services), then unconfigured ones */
  readonly services: readonly MergedService[];
  /**
   * services.length, and services[i] made alone (a new object each call until `services` is read):
   * mergeLive makes the service objects only when asked, so a screen that shows 20 rows of a
   * 10,000-service table makes 20 (optional: a view built by hand has only `services`; see
   * serviceCountOf/serviceOf)
   */
  readonly serviceCount?: number;
  readonly serviceAt?: (i: number) => MergedService;
  /**
   * service i's id, name and its servers' names and addresses, as serviceAt(i) would give them,
   * without making the service (no states, rates or reasons): what a filter or a selection
   * scans on every row (optional like serviceAt; see serviceOutlineOf)
   */
  readonly serviceOutlineAt?: (i: number) => ServiceOutline;
  readonly counts: {
    readonly services: Readonly<Record<ServiceState, number>>;
    readonly servers: Readonly<Record<ServerState, number>>;
  };
  readonly total: Counters | null;
  /** computed rates when given, else the kernel's estimator from ip_vs_stats */
  readonly totalRate: Rates | null;
  /** from the services alone; `judgeRouter` adds what the router role changes */
  readonly health: Health;
  readonly summary: string;
}

const PROTOCOLS: Readonly<Record<string, ServiceKey['protocol']>> = { tcp: 'TCP', udp: 'UDP', sctp: 'SCTP' };

type KeyResult = { key: ServiceKey; id: string } | { key: null; id: string; why: string };

/** The IPVS service lvsd creates for a virtual, or why lvs-tui cannot tell. */
export function configuredKey(v: VirtualFacts): KeyResult {
  if (v.fwmark > 0) {
    const key: ServiceKey = { protocol: 'FWM', af: 4, address: '', port: 0, fwmark: v.fwmark };
    return { key, id: serviceId(key) };
  }
  const id = `virtual ${v.name}`;
  const protocol = PROTOCOLS[v.protocol.toLowerCase()];
  if (!protocol) return { key: null, id, why: `protocol "${v.protocol}" is not one lvsd knows (tcp or udp)` };
  if (v.vip === null) return { key: null, id, why: 'lvs.cf gives it no address' };
  const address = canonicalAddress(v.vip);
  if (address === null) return { key: null, id, why: `address "${v.vip}" is not an IP address lvs-tui can match` };
  const port = servicePort(v.port);
  if (port === null) return { key: null, id, why: `port "${v.port}" is not a port number or a service name lvs-tui knows` };
  const key: ServiceKey = { protocol, af: address.includes(':') ? 6 : 4, address, port, fwmark: 0 };
  return { key, id: serviceId(key) };
}

function liveAddress(a: string): string {
  return a.includes(':') ? (canonicalAddress(a) ?? a) : a;
}

function liveSettings(l: LiveService): LiveSettings {
  return { scheduler: l.scheduler, schedFlags: l.sched_flags, persistentTimeout: l.persistent_timeout, netmask: l.netmask, ops: l.ops };
}

function configuredOf(v: VirtualFacts): ConfiguredService {
  const value = (k: string) => v.settings.get(k)?.value ?? null;
  return {
    line: v.line,
    vip: v.vip,
    device: v.device,
    port: v.port,
    protocol: v.protocol,
    fwmark: v.fwmark,
    scheduler: v.scheduler,
    persistent: v.persistent,
    sorryServer: value('sorry_server'),
    quiesceServer: (value('quiesce_server') ?? '0').trim() === '1',
    loadMonitor: value('load_monitor') ?? 'none',
  };
}

function differences(c: ConfiguredService, l: LiveService): string[] {
  const out: string[] = [];
  if (l.scheduler !== c.scheduler) out.push(`scheduler ${l.scheduler} in the table, ${c.scheduler} in lvs.cf`);
  const want = c.persistent > 0 ? c.persistent : null;
  if (l.persistent_timeout !== want) {
    out.push(`persistence ${l.persistent_timeout === null ? 'off' : `${l.persistent_timeout} s`} in the table, ${want === null ? 'off' : `${want} s`} in lvs.cf`);
  }
  return out;
}

function marksFor(sidecar: Sidecar | null | undefined, fwmark: number): MarkedTraffic[] {
  if (!sidecar || fwmark <= 0) return [];
  return sidecar.firewallMarks
    .filter((m) => m.mark === fwmark)
    .map((m) => ({ protocol: m.protocol, ports: m.ports.map((r) => (r.from === r.to ? `${r.from}` : `${r.from}-${r.to}`)).join(','), vip: m.vip }));
}

const sumCounters = (a: Counters, b: Counters): Counters => ({
  conns: a.conns + b.conns,
  inpkts: a.inpkts + b.inpkts,
  outpkts: a.outpkts + b.outpkts,
  inbytes: a.inbytes + b.inbytes,
  outbytes: a.outbytes + b.outbytes,
});

function liveFields(d: LiveDest | null, rate: Rates | null) {
  return {
    forward: d?.forward ?? null,
    activeconns: d?.activeconns ?? null,
    inactconns: d?.inactconns ?? null,
    persistconns: d?.persistconns ?? null,
    stats: d?.stats ?? null,
    rate,
  };
}

interface ServerInput {
  readonly virtualActive: boolean;
  readonly c: ConfiguredService;
  /** the virtual's service is in the table */
  readonly live: boolean;
  /** the table could not be read */
  readonly blind: boolean;
}

/** Rates of a merged service's rows: computed ones (by row when they follow this table) or the sample's own. */
interface RateSource {
  service(live: LiveService): Rates | null;
  dest(d: LiveDest, row: number): Rates | null;
}

/**
 * By row when the rates follow this very table (the usual tick), else by id as any RateView allows.
 * Both agree since the kernel holds each service once (a hand-made table listing one twice would
 * get its last copy's rates by id, its first's by row).
 */
function rateSource(rates: RateView | null | undefined, cols: IpvsColumns, sid: string, liveRow: number): RateSource {
  if (rates instanceof ColumnRates && rates.columns === cols && liveRow >= 0 && cols.serviceId(liveRow) === sid) {
    return { service: () => rates.serviceReading(liveRow).rates, dest: (_d, row) => rates.destReading(row).rates };
  }
  const entry = rates?.services.get(sid);
  return {
    service: (live) => (entry ? entry.rates : live.rate),
    dest: (d) => {
      const e = entry?.dests.get(destId(d));
      return e ? e.rates : d.rate;
    },
  };
}

/** A real server's values as the merge needs them, read from the model once per lvs.cf. */
interface PreparedServer {
  readonly name: string;
  readonly line: number;
  readonly active: boolean;
  readonly weight: number;
  readonly rawAddress: string;
  readonly address: string | null;
  /** the address as a 32-bit value when IPv4, else -1 */
  readonly addr4: number;
  readonly portText: string;
  readonly port: number | null;
}

interface PreparedVirtual {
  readonly name: string;
  readonly active: boolean;
  readonly fwmark: number;
  readonly c: ConfiguredService;
  readonly k: KeyResult;
  /** the key as numbers (IPv4 or fwmark services), protocol -1 when the id must be used */
  readonly proto: number;
  readonly addr4: number;
  readonly sorryAddress: string | null;
  readonly sorryAddr4: number;
  readonly servers: readonly PreparedServer[];
  /** the servers' names and addresses as MergedServer shows them (the outline of a service), made when first asked */
  outline: ServiceOutline['servers'] | null;
}

/**
 * The lvs.cf side of the merge, computed once per ConfigFacts: the model's values are read lazily
 * from the parsed file (cheap in memory, not free in time), and a sampler merges the same
 * config every tick. A WeakMap: nothing is kept once the config is dropped.
 */
const prepared = new WeakMap<ConfigFacts, readonly PreparedVirtual[]>();

function prepare(config: ConfigFacts): readonly PreparedVirtual[] {
  const cached = prepared.get(config);
  if (cached) return cached;
  const out: PreparedVirtual[] = [];
  let lastPortText: string | null = null;
  let lastPort: number | null = null;
  for (const v of config.virtuals) {
    if (v.kind !== 'virtual') continue;
    const c = configuredOf(v);
    const k = configuredKey(v);
    const key = k.key;
    const addr4 = key && key.protocol !== 'FWM' ? ipv4Value(key.address) : -1;
    const sorryAddress = c.sorryServer !== null ? canonicalAddress(c.sorryServer.split(' ')[0]) : null;
    out.push({
      name: v.name,
      active: v.active,
      fwmark: v.fwmark,
      c,
      k,
      proto: key === null ? -1 : key.protocol === 'FWM' ? FWM : addr4 >= 0 ? PROTOCOL_CODES.indexOf(key.protocol) : -1,
      addr4,
      sorryAddress,
      sorryAddr4: sorryAddress === null ? -1 : ipv4Value(sorryAddress),
      servers: v.servers.map((s) => {
        const rawAddress = s.address;
        const portText = s.port;
        const address = canonicalAddress(rawAddress);
        // the servers of a virtual mostly share the port they inherit: read it once
        if (portText !== lastPortText) {
          lastPortText = portText;
          lastPort = servicePort(portText);
        }
        return { name: s.name, line: s.line, active: s.active, weight: s.weight, rawAddress, address, addr4: address === null ? -1 : ipv4Value(address), portText, port: lastPort };
      }),
      outline: null,
    });
  }
  prepared.set(config, out);
  return out;
}

const UP_REASON = 'in the table at its configured weight';

// server states as numbers (indexes of SERVER_STATES) for the columns of a merge
const UP = 0;
const RAMPING = 1;
const QUIESCED = 2;
const DOWN = 3;
const INACTIVE = 4;
const SORRY = 5;
const UNCONFIGURED = 6;
const MISSING = 7;
const UNKNOWN = 8;

/** A configured real server's state given its weight in the table (null: not in it). */
function serverStateCode(s: PreparedServer, input: ServerInput, liveWeight: number | null): number {
  if (!input.virtualActive || !s.active) return INACTIVE;
  if (input.blind) return UNKNOWN;
  if (!input.live) return MISSING;
  if (s.address === null) return UNKNOWN;
  if (s.port === null && input.c.fwmark <= 0) return UNKNOWN;
  if (liveWeight === null) return DOWN;
  if (liveWeight === 0 && s.weight > 0) return QUIESCED;
  if (liveWeight < s.weight) return RAMPING;
  return UP;
}

/** Why a configured real server has the state serverStateCode gave it. */
function serverReason(code: number, s: PreparedServer, input: ServerInput, d: LiveDest | null): string {
  const { c } = input;
  const configuredWeight = s.weight;
  switch (code) {
    case INACTIVE: {
      const what = !input.virtualActive ? 'its virtual server is inactive (active = 0)' : 'active = 0 in lvs.cf';
      return d ? `${what}, but still in the table at weight ${d.weight} (pulse has not reloaded lvs.cf since)` : what;
    }
    case UNKNOWN:
      if (input.blind) return 'the IPVS table could not be read';
      if (s.address === null) return `address "${s.rawAddress}" is not an IP address (lvs-tui does not look host names up here)`;
      return `port "${s.portText}" is not a port number or a service name lvs-tui knows`;
    case MISSING:
      return 'its virtual service is not in the IPVS table';
    case DOWN:
      return 'not in the table: nanny removed it after a failed check';
    case QUIESCED: {
      const why = c.quiesceServer ? 'nanny quiesced it after a failed check (quiesce_server = 1), or it was drained by hand' : 'drained by hand (quiesce_server = 0, so not by nanny)';
      return `weight 0 of ${configuredWeight}: ${why}; no new connections`;
    }
    case RAMPING:
      return `weight ${d!.weight} of ${configuredWeight}: nanny's slow start${c.loadMonitor !== 'none' ? ` or load_monitor (${c.loadMonitor})` : ''} (normal)`;
    default: {
      const lw = d!.weight;
      if (lw > configuredWeight) {
        return c.loadMonitor !== 'none' ? `weight ${lw}, ${configuredWeight} in lvs.cf: load_monitor (${c.loadMonitor}) raised it (normal)` : `weight ${lw}, ${configuredWeight} in lvs.cf: changed by hand (ipvsadm -e)`;
      }
      return UP_REASON;
    }
  }
}

function mergedServer(s: PreparedServer, input: ServerInput, code: number, d: LiveDest | null, rate: Rates | null): MergedServer {
  return {
    name: s.name,
    line: s.line,
    address: s.address ?? s.rawAddress,
    port: s.port,
    state: SERVER_STATES[code],
    reason: serverReason(code, s, input, d),
    weight: { configured: s.weight, live: d ? d.weight : null },
    forward: d ? d.forward : null,
    activeconns: d ? d.activeconns : null,
    inactconns: d ? d.inactconns : null,
    persistconns: d ? d.persistconns : null,
    stats: d ? d.stats : null,
    rate,
  };
}

function unclaimedServer(d: LiveDest, isSorry: boolean, rate: Rates | null): MergedServer {
  return {
    name: null,
    line: null,
    address: liveAddress(d.address),
    port: d.port,
    state: isSorry ? 'sorry' : 'unconfigured',
    reason: isSorry ? "the virtual's sorry_server: lvsd added it because no real server is up" : 'in the table, but lvs.cf does not describe it (added by hand?)',
    weight: { configured: null, live: d.weight },
    ...liveFields(d, rate),
  };
}

function connectionTotals(servers: readonly MergedServer[], live: LiveService | null, rate: Rates | null) {
  let activeconns = 0;
  let inactconns = 0;
  let persistconns: number | null = null;
  let stats: Counters | null = live?.stats ?? null;
  for (const s of servers) {
    activeconns += s.activeconns ?? 0;
    inactconns += s.inactconns ?? 0;
    if (s.persistconns !== null) persistconns = (persistconns ?? 0) + s.persistconns;
  }
  if (live && stats === null) {
    // /proc alone has no per-service counters; the dests' may still be there
    for (const d of live.dests) if (d.stats) stats = stats ? sumCounters(stats, d.stats) : d.stats;
  }
  return { activeconns, inactconns, persistconns, stats, rate: live ? rate : null };
}

function emptyCounts<T extends string>(keys: readonly T[]): Record<T, number> {
  const out = {} as Record<T, number>;
  for (const k of keys) out[k] = 0;
  return out;
}

/**
 * Rows of the IPv4 and fwmark services by key (the first row of a key wins), in an open-addressing
 * table of row numbers: a Map keyed by numberKey boxes every 50-bit key on the heap, and this runs
 * for 10,000 services every tick.
 */
class ServiceRowIndex {
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(private readonly c: IpvsColumns) {
    let size = 16;
    while (size < c.nServices * 2) size *= 2;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    for (let s = 0; s < c.nServices; s++) {
      if (c.svcProto[s] !== FWM && (c.svcAf[s] !== 4 || c.svcAddr6.has(s))) continue;
      const p = c.svcProto[s];
      const fwm = p === FWM;
      let i = this.slot(p, fwm ? c.svcMark[s] : c.svcAddr[s], fwm ? 0 : c.svcPort[s]);
      for (;;) {
        const r = this.slots[i] - 1;
        if (r < 0) {
          this.slots[i] = s + 1;
          break;
        }
        if (this.same(r, p, c.svcAddr[s], c.svcPort[s], c.svcMark[s])) break;
        i = (i + 1) & this.mask;
      }
    }
  }

  private slot(proto: number, a: number, b: number): number {
    let h = Math.imul((a | 0) ^ Math.imul(proto + 1, 0x9e3779b1), 0x85ebca6b) ^ Math.imul(b + 0x7f4a7c15, 0xc2b2ae35);
    h ^= h >>> 15;
    return h & this.mask;
  }

  private same(r: number, proto: number, addr: number, port: number, mark: number): boolean {
    const c = this.c;
    if (c.svcProto[r] !== proto) return false;
    return proto === FWM ? c.svcMark[r] === mark : c.svcAddr[r] === addr && c.svcPort[r] === port;
  }

  /** The first row with this key, or -1 (proto as in PROTOCOL_CODES; mark for FWM, else addr and port). */
  get(proto: number, addr: number, port: number, mark: number): number {
    const fwm = proto === FWM;
    let i = this.slot(proto, fwm ? mark : addr, fwm ? 0 : port);
    for (;;) {
      const r = this.slots[i] - 1;
      if (r < 0) return -1;
      if (this.same(r, proto, addr, port, mark)) return r;
      i = (i + 1) & this.mask;
    }
  }
}

/** The merge's own view of the table's rows: canonical addresses, ids, the row of a key. */
class LiveRows {
  private byId: Map<string, number> | null = null;
  private byNumber: ServiceRowIndex | null = null;
  private canon6: Map<number, string> | null = null;

  constructor(readonly cols: IpvsColumns) {}

  /** A dest row's address as the merge compares it (IPv6 canonical, as lvs.cf's are made). */
  destAddress(d: number): string {
    const c = this.cols;
    if (c.destAf[d] === 4) return c.destAddress(d);
    this.canon6 ??= new Map();
    let a = this.canon6.get(d);
    if (a === undefined) {
      a = liveAddress(c.destAddress(d));
      this.canon6.set(d, a);
    }
    return a;
  }

  /** serviceId of row s with a canonical IPv6 address: how lvs.cf's keys are written. */
  id(s: number): string {
    const c = this.cols;
    const text = c.svcAddr6.get(s);
    if (c.svcProto[s] === FWM || text === undefined || !text.includes(':')) return c.serviceId(s);
    const p = PROTOCOL_CODES[c.svcProto[s]];
    return serviceId({ protocol: p, af: c.svcAf[s] === 6 ? 6 : 4, address: liveAddress(text), port: c.svcPort[s], fwmark: 0 });
  }

  /** The first row of virtual v's service, or -1. */
  find(v: PreparedVirtual): number {
    const k = v.k;
    if (k.key === null) return -1;
    const c = this.cols;
    if (v.proto >= 0) {
      // IPv4 and fwmark services by a number (protocol, address, port or mark): no id strings
      this.byNumber ??= new ServiceRowIndex(c);
      return this.byNumber.get(v.proto, v.addr4, k.key.port, k.key.fwmark);
    }
    if (this.byId === null) {
      const m = new Map<string, number>();
      for (let s = 0; s < c.nServices; s++) {
        const id = this.id(s);
        if (!m.has(id)) m.set(id, s);
      }
      this.byId = m;
    }
    return this.byId.get(k.id) ?? -1;
  }

  /** The first dest row of service row s at server x's address (and port, unless byAddressOnly), or -1. */
  findDest(s: number, x: PreparedServer, byAddressOnly: boolean): number {
    const c = this.cols;
    const to = c.destStart[s + 1];
    for (let d = c.destStart[s]; d < to; d++) {
      if (!byAddressOnly && c.destPort[d] !== x.port) continue;
      if (x.addr4 >= 0 ? c.destAf[d] === 4 && c.destAddr[d] === x.addr4 : c.destAf[d] === 6 && this.destAddress(d) === x.address) return d;
    }
    return -1;
  }

  /** Is dest row d the virtual's sorry server? */
  isSorry(v: PreparedVirtual, d: number): boolean {
    if (v.c.sorryServer === null) return false;
    const c = this.cols;
    const sameAddress = v.sorryAddr4 >= 0 ? c.destAf[d] === 4 && c.destAddr[d] === v.sorryAddr4 : v.sorryAddress !== null && c.destAf[d] === 6 && this.destAddress(d) === v.sorryAddress;
    return sameAddress && (v.c.fwmark > 0 || (v.k.key?.port ?? null) === c.destPort[d]);
  }
}

/**
 * What the merge found, in columns: for each configured virtual its live row, for each of its
 * servers the dest row it matched and its state; made into MergedService objects on demand.
 */
interface MergeRows {
  readonly prep: readonly PreparedVirtual[];
  readonly live: LiveRows;
  readonly liveRow: Int32Array;
  /** per configured server, in prep order: its dest row or -1, and its state code */
  readonly destOf: Int32Array;
  readonly stateOf: Uint8Array;
  /** first server index of each virtual in destOf/stateOf */
  readonly firstServer: Int32Array;
  /** per dest row: 1 + the last virtual that claimed it (two virtuals can name one service) */
  readonly claimedBy: Int32Array;
  readonly svcState: ServiceState[];
  readonly svcHealth: (Health | null)[];
  readonly svcReason: string[];
  readonly unconfigured: number[];
}

function serviceReason(state: ServiceState, v: PreparedVirtual, live: boolean, unavailable: IpvsUnavailable | null): string {
  const k = v.k;
  switch (state) {
    case 'inactive':
      return live ? 'active = 0 in lvs.cf, but still in the IPVS table (pulse has not reloaded lvs.cf since)' : 'active = 0 in lvs.cf: lvsd does not start it';
    case 'unknown':
      return k.key === null ? `cannot find it in the table: ${k.why}` : `the IPVS table could not be read: ${unavailable!.message}`;
    case 'live':
      return 'in the IPVS table';
    default:
      return unavailable?.reason === 'not-loaded'
        ? 'not in the IPVS table: IPVS is not loaded (pulse has not started lvsd here, or this router is the standby)'
        : 'not in the IPVS table: pulse/lvsd is not running, or this router is the standby';
  }
}

/** Configured virtual vi as a MergedService (its servers' rows found by the merge pass). */
function materializeVirtual(m: MergeRows, vi: number, rates: RateView | null | undefined, sidecar: Sidecar | null | undefined, blind: boolean): MergedService {
  const v = m.prep[vi];
  const cols = m.live.cols;
  const row = m.liveRow[vi];
  const live = row >= 0 ? cols.service(row) : null;
  const { c, k } = v;
  const input: ServerInput = { virtualActive: v.active, c, live: live !== null, blind };
  const from = row >= 0 ? cols.destStart[row] : 0;
  const src = rateSource(rates, cols, k.id, row);
  const destAt = (d: number) => live!.dests[d - from];
  const servers: MergedServer[] = [];
  const first = m.firstServer[vi];
  v.servers.forEach((s, i) => {
    const dr = m.destOf[first + i];
    const d = dr >= 0 ? destAt(dr) : null;
    servers.push(mergedServer(s, input, m.stateOf[first + i], d, d ? src.dest(d, dr) : null));
  });
  if (row >= 0) {
    // the rows this virtual's servers took (claimedBy may name a later virtual of the same service)
    const mine = new Set<number>();
    for (let i = 0; i < v.servers.length; i++) if (m.destOf[first + i] >= 0) mine.add(m.destOf[first + i]);
    for (let dr = from; dr < cols.destStart[row + 1]; dr++) {
      if (mine.has(dr)) continue;
      const d = destAt(dr);
      servers.push(unclaimedServer(d, m.live.isSorry(v, dr), src.dest(d, dr)));
    }
  }
  const state = m.svcState[vi];
  return {
    id: k.id,
    name: v.name,
    key: k.key,
    state,
    health: m.svcHealth[vi],
    reason: state === 'live' ? judgeServers(servers).reason : m.svcReason[vi],
    configured: c,
    live: live ? liveSettings(live) : null,
    differences: live && v.active ? differences(c, live) : [],
    marks: marksFor(sidecar, v.fwmark),
    servers,
    ...connectionTotals(servers, live, live ? src.service(live) : null),
  };
}

/** A configured virtual's own servers as an outline (made once: a filter scans it every tick). */
function outlineServers(v: PreparedVirtual): ServiceOutline['servers'] {
  v.outline ??= v.servers.map((s) => ({ name: s.name, address: s.address ?? s.rawAddress }));
  return v.outline;
}

/** Service i's outline: materializeVirtual's or materializeUnconfigured's strings, nothing else. */
function outlineOf(m: MergeRows, i: number): ServiceOutline {
  const cols = m.live.cols;
  const unclaimed = (row: number, skip: (dr: number) => boolean) => {
    const out: { name: null; address: string }[] = [];
    for (let dr = cols.destStart[row]; dr < cols.destStart[row + 1]; dr++) if (!skip(dr)) out.push({ name: null, address: liveAddress(cols.destAddress(dr)) });
    return out;
  };
  if (i >= m.prep.length) {
    const row = m.unconfigured[i - m.prep.length];
    return { id: m.live.id(row), name: null, servers: unclaimed(row, () => false) };
  }
  const v = m.prep[i];
  const row = m.liveRow[i];
  if (row < 0) return { id: v.k.id, name: v.name, servers: outlineServers(v) };
  const first = m.firstServer[i];
  let claimed = 0;
  for (let j = 0; j < v.servers.length; j++) if (m.destOf[first + j] >= 0) claimed++;
  if (claimed === cols.destStart[row + 1] - cols.destStart[row]) return { id: v.k.id, name: v.name, servers: outlineServers(v) };
  const mine = new Set<number>();
  for (let j = 0; j < v.servers.length; j++) if (m.destOf[first + j] >= 0) mine.add(m.destOf[first + j]);
  return { id: v.k.id, name: v.name, servers: [...outlineServers(v), ...unclaimed(row, (dr) => mine.has(dr))] };
}

/** A live row lvs.cf does not describe, as a MergedService. */
function materializeUnconfigured(m: MergeRows, row: number, rates: RateView | null | undefined, sidecar: Sidecar | null | undefined): MergedService {
  const cols = m.live.cols;
  const l = cols.service(row);
  const key: ServiceKey = { protocol: l.protocol, af: l.af, address: l.protocol === 'FWM' ? '' : liveAddress(l.address), port: l.port, fwmark: l.fwmark };
  const id = serviceId(key);
  const src = rateSource(rates, cols, id, row);
  const from = cols.destStart[row];
  const servers = l.dests.map((d, i) => unclaimedServer(d, false, src.dest(d, from + i)));
  return {
    id,
    name: null,
    key,
    state: 'unconfigured',
    health: null,
    reason: 'in the IPVS table, but lvs.cf does not describe it (added by hand, or lvs.cf changed since pulse started)',
    configured: null,
    live: liveSettings(l),
    differences: [],
    marks: marksFor(sidecar, l.fwmark),
    servers,
    ...connectionTotals(servers, l, src.service(l)),
  };
}

/**
 * Merges one sample of the live table with lvs.cf. `rates` (computed from two samples) wins over
 * the rates the sample carries (the kernel's estimator via ipvsadm --rate) wherever it has an
 * entry, even a null one (a counter reset: no rate for that interval rather than a stale one);
 * `sidecar` adds the traffic each firewall mark stands for.
 *
 * The states, counts and health are worked out on the table's columns with integer keys; the
 * MergedService objects (100,000 real servers on a big router) are made when `services` is first
 * read, all at once, or one by one through serviceAt().
 */
export function mergeLive(config: ConfigFacts, sample: IpvsSample, rates?: RateView | null, sidecar?: Sidecar | null): MonitorView {
  const blind = sample.unavailable !== null && sample.unavailable.reason !== 'not-loaded';
  const cols = columnsOf(sample);
  const live = new LiveRows(cols);
  const prep = prepare(config);
  let nServers = 0;
  const firstServer = new Int32Array(prep.length + 1);
  prep.forEach((v, i) => {
    firstServer[i] = nServers;
    nServers += v.servers.length;
  });
  firstServer[prep.length] = nServers;
  const m: MergeRows = {
    prep,
    live,
    liveRow: new Int32Array(prep.length).fill(-1),
    destOf: new Int32Array(nServers).fill(-1),
    stateOf: new Uint8Array(nServers),
    firstServer,
    claimedBy: new Int32Array(cols.nDests),
    svcState: new Array<ServiceState>(prep.length),
    svcHealth: new Array<Health | null>(prep.length),
    svcReason: new Array<string>(prep.length),
    unconfigured: [],
  };
  const claimedSvc = new Uint8Array(cols.nServices);
  const serviceCounts = emptyCounts(SERVICE_STATES);
  const serverCounts = emptyCounts(SERVER_STATES);
  const codeCounts = new Float64Array(SERVER_STATES.length);
  const judged: { health: Health | null; state: ServiceState }[] = [];
  const tally: ServerTally = emptyTally();

  for (let vi = 0; vi < prep.length; vi++) {
    const v = prep[vi];
    const row = blind ? -1 : live.find(v);
    m.liveRow[vi] = row;
    if (row >= 0) claimedSvc[row] = 1;
    const input: ServerInput = { virtualActive: v.active, c: v.c, live: row >= 0, blind };
    const byAddressOnly = row >= 0 && cols.svcProto[row] === FWM;
    const t = tally;
    t.wanted = t.serving = t.ramping = t.failing = t.extra = 0;
    t.sorry = false;
    const first = firstServer[vi];
    for (let i = 0; i < v.servers.length; i++) {
      const s = v.servers[i];
      let d = -1;
      if (row >= 0 && s.address !== null && (s.port !== null || v.c.fwmark > 0)) {
        d = live.findDest(row, s, byAddressOnly);
        if (d >= 0) {
          if (m.claimedBy[d] === vi + 1) d = -1;
          else m.claimedBy[d] = vi + 1;
        }
      }
      const code = serverStateCode(s, input, d >= 0 ? cols.destWeight[d] : null);
      m.destOf[first + i] = d;
      m.stateOf[first + i] = code;
      codeCounts[code]++;
      tallyServer(t, SERVER_STATES[code], null);
    }
    if (row >= 0) {
      for (let d = cols.destStart[row]; d < cols.destStart[row + 1]; d++) {
        if (m.claimedBy[d] === vi + 1) continue;
        const code = live.isSorry(v, d) ? SORRY : UNCONFIGURED;
        codeCounts[code]++;
        tallyServer(t, SERVER_STATES[code], cols.destWeight[d]);
      }
    }
    let state: ServiceState;
    if (!v.active) state = 'inactive';
    else if (v.k.key === null || blind) state = 'unknown';
    else if (row >= 0) state = 'live';
    else state = 'missing';
    const health: Health | null = state === 'inactive' ? null : state === 'unknown' ? 'unknown' : state === 'missing' ? 'down' : tallyHealth(t);
    m.svcState[vi] = state;
    m.svcHealth[vi] = health;
    m.svcReason[vi] = state === 'live' ? '' : serviceReason(state, v, row >= 0, sample.unavailable);
    serviceCounts[state]++;
    judged.push({ health, state });
  }
  for (let s = 0; s < cols.nServices; s++) {
    if (claimedSvc[s]) continue;
    m.unconfigured.push(s);
    serviceCounts.unconfigured++;
    codeCounts[UNCONFIGURED] += cols.destStart[s + 1] - cols.destStart[s];
    judged.push({ health: null, state: 'unconfigured' });
  }
  SERVER_STATES.forEach((st, i) => (serverCounts[st] = codeCounts[i]));
  const verdict = judgeView(judged, sample.unavailable);

  const count = prep.length + m.unconfigured.length;
  const make = (i: number): MergedService => (i < prep.length ? materializeVirtual(m, i, rates, sidecar, blind) : materializeUnconfigured(m, m.unconfigured[i - prep.length], rates, sidecar));
  let all: readonly MergedService[] | null = null;
  // not kept: a writer streaming 10,000 services drops each once written (services keeps them all)
  const serviceAt = (i: number): MergedService => (all !== null ? all[i] : make(i));
  const serviceOutlineAt = (i: number): ServiceOutline => (all !== null ? all[i] : outlineOf(m, i));
  const view = {
    at: sample.at,
    ipvs: {
      available: sample.unavailable === null,
      unavailable: sample.unavailable,
      version: sample.version,
      connTabSize: sample.connTabSize,
      source: sample.source,
      notes: sample.notes,
    },
    serviceCount: count,
    serviceAt,
    serviceOutlineAt,
    counts: { services: serviceCounts, servers: serverCounts },
    total: sample.total,
    totalRate: rates ? rates.total.rates : sample.totalRate,
    health: verdict.health,
    summary: verdict.summary,
  } as Omit<MonitorView, 'services'> as MonitorView;
  Object.defineProperty(view, 'services', {
    enumerable: true,
    get: () => {
      if (all === null) {
        const out: MergedService[] = new Array<MergedService>(count);
        for (let i = 0; i < count; i++) out[i] = make(i);
        all = out;
      }
      return all;
    },
  });
  return view;
}

/** How many services a view has, without making them when the view can say. */
export function serviceCountOf(v: MonitorView): number {
  return v.serviceCount ?? v.services.length;
}

/** Service i's id, name and servers' names and addresses, without making it when the view can. */
export function serviceOutlineOf(v: MonitorView, i: number): ServiceOutline {
  return v.serviceOutlineAt ? v.serviceOutlineAt(i) : v.services[i];
}

/** Service i of a view, made alone when the view can. */
export function serviceOf(v: MonitorView, i: number): MergedService {
  return v.serviceAt ? v.serviceAt(i) : v.services[i];
}
