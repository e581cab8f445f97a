// /proc/net/ip_vs: the service table (spec ipvs-formats.md §2.1). It carries services, scheduler,
// ops, persistence and real servers with forwarding, weight and Active/InAct, but no counters, no
// scheduler flags and no PersistConn: those come from ipvsadm (see sample.ts).
//
// Three service-line shapes: `TCP  0A00000A:0050 wlc  [ops ][persistent 300 FFFFFF00]`, the same
// with `[long IPv6]:PPPP` (no ops marker), and `FWM  00000064 wlc [ops ][persistent ...]`.
// An FWM service's family shows only through its real servers, so af and the IPv6 persistence
// mask are settled once its server lines are read.

import { ForwardMethod, IpvsProtocol, LiveDest, LiveService } from './ipvs-types';
import { fields, hex, decimal, signedDecimal, lines } from './parse-fields';
import { ipv4FromHex, parseProcHostPort } from './parse-address';
import { ParseIssue, quote } from './parse-issue';

export interface ProcIpvsTable {
  /** "1.2.1" from `IP Virtual Server version 1.2.1 (size=4096)`; null when that line is missing */
  readonly version: string | null;
  readonly connTabSize: number | null;
  readonly services: LiveService[];
  readonly issues: ParseIssue[];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const VERSION_LINE = /^IP Virtual Server version (\S+) \(size=(\d+)\)/;
const SERVICE_PROTOCOLS: ReadonlySet<string> = new Set(['TCP', 'UDP', 'SCTP', 'FWM']);
const FORWARDS: ReadonlySet<string> = new Set(['Masq', 'Route', 'Tunnel', 'Local', 'Bypass']);

interface Pending {
  svc: Mutable<LiveService>;
  dests: LiveDest[];
  /** the raw persistence mask, decoded once the family is known */
  maskHex: string | null;
  line: number;
}

/**
 * The persistence mask field. IPv4: a netmask (FFFFFF00 → 255.255.255.0). IPv6: the kernel keeps
 * the prefix length there and prints ntohl() of it, so /128 reads 80000000 on a little-endian host
 * and 00000080 on a big-endian one; either way the prefix is the byte that is not zero.
 */
export function decodeProcMask(maskHex: string, af: 4 | 6): string | null {
  if (af === 4) return ipv4FromHex(maskHex);
  const n = hex(maskHex);
  if (n === null || maskHex.length > 8) return null;
  if (n <= 128) return String(n);
  const swapped = (((n & 0xff) << 24) | (((n >>> 8) & 0xff) << 16) | (((n >>> 16) & 0xff) << 8) | (n >>> 24)) >>> 0;
  return swapped <= 128 ? String(swapped) : null;
}

function finish(p: Pending, issues: ParseIssue[]): LiveService {
  const svc = p.svc;
  svc.dests = p.dests;
  if (svc.protocol === 'FWM' && p.dests.some((d) => d.address.includes(':'))) svc.af = 6;
  if (p.maskHex !== null) {
    svc.netmask = decodeProcMask(p.maskHex, svc.af);
    if (svc.netmask === null) issues.push({ line: p.line, message: `persistence mask ${p.maskHex} is neither a netmask nor a prefix length` });
  }
  return svc;
}

function parseService(f: string[], lineNo: number, issues: ParseIssue[]): Pending | null {
  const protocol = f[0];
  if (!SERVICE_PROTOCOLS.has(protocol)) {
    // the kernel names other protocols IP_<n>; anything else is not a service line at all
    const message = /^IP_\d+$/.test(protocol) ? `unsupported service protocol ${protocol}; its real servers are skipped` : `unreadable line ${quote(f.join(' '))}`;
    issues.push({ line: lineNo, message });
    return null;
  }
  if (f.length < 3) {
    issues.push({ line: lineNo, message: `truncated service line ${quote(f.join(' '))}` });
    return null;
  }
  const svc: Mutable<LiveService> = {
    protocol: protocol as IpvsProtocol,
    af: 4,
    address: '',
    port: 0,
    fwmark: 0,
    scheduler: f[2],
    sched_flags: [],
    persistent_timeout: null,
    netmask: null,
    ops: false,
    stats: null,
    rate: null,
    dests: [],
  };
  if (protocol === 'FWM') {
    const mark = f[1].length === 8 ? hex(f[1]) : null;
    if (mark === null) {
      issues.push({ line: lineNo, message: `bad firewall mark ${quote(f[1])}` });
      return null;
    }
    svc.fwmark = mark;
  } else {
    const hp = parseProcHostPort(f[1]);
    if (hp === null) {
      issues.push({ line: lineNo, message: `bad service address ${quote(f[1])}` });
      return null;
    }
    svc.af = hp.af;
    svc.address = hp.address;
    svc.port = hp.port;
  }
  let maskHex: string | null = null;
  for (let i = 3; i < f.length; i++) {
    if (f[i] === 'ops') svc.ops = true;
    else if (f[i] === 'persistent' && i + 2 < f.length && decimal(f[i + 1]) !== null) {
      svc.persistent_timeout = decimal(f[i + 1]);
      maskHex = f[i + 2];
      i += 2;
    } else {
      issues.push({ line: lineNo, message: `unknown service flag ${quote(f[i])}` });
      break;
    }
  }
  return { svc, dests: [], maskHex, line: lineNo };
}

function parseDest(f: string[], lineNo: number, issues: ParseIssue[]): LiveDest | null {
  if (f.length < 6) {
    issues.push({ line: lineNo, message: 'truncated real-server line' });
    return null;
  }
  const hp = parseProcHostPort(f[1]);
  const weight = signedDecimal(f[3]);
  const activeconns = decimal(f[4]);
  const inactconns = decimal(f[5]);
  if (hp === null || !FORWARDS.has(f[2]) || weight === null || activeconns === null || inactconns === null) {
    issues.push({ line: lineNo, message: `unreadable real-server line` });
    return null;
  }
  return { address: hp.address, port: hp.port, forward: f[2] as ForwardMethod, weight, activeconns, inactconns, persistconns: null, stats: null, rate: null };
}

/** Parses the text of /proc/net/ip_vs. Never throws. */
export function parseProcIpvs(text: string): ProcIpvsTable {
  const issues: ParseIssue[] = [];
  const services: LiveService[] = [];
  let version: string | null = null;
  let connTabSize: number | null = null;
  let current: Pending | null = null;
  // after a service line that could not be read, its server lines are skipped without one issue each
  let skipping = false;
  const all = lines(text);
  for (let i = 0; i < all.length; i++) {
    const line = all[i];
    const lineNo = i + 1;
    const f = fields(line);
    if (f.length === 0) continue;
    if (f[0] === '->') {
      if (f[1] === 'RemoteAddress:Port') continue;
      if (current === null) {
        if (!skipping) issues.push({ line: lineNo, message: 'real server outside any service' });
        continue;
      }
      const d = parseDest(f, lineNo, issues);
      if (d !== null) current.dests.push(d);
      continue;
    }
    if (f[0] === 'Prot') continue;
    const v = VERSION_LINE.exec(line);
    if (v !== null) {
      version = v[1];
      connTabSize = Number(v[2]);
      continue;
    }
    if (current !== null) services.push(finish(current, issues));
    current = parseService(f, lineNo, issues);
    skipping = current === null;
  }
  if (current !== null) services.push(finish(current, issues));
  return { version, connTabSize, services, issues };
}
