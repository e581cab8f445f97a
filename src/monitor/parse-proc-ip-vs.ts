// /proc/net/ip_vs: the service table (spec ipvs-formats.md §2.1). It carries services, scheduler,
// ops, persistence and real servers with forwarding, weight and Active/InAct, but no counters, no
// scheduler flags and no PersistConn: those come from ipvsadm (see sample.ts).
//
// Three service-line shapes: `TCP  0A00000A:0050 wlc  [ops ][persistent 300 FFFFFF00]`, the same
// with `[long IPv6]:PPPP` (no ops marker), and `FWM  00000064 wlc [ops ][persistent ...]`.
// An FWM service's family shows only through its real servers, so af and the IPv6 persistence
// mask are settled once its server lines are read.

import { ForwardMethod, IpvsProtocol, LiveDest, LiveService } from './ipvs-types';
import { decimal, hex } from './parse-fields';
import { dotted, ipv4FromHex, parseProcHostPort } from './parse-address';
import { LineScanner, decAt, forwardAt, hexAt } from './parse-scan';
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

function isSpace(t: string, i: number): boolean {
  return t.charCodeAt(i) === 32;
}

/** The decimal from i up to the next space or the line end, or -1. */
function digitsFrom(t: string, i: number, end: number): number {
  let k = i;
  while (k < end && t.charCodeAt(k) !== 32) k++;
  return decAt(t, i, k);
}

/**
 * The kernel's exact IPv4 real-server line, read at its fixed offsets (spec §2.1: address 5-12, ':'
 * at 13, port 14-17, forwarding at 24, weight at 32, active at 39, inactive at 50), which skips the
 * padding a field scan would walk. Anything else (IPv6, trimmed or re-spaced text) returns null and
 * takes the general path.
 */
function fastDest(t: string, s: number, e: number): LiveDest | null {
  if (e - s < 51 || t.charCodeAt(s + 13) !== 58 || !isSpace(t, s + 18) || !isSpace(t, s + 23) || !isSpace(t, s + 31) || !isSpace(t, s + 38) || !isSpace(t, s + 49)) return null;
  if (isSpace(t, s + 32) || isSpace(t, s + 39) || isSpace(t, s + 50)) return null;
  const a = hexAt(t, s + 5, s + 13);
  const port = hexAt(t, s + 14, s + 18);
  if (a < 0 || port < 0) return null;
  const c = t.charCodeAt(s + 24);
  let forward: ForwardMethod;
  if (c === 82 /* R */ && t.startsWith('Route ', s + 24)) forward = 'Route';
  else if (c === 77 /* M */ && t.startsWith('Masq ', s + 24)) forward = 'Masq';
  else if (c === 84 /* T */ && t.startsWith('Tunnel ', s + 24)) forward = 'Tunnel';
  else if (c === 76 /* L */ && t.startsWith('Local ', s + 24)) forward = 'Local';
  else return null;
  const neg = t.charCodeAt(s + 32) === 45;
  const w = digitsFrom(t, neg ? s + 33 : s + 32, e);
  const activeconns = digitsFrom(t, s + 39, e);
  const inactconns = digitsFrom(t, s + 50, e);
  if (w < 0 || activeconns < 0 || inactconns < 0) return null;
  return { address: dotted(a), port, forward, weight: neg ? -w : w, activeconns, inactconns, persistconns: null, stats: null, rate: null };
}

/** A real-server line in any spacing (the kernel's exact layout takes fastDest). */
function parseDest(sc: LineScanner, issues: ParseIssue[]): LiveDest | null {
  if (sc.count < 6) {
    issues.push({ line: sc.lineNo, message: 'truncated real-server line' });
    return null;
  }
  let address: string | null = null;
  let port = -1;
  if (sc.len(1) === 13 && sc.text.charCodeAt(sc.start(1) + 8) === 58 /* : */) {
    const s = sc.start(1);
    const a = hexAt(sc.text, s, s + 8);
    port = hexAt(sc.text, s + 9, s + 13);
    if (a >= 0) address = dotted(a);
  } else {
    const hp = parseProcHostPort(sc.field(1));
    if (hp !== null) {
      address = hp.address;
      port = hp.port;
    }
  }
  const forward = forwardAt(sc, 2);
  const weight = sc.signed(3);
  const activeconns = sc.dec(4);
  const inactconns = sc.dec(5);
  if (address === null || port < 0 || forward === null || Number.isNaN(weight) || activeconns < 0 || inactconns < 0) {
    issues.push({ line: sc.lineNo, message: `unreadable real-server line` });
    return null;
  }
  return { address, port, forward, weight, activeconns, inactconns, persistconns: null, stats: null, rate: null };
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
  const sc = new LineScanner(text);
  while (sc.nextLine()) {
    // the common line first, before any splitting
    if (current !== null && text.startsWith('  -> ', sc.lineStart)) {
      const d = fastDest(text, sc.lineStart, sc.lineEnd);
      if (d !== null) {
        current.dests.push(d);
        continue;
      }
    }
    sc.split();
    if (sc.count === 0) continue;
    if (sc.is(0, '->')) {
      if (sc.is(1, 'RemoteAddress:Port')) continue;
      if (current === null) {
        if (!skipping) issues.push({ line: sc.lineNo, message: 'real server outside any service' });
        continue;
      }
      const d = parseDest(sc, issues);
      if (d !== null) current.dests.push(d);
      continue;
    }
    if (sc.is(0, 'Prot')) continue;
    if (sc.is(0, 'IP')) {
      const v = VERSION_LINE.exec(sc.line());
      if (v !== null) {
        version = v[1];
        connTabSize = Number(v[2]);
        continue;
      }
    }
    if (current !== null) services.push(finish(current, issues));
    current = parseService(sc.fields(), sc.lineNo, issues);
    skipping = current === null;
  }
  if (current !== null) services.push(finish(current, issues));
  return { version, connTabSize, services, issues };
}
