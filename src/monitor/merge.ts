// The live IPVS table merged with lvs.cf: for each configured virtual server and real server, what
// the kernel has for it now, in the terms an LVS admin thinks in (nanny removed it, quiesced it,
// is ramping it up; pulse is not running or this is the standby), and what the table holds that
// lvs.cf does not describe. Pure: the CLI's `status`, the dashboard and the demo share it.
//
// Matching follows lvsd: a virtual is the service `-t|-u VIP:PORT` or `-f MARK`; each active real
// server is `RIP:RPORT` under it (for a firewall-mark service the kernel keeps port 0, so by address).

import { LvsConfig, RealServer, VirtualServer } from '../config/model';
import { Sidecar } from '../apply/sidecar-model';
import { Counters, ForwardMethod, IpvsSample, IpvsUnavailable, LiveDest, LiveService, Rates, ServiceKey, destId, serviceId } from './ipvs-types';
import { canonicalAddress } from './merge-address';
import { Health, judgeServers, judgeView } from './merge-health';
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
  private readonly byKey = new Map<string, LiveDest>();
  readonly claimed = new Set<LiveDest>();
  constructor(
    readonly live: LiveService,
    private readonly byAddressOnly: boolean,
  ) {
    for (const d of live.dests) {
      const k = this.keyOf(liveAddress(d.address), d.port);
      if (!this.byKey.has(k)) this.byKey.set(k, d);
    }
  }
  private keyOf(address: string, port: number | null): string {
    return this.byAddressOnly ? address : `${address}|${port}`;
  }
  take(address: string, port: number | null): LiveDest | null {
    const d = this.byKey.get(this.keyOf(address, port));
    if (!d || this.claimed.has(d)) return null;
    this.claimed.add(d);
    return d;
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

function mergeServer(s: RealServer, input: ServerInput): MergedServer {
  const { c, index } = input;
  const active = s.active;
  const configuredWeight = s.weight;
  const rawAddress = s.address;
  const address = canonicalAddress(rawAddress);
  const port = servicePort(s.port);
  const base = { name: s.name, line: s.line, address: address ?? rawAddress, port };
  const d = index && address !== null && (port !== null || c.fwmark > 0) ? index.take(address, port) : null;
  const liveWeight = d ? d.weight : null;
  const out = (state: ServerState, reason: string): MergedServer => ({
    ...base,
    state,
    reason,
    weight: { configured: configuredWeight, live: liveWeight },
    ...liveFields(d, destRate(input, d)),
  });
  const stale = d ? `, but still in the table at weight ${d.weight} (pulse has not reloaded lvs.cf since)` : '';
  if (!input.virtualActive) return out('inactive', `its virtual server is inactive (active = 0)${stale}`);
  if (!active) return out('inactive', `active = 0 in lvs.cf${stale}`);
  if (input.blind) return out('unknown', 'the IPVS table could not be read');
  if (!index) return out('missing', 'its virtual service is not in the IPVS table');
  if (address === null) return out('unknown', `address "${rawAddress}" is not an IP address (lvs-tui does not look host names up here)`);
  if (port === null && c.fwmark <= 0) return out('unknown', `port "${s.port}" is not a port number or a service name lvs-tui knows`);
  if (!d) return out('down', 'not in the table: nanny removed it after a failed check');
  const lw = d.weight;
  const tool = c.loadMonitor !== 'none' ? ` or load_monitor (${c.loadMonitor})` : '';
  if (lw === 0 && configuredWeight > 0) {
    const why = c.quiesceServer ? 'nanny quiesced it after a failed check (quiesce_server = 1), or it was drained by hand' : 'drained by hand (quiesce_server = 0, so not by nanny)';
    return out('quiesced', `weight 0 of ${configuredWeight}: ${why}; no new connections`);
  }
  if (lw < configuredWeight) return out('ramping', `weight ${lw} of ${configuredWeight}: nanny's slow start${tool} (normal)`);
  if (lw > configuredWeight) {
    return out('up', c.loadMonitor !== 'none' ? `weight ${lw}, ${configuredWeight} in lvs.cf: load_monitor (${c.loadMonitor}) raised it (normal)` : `weight ${lw}, ${configuredWeight} in lvs.cf: changed by hand (ipvsadm -e)`);
  }
  return out('up', `in the table at weight ${lw}`);
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
    const id = serviceId(l.protocol === 'FWM' ? l : { ...l, address: liveAddress(l.address) });
    if (!liveById.has(id)) liveById.set(id, l);
  }
  const claimed = new Set<LiveService>();
  const services: MergedService[] = [];

  for (const v of config.virtuals) {
    if (v.kind !== 'virtual') continue;
    const c = configuredOf(v);
    const k = configuredKey(v);
    const live = k.key ? (liveById.get(k.id) ?? null) : null;
    if (live) claimed.add(live);
    const index = live ? new DestIndex(live, live.protocol === 'FWM') : null;
    const input: ServerInput = { virtualActive: v.active, c, index, blind, rates, sid: k.id };
    const servers = v.servers.map((s) => mergeServer(s, input));
    if (index) {
      const sorry = c.sorryServer !== null ? { address: canonicalAddress(c.sorryServer.split(' ')[0]), port: k.key?.port ?? null, fwmark: c.fwmark > 0 } : null;
      for (const d of live!.dests) if (!index.claimed.has(d)) servers.push(unclaimedServer(d, input, sorry));
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
