// The object-based mergeLive as it was before the merge worked on columns (commit 5afb2f5), kept
// unchanged but for its import paths as the reference the columnar merge is checked against.

// The live IPVS table merged with lvs.cf: for each configured virtual server and real server, what
// the kernel has for it now, in the terms an LVS admin thinks in (nanny removed it, quiesced it,
// is ramping it up; pulse is not running or this is the standby), and what the table holds that
// lvs.cf does not describe. Pure: the CLI's `status`, the dashboard and the demo share it.
//
// Matching follows lvsd: a virtual is the service `-t|-u VIP:PORT` or `-f MARK`; each active real
// server is `RIP:RPORT` under it (for a firewall-mark service the kernel keeps port 0, so by address).

import { LvsConfig, VirtualServer } from '../../src/config/model';
import { Sidecar } from '../../src/apply/sidecar-model';
import { Counters, ForwardMethod, IpvsSample, IpvsUnavailable, LiveDest, LiveService, Rates, ServiceKey, destId, serviceId } from '../../src/monitor/ipvs-types';
import { canonicalAddress } from '../../src/monitor/merge-address';
import { Health, judgeServers, judgeView } from '../../src/monitor/merge-health';
import { servicePort } from '../../src/monitor/merge-ports';

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

export interface MonitorView {
  /** the sample's monotonic time */
  readonly at: number;
  readonly ipvs: IpvsState;
  /** configured virtuals in lvs.cf order (failover blocks are not IPVS services), then unconfigured ones */
  readonly services: readonly MergedService[];
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
export function configuredKey(v: VirtualServer): KeyResult {
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

function configuredOf(v: VirtualServer): ConfiguredService {
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

/** The dests of a live service, by address:port (by address for a firewall-mark service). */
class DestIndex {
  /** a map only for big services: for the usual handful of real servers a scan allocates nothing */
  private readonly byKey: Map<string, number> | null = null;
  private readonly addresses: readonly string[];
  /** claimed[i]: dest i was matched to a configured real server */
  readonly claimed: boolean[];
  constructor(
    readonly live: LiveService,
    private readonly byAddressOnly: boolean,
  ) {
    const dests = live.dests;
    this.addresses = dests.map((d) => liveAddress(d.address));
    this.claimed = new Array<boolean>(dests.length).fill(false);
    if (dests.length > 32) {
      this.byKey = new Map();
      for (let i = 0; i < dests.length; i++) {
        const k = this.keyOf(this.addresses[i], dests[i].port);
        if (!this.byKey.has(k)) this.byKey.set(k, i);
      }
    }
  }
  private keyOf(address: string, port: number | null): string {
    return this.byAddressOnly ? address : `${address}|${port}`;
  }
  private find(address: string, port: number | null): number {
    if (this.byKey) return this.byKey.get(this.keyOf(address, port)) ?? -1;
    const dests = this.live.dests;
    for (let i = 0; i < dests.length; i++) if (this.addresses[i] === address && (this.byAddressOnly || dests[i].port === port)) return i;
    return -1;
  }
  take(address: string, port: number | null): LiveDest | null {
    const i = this.find(address, port);
    if (i < 0 || this.claimed[i]) return null;
    this.claimed[i] = true;
    return this.live.dests[i];
  }
}

interface ServerInput {
  readonly virtualActive: boolean;
  readonly c: ConfiguredService;
  readonly index: DestIndex | null;
  /** the table could not be read */
  readonly blind: boolean;
  readonly rates: RateView | null | undefined;
  readonly sid: string;
}

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

function destRate(input: { rates: RateView | null | undefined; sid: string }, d: LiveDest | null): Rates | null {
  if (!d) return null;
  const entry = input.rates?.services.get(input.sid)?.dests.get(destId(d));
  return entry ? entry.rates : d.rate;
}

/** A real server's values as the merge needs them, read from the model once per lvs.cf. */
interface PreparedServer {
  readonly name: string;
  readonly line: number;
  readonly active: boolean;
  readonly weight: number;
  readonly rawAddress: string;
  readonly address: string | null;
  readonly portText: string;
  readonly port: number | null;
}

interface PreparedVirtual {
  readonly name: string;
  readonly active: boolean;
  readonly fwmark: number;
  readonly c: ConfiguredService;
  readonly k: KeyResult;
  readonly sorryAddress: string | null;
  readonly servers: readonly PreparedServer[];
}

/**
 * The lvs.cf side of the merge, computed once per LvsConfig: the model's values are read lazily
 * from the parsed file (cheap in memory, not free in time), and a sampler merges the same
 * config every tick. A WeakMap: nothing is kept once the config is dropped.
 */
const prepared = new WeakMap<LvsConfig, readonly PreparedVirtual[]>();

function prepare(config: LvsConfig): readonly PreparedVirtual[] {
  const cached = prepared.get(config);
  if (cached) return cached;
  const out: PreparedVirtual[] = [];
  for (const v of config.virtuals) {
    if (v.kind !== 'virtual') continue;
    const c = configuredOf(v);
    out.push({
      name: v.name,
      active: v.active,
      fwmark: v.fwmark,
      c,
      k: configuredKey(v),
      sorryAddress: c.sorryServer !== null ? canonicalAddress(c.sorryServer.split(' ')[0]) : null,
      servers: v.servers.map((s) => {
        const rawAddress = s.address;
        const portText = s.port;
        return { name: s.name, line: s.line, active: s.active, weight: s.weight, rawAddress, address: canonicalAddress(rawAddress), portText, port: servicePort(portText) };
      }),
    });
  }
  prepared.set(config, out);
  return out;
}

const UP_REASON = 'in the table at its configured weight';

/** A configured real server's state and why, given what the table has for it (d). */
function serverState(s: PreparedServer, input: ServerInput, d: LiveDest | null): [ServerState, string] {
  const { c, index } = input;
  const configuredWeight = s.weight;
  if (!input.virtualActive || !s.active) {
    const what = !input.virtualActive ? 'its virtual server is inactive (active = 0)' : 'active = 0 in lvs.cf';
    return ['inactive', d ? `${what}, but still in the table at weight ${d.weight} (pulse has not reloaded lvs.cf since)` : what];
  }
  if (input.blind) return ['unknown', 'the IPVS table could not be read'];
  if (!index) return ['missing', 'its virtual service is not in the IPVS table'];
  if (s.address === null) return ['unknown', `address "${s.rawAddress}" is not an IP address (lvs-tui does not look host names up here)`];
  if (s.port === null && c.fwmark <= 0) return ['unknown', `port "${s.portText}" is not a port number or a service name lvs-tui knows`];
  if (!d) return ['down', 'not in the table: nanny removed it after a failed check'];
  const lw = d.weight;
  if (lw === 0 && configuredWeight > 0) {
    const why = c.quiesceServer ? 'nanny quiesced it after a failed check (quiesce_server = 1), or it was drained by hand' : 'drained by hand (quiesce_server = 0, so not by nanny)';
    return ['quiesced', `weight 0 of ${configuredWeight}: ${why}; no new connections`];
  }
  if (lw < configuredWeight) return ['ramping', `weight ${lw} of ${configuredWeight}: nanny's slow start${c.loadMonitor !== 'none' ? ` or load_monitor (${c.loadMonitor})` : ''} (normal)`];
  if (lw > configuredWeight) {
    return ['up', c.loadMonitor !== 'none' ? `weight ${lw}, ${configuredWeight} in lvs.cf: load_monitor (${c.loadMonitor}) raised it (normal)` : `weight ${lw}, ${configuredWeight} in lvs.cf: changed by hand (ipvsadm -e)`];
  }
  return ['up', UP_REASON];
}

function mergeServer(s: PreparedServer, input: ServerInput): MergedServer {
  const index = input.index;
  const d = index && s.address !== null && (s.port !== null || input.c.fwmark > 0) ? index.take(s.address, s.port) : null;
  const [state, reason] = serverState(s, input, d);
  return {
    name: s.name,
    line: s.line,
    address: s.address ?? s.rawAddress,
    port: s.port,
    state,
    reason,
    weight: { configured: s.weight, live: d ? d.weight : null },
    forward: d ? d.forward : null,
    activeconns: d ? d.activeconns : null,
    inactconns: d ? d.inactconns : null,
    persistconns: d ? d.persistconns : null,
    stats: d ? d.stats : null,
    rate: destRate(input, d),
  };
}

function unclaimedServer(d: LiveDest, input: { rates: RateView | null | undefined; sid: string }, sorry: { address: string | null; port: number | null; fwmark: boolean } | null): MergedServer {
  const address = liveAddress(d.address);
  const isSorry = sorry !== null && sorry.address === address && (sorry.fwmark || sorry.port === d.port);
  return {
    name: null,
    line: null,
    address,
    port: d.port,
    state: isSorry ? 'sorry' : 'unconfigured',
    reason: isSorry ? "the virtual's sorry_server: lvsd added it because no real server is up" : 'in the table, but lvs.cf does not describe it (added by hand?)',
    weight: { configured: null, live: d.weight },
    ...liveFields(d, destRate(input, d)),
  };
}

function connectionTotals(servers: readonly MergedServer[], live: LiveService | null, rates: RateView | null | undefined, sid: string) {
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
  const entry = rates?.services.get(sid);
  const rate = live ? (entry ? entry.rates : live.rate) : null;
  return { activeconns, inactconns, persistconns, stats, rate };
}

function emptyCounts<T extends string>(keys: readonly T[]): Record<T, number> {
  const out = {} as Record<T, number>;
  for (const k of keys) out[k] = 0;
  return out;
}

/**
 * Merges one sample of the live table with lvs.cf. `rates` (computed from two samples) wins over
 * the rates the sample carries (the kernel's estimator via ipvsadm --rate) wherever it has an
 * entry, even a null one (a counter reset: no rate for that interval rather than a stale one);
 * `sidecar` adds the traffic each firewall mark stands for.
 */
export function mergeLive(config: LvsConfig, sample: IpvsSample, rates?: RateView | null, sidecar?: Sidecar | null): MonitorView {
  const blind = sample.unavailable !== null && sample.unavailable.reason !== 'not-loaded';
  const liveById = new Map<string, LiveService>();
  for (const l of sample.services) {
    const id = l.protocol !== 'FWM' && l.address.includes(':') ? serviceId({ ...l, address: liveAddress(l.address) }) : serviceId(l);
    if (!liveById.has(id)) liveById.set(id, l);
  }
  const claimed = new Set<LiveService>();
  const services: MergedService[] = [];

  for (const v of prepare(config)) {
    const { c, k } = v;
    const live = k.key ? (liveById.get(k.id) ?? null) : null;
    if (live) claimed.add(live);
    const index = live ? new DestIndex(live, live.protocol === 'FWM') : null;
    const input: ServerInput = { virtualActive: v.active, c, index, blind, rates, sid: k.id };
    const servers = v.servers.map((s) => mergeServer(s, input));
    if (index) {
      const sorry = c.sorryServer !== null ? { address: v.sorryAddress, port: k.key?.port ?? null, fwmark: c.fwmark > 0 } : null;
      live!.dests.forEach((d, i) => {
        if (!index.claimed[i]) servers.push(unclaimedServer(d, input, sorry));
      });
    }
    let state: ServiceState;
    let reason: string;
    if (!v.active) {
      state = 'inactive';
      reason = live ? 'active = 0 in lvs.cf, but still in the IPVS table (pulse has not reloaded lvs.cf since)' : 'active = 0 in lvs.cf: lvsd does not start it';
    } else if (k.key === null) {
      state = 'unknown';
      reason = `cannot find it in the table: ${k.why}`;
    } else if (blind) {
      state = 'unknown';
      reason = `the IPVS table could not be read: ${sample.unavailable!.message}`;
    } else if (live) {
      state = 'live';
      reason = 'in the IPVS table';
    } else {
      state = 'missing';
      reason =
        sample.unavailable?.reason === 'not-loaded'
          ? 'not in the IPVS table: IPVS is not loaded (pulse has not started lvsd here, or this router is the standby)'
          : 'not in the IPVS table: pulse/lvsd is not running, or this router is the standby';
    }
    const judged = state === 'inactive' ? null : state === 'unknown' ? { health: 'unknown' as const, reason } : state === 'missing' ? { health: 'down' as const, reason } : judgeServers(servers);
    services.push({
      id: k.id,
      name: v.name,
      key: k.key,
      state,
      health: judged?.health ?? null,
      reason: state === 'live' && judged ? judged.reason : reason,
      configured: c,
      live: live ? liveSettings(live) : null,
      differences: live && v.active ? differences(c, live) : [],
      marks: marksFor(sidecar, v.fwmark),
      servers,
      ...connectionTotals(servers, live, rates, k.id),
    });
  }

  for (const l of sample.services) {
    if (claimed.has(l)) continue;
    const key: ServiceKey = { protocol: l.protocol, af: l.af, address: l.protocol === 'FWM' ? '' : liveAddress(l.address), port: l.port, fwmark: l.fwmark };
    const id = serviceId(key);
    const input = { rates, sid: id };
    const servers = l.dests.map((d) => unclaimedServer(d, input, null));
    services.push({
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
      ...connectionTotals(servers, l, rates, id),
    });
  }

  const serviceCounts = emptyCounts(SERVICE_STATES);
  const serverCounts = emptyCounts(SERVER_STATES);
  for (const s of services) {
    serviceCounts[s.state]++;
    for (const r of s.servers) serverCounts[r.state]++;
  }
  const verdict = judgeView(services, sample.unavailable);
  return {
    at: sample.at,
    ipvs: {
      available: sample.unavailable === null,
      unavailable: sample.unavailable,
      version: sample.version,
      connTabSize: sample.connTabSize,
      source: sample.source,
      notes: sample.notes,
    },
    services,
    counts: { services: serviceCounts, servers: serverCounts },
    total: sample.total,
    totalRate: rates ? rates.total.rates : sample.totalRate,
    health: verdict.health,
    summary: verdict.summary,
  };
}
