// The live IPVS state as lvs-tui's monitor sees it, whichever source it came from (/proc/net/ip_vs*,
// `ipvsadm -Ln --stats --exact`, `--rate`, `-Lnc`). Parsers produce these; rates, the merge with
// lvs.cf, `status --json`, the dashboard and the demo router consume them. Field names follow
// scenario.json of the spec fixtures where it has one.

import type { IpvsColumns } from './ipvs-columns';

export type IpvsProtocol = 'TCP' | 'UDP' | 'SCTP' | 'FWM';

/** Forwarding method as the kernel names it. */
export type ForwardMethod = 'Masq' | 'Route' | 'Tunnel' | 'Local' | 'Bypass';

/** Counters since module load (or `ipvsadm -Z`); 64-bit in newer kernels, may wrap in old ones. */
export interface Counters {
  readonly conns: number;
  readonly inpkts: number;
  readonly outpkts: number;
  readonly inbytes: number;
  readonly outbytes: number;
}

/** Per-second values: the kernel's own estimator (ipvsadm --rate) or computed from two samples. */
export interface Rates {
  readonly cps: number;
  readonly inpps: number;
  readonly outpps: number;
  readonly inbps: number;
  readonly outbps: number;
}

/** A virtual service's identity: what lvsd matches on (VIP, protocol, port) or the firewall mark. */
export interface ServiceKey {
  readonly protocol: IpvsProtocol;
  /** 4 or 6 (an FWM service's family shows only through its real servers; 4 when it has none) */
  readonly af: 4 | 6;
  /** dotted quad or compressed IPv6; '' for FWM */
  readonly address: string;
  /** 0 for FWM */
  readonly port: number;
  /** 0 unless FWM */
  readonly fwmark: number;
}

export interface LiveDest {
  readonly address: string;
  readonly port: number;
  readonly forward: ForwardMethod;
  readonly weight: number;
  readonly activeconns: number;
  readonly inactconns: number;
  /** from `ipvsadm --persistent-conn`, else null */
  readonly persistconns: number | null;
  /** from `ipvsadm -Ln --stats --exact`, else null (/proc does not carry them) */
  readonly stats: Counters | null;
  /** from `ipvsadm -Ln --rate`, else null */
  readonly rate: Rates | null;
}

export interface LiveService extends ServiceKey {
  readonly scheduler: string;
  /** e.g. sh-fallback, sh-port (ipvsadm only) */
  readonly sched_flags: readonly string[];
  /** persistence timeout in seconds, null when not persistent */
  readonly persistent_timeout: number | null;
  /** IPv4 persistence netmask (dotted quad) or IPv6 prefix length as text; null when not persistent */
  readonly netmask: string | null;
  readonly ops: boolean;
  readonly stats: Counters | null;
  readonly rate: Rates | null;
  readonly dests: readonly LiveDest[];
}

/** Why there is no table to show; a clear state on screen, never a crash. */
export type IpvsUnavailable =
  | { readonly reason: 'not-loaded'; readonly message: string } // no /proc/net/ip_vs: IPVS not loaded
  | { readonly reason: 'permission'; readonly message: string }
  | { readonly reason: 'unreadable'; readonly message: string }; // malformed or failed read

/** One sample of the live state. */
export interface IpvsSample {
  /** monotonic milliseconds (performance.now / process.hrtime) when it was taken */
  readonly at: number;
  /** null when the table could be read */
  readonly unavailable: IpvsUnavailable | null;
  /** "1.2.1" from the first line of /proc/net/ip_vs */
  readonly version: string | null;
  /** the connection hash table size (not a number of connections) */
  readonly connTabSize: number | null;
  readonly services: readonly LiveService[];
  /** /proc/net/ip_vs_stats totals, null when not read */
  readonly total: Counters | null;
  /** /proc/net/ip_vs_stats estimator rates, null when not read */
  readonly totalRate: Rates | null;
  /** where the per-service and per-server counters came from */
  readonly source: 'proc' | 'proc+ipvsadm';
  /** problems that did not stop the sample (ipvsadm missing, one file unreadable) */
  readonly notes: readonly string[];
  /**
   * The same rows as columns (ipvs-columns.ts), when a reader made the sample: `services` is then
   * made from them on first use. Samples built by hand leave it out.
   */
  readonly columns?: IpvsColumns;
}

/** The same identity as text, for maps and messages: "TCP 10.0.0.10:80", "FWM 100". */
export function serviceId(k: ServiceKey): string {
  if (k.protocol === 'FWM') return `FWM ${k.fwmark}`;
  return k.af === 6 ? `${k.protocol} [${k.address}]:${k.port}` : `${k.protocol} ${k.address}:${k.port}`;
}

export function destId(d: { address: string; port: number }): string {
  return d.address.includes(':') ? `[${d.address}]:${d.port}` : `${d.address}:${d.port}`;
}
