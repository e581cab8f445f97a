// /proc/net/ip_vs_conn and /proc/net/ip_vs_conn_sync (spec §2.3): the connection table.
//
// Row: `PRO CADDR CPRT VADDR VPRT DADDR DPRT STATE EXPIRES [PENAME PEDATA]`, addresses 8 hex digits
// (network order) or long IPv6 without brackets, ports 4 hex digits, Expires decimal seconds. The
// _sync variant has an Origin column (LOCAL or SYNC) before Expires. The protocol column is 3 wide,
// so SCTP shifts the row: fields are split on whitespace, and each is checked (pitfall 16: patched
// kernels add columns; an unknown layout is reported, not guessed).
//
// The table can hold millions of rows (pitfall 18): read it on demand, not every tick.

import { fields, decimal, lines } from './parse-fields';
import { hexPort, parseConnAddress } from './parse-address';
import { ParseIssue, quote } from './parse-issue';

export interface IpvsConnection {
  /** TCP, UDP, SCTP, IP (fwmark templates), ICMP, ICMPv6 or IP_<n> */
  readonly proto: string;
  readonly caddr: string;
  readonly cport: number;
  /** the VIP; for an fwmark template the mark as a dotted quad (0.0.0.100), as ipvsadm shows it */
  readonly vaddr: string;
  readonly vport: number;
  readonly daddr: string;
  readonly dport: number;
  readonly state: string;
  /** seconds left */
  readonly expires: number;
  /** a persistence template: counts in PersistConn, not in Active/InAct */
  readonly template: boolean;
  /** the fwmark of an fwmark template (proto IP), else 0 */
  readonly fwmark: number;
  /** ip_vs_conn_sync only: LOCAL, or SYNC for entries learned from the master */
  readonly origin: string | null;
  /** persistence engine name and data (SIP Call-ID), when attached */
  readonly peName: string | null;
  readonly peData: string | null;
}

export interface ConnTable {
  readonly connections: IpvsConnection[];
  /** true for ip_vs_conn_sync (the Origin column) */
  readonly sync: boolean;
  readonly issues: ParseIssue[];
}

/** Every state name the kernel prints (TCP, UDP, SCTP, templates, out of range). */
export const CONN_STATES: ReadonlySet<string> = new Set([
  'NONE', 'ESTABLISHED', 'SYN_SENT', 'SYN_RECV', 'FIN_WAIT', 'TIME_WAIT', 'CLOSE', 'CLOSE_WAIT', 'LAST_ACK', 'LISTEN', 'SYNACK',
  'UDP',
  'INIT1', 'INIT', 'C-SENT', 'C-REPLIED', 'C-WAIT', 'COOKIE', 'C-ECHOED', 'S-SENT', 'S-RECEIVED', 'S-ACK-SENT', 'REJECTED', 'CLOSED',
  'ASSURED',
  'ERR!', '?',
]);

const PROTO = /^(TCP|UDP|SCTP|IP|ICMP|ICMPv6|IP_\d+)$/;

/**
 * A template: fwmark templates are protocol IP; the others have client port 0 and state ASSURED
 * (4.19+) or NONE (older kernels; a real connection in NONE still has its client port).
 */
export function isTemplate(proto: string, cport: number, state: string): boolean {
  return proto === 'IP' || (cport === 0 && (state === 'ASSURED' || state === 'NONE'));
}

/** The mark an fwmark template carries in its VIP field (0.0.0.100 → 100). */
export function markFromAddress(a: string): number {
  const p = a.split('.');
  return p.length === 4 ? ((Number(p[0]) << 24) | (Number(p[1]) << 16) | (Number(p[2]) << 8) | Number(p[3])) >>> 0 : 0;
}

function parseRow(f: string[], sync: boolean): IpvsConnection | string {
  const base = sync ? 10 : 9;
  if (f.length !== base && !(!sync && f.length === base + 2)) return `unexpected layout (${f.length} fields)`;
  if (!PROTO.test(f[0])) return `unknown protocol ${quote(f[0])}`;
  const c = parseConnAddress(f[1]);
  const v = parseConnAddress(f[3]);
  const d = parseConnAddress(f[5]);
  const cport = hexPort(f[2]);
  const vport = hexPort(f[4]);
  const dport = hexPort(f[6]);
  if (c === null || v === null || d === null || cport === null || vport === null || dport === null) return 'unreadable address or port';
  const state = f[7];
  if (!CONN_STATES.has(state)) return `unknown state ${quote(state)}`;
  const origin = sync ? f[8] : null;
  const expires = decimal(f[sync ? 9 : 8]);
  if (expires === null) return `unreadable Expires ${quote(f[sync ? 9 : 8])}`;
  const template = isTemplate(f[0], cport, state);
  return {
    proto: f[0],
    caddr: c.address,
    cport,
    vaddr: v.address,
    vport,
    daddr: d.address,
    dport,
    state,
    expires,
    template,
    fwmark: f[0] === 'IP' ? markFromAddress(v.address) : 0,
    origin,
    peName: !sync && f.length === base + 2 ? f[9] : null,
    peData: !sync && f.length === base + 2 ? f[10] : null,
  };
}

/** Parses /proc/net/ip_vs_conn or ip_vs_conn_sync (told apart by the header). Never throws. */
export function parseProcIpvsConn(text: string): ConnTable {
  const issues: ParseIssue[] = [];
  const connections: IpvsConnection[] = [];
  let sync = false;
  const all = lines(text);
  for (let i = 0; i < all.length; i++) {
    const f = fields(all[i]);
    if (f.length === 0) continue;
    if (f[0] === 'Pro' && f[1] === 'FromIP') {
      sync = f.includes('Origin');
      continue;
    }
    const row = parseRow(f, sync);
    if (typeof row === 'string') issues.push({ line: i + 1, message: row });
    else connections.push(row);
  }
  return { connections, sync, issues };
}
