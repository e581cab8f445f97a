// /proc/net/ip_vs straight into columns (ipvs-columns.ts), for the per-tick read of a big table.
// One pass over the text: the kernel's own IPv4 layout is read at its fixed offsets (spec §2.1),
// numbers from the characters, nothing sliced but the scheduler name (and that interned). A text
// with anything else in it (IPv6, a trimmed or re-spaced copy, an unreadable line) is read by
// parseProcIpvs, the general parser, and turned into columns: the same result, more slowly, with
// its issues.

import { IpvsColumns, FWM, columnsFromServices } from './ipvs-columns';
import { decodeProcMask, parseProcIpvs } from './parse-proc-ip-vs';
import { hexDigit } from './parse-scan';
import { ParseIssue } from './parse-issue';

export interface ProcColumns {
  readonly version: string | null;
  readonly connTabSize: number | null;
  readonly columns: IpvsColumns;
  readonly issues: ParseIssue[];
}

const VERSION_LINE = /^IP Virtual Server version (\S+) \(size=(\d+)\)/;

function hex(t: string, s: number, e: number): number {
  let v = 0;
  for (let k = s; k < e; k++) {
    const d = hexDigit(t.charCodeAt(k));
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

/** Where the last digits() stopped. */
let numEnd = 0;

/** Decimal digits from i up to a space or e (end in numEnd), or -1. */
function digits(t: string, i: number, e: number): number {
  let v = 0;
  let k = i;
  for (; k < e; k++) {
    const c = t.charCodeAt(k);
    if (c === 32) break;
    if (c < 48 || c > 57 || k - i >= 20) return -1;
    v = v * 10 + (c - 48);
  }
  numEnd = k;
  return k === i ? -1 : v;
}

/** A forwarding method word at i (Masq 0, Route 1, Tunnel 2, Local 3), its end in numEnd; -1 otherwise. */
function forwardCode(t: string, i: number): number {
  const c = t.charCodeAt(i);
  if (c === 82 && t.startsWith('Route ', i)) return 1;
  if (c === 77 && t.startsWith('Masq ', i)) return 0;
  if (c === 84 && t.startsWith('Tunnel ', i)) return 2;
  if (c === 76 && t.startsWith('Local ', i)) return 3;
  return -1;
}

/** Hex digits of t[s, e) into NUM[0]; false when one is not a hex digit. */
function hexInto(t: string, s: number, e: number): boolean {
  let v = 0;
  for (let k = s; k < e; k++) {
    const c = t.charCodeAt(k);
    const d = c < 128 ? HEX[c] : -1;
    if (d < 0) return false;
    v = v * 16 + d;
  }
  NUM[0] = v;
  return true;
}

const HEX = new Int8Array(128).fill(-1);
for (let c = 0; c < 128; c++) HEX[c] = hexDigit(c);

// values above 2^31 returned from a function are boxed on the heap: the address goes through here
const NUM = new Float64Array(1);

/** The kernel's IPv4 real-server line at its fixed offsets into cols; false for any other shape. */
function fastDest(t: string, s: number, e: number, cols: IpvsColumns): boolean {
  if (e - s < 51 || t.charCodeAt(s + 13) !== 58) return false;
  if (t.charCodeAt(s + 18) !== 32 || t.charCodeAt(s + 23) !== 32 || t.charCodeAt(s + 31) !== 32 || t.charCodeAt(s + 38) !== 32 || t.charCodeAt(s + 49) !== 32) return false;
  if (!hexInto(t, s + 5, s + 13)) return false;
  const a = NUM[0];
  const port = hex(t, s + 14, s + 18);
  const fwd = forwardCode(t, s + 24);
  if (port < 0 || fwd < 0) return false;
  const neg = t.charCodeAt(s + 32) === 45;
  const w = digits(t, neg ? s + 33 : s + 32, e);
  const act = digits(t, s + 39, e);
  const inact = digits(t, s + 50, e);
  if (w < 0 || act < 0 || inact < 0 || w > 2147483647) return false;
  // what follows the last number is not read, as parseProcIpvs ignores fields past InActConn
  const d = cols.newDest();
  cols.destAf[d] = 4;
  cols.destAddr[d] = a;
  cols.destPort[d] = port;
  cols.destFwd[d] = fwd;
  cols.destWeight[d] = neg ? -w : w;
  cols.destAct[d] = act;
  cols.destInact[d] = inact;
  return true;
}

/** Scheduler names are few: the last ones seen are reused instead of slicing 10,000 strings. */
class Names {
  private readonly seen: string[] = [];
  get(t: string, s: number, e: number): string {
    const n = e - s;
    for (const x of this.seen) if (x.length === n && t.startsWith(x, s)) return x;
    const x = t.slice(s, e);
    if (this.seen.length < 16) this.seen.push(x);
    return x;
  }
}

/**
 * A service line of the kernel's IPv4 or FWM form into cols: `TCP  0A00000A:0050 wlc [ops ]
 * [persistent 300 FFFFFF00]`, `FWM  00000064 wlc ...`. False for any other shape.
 */
function fastService(t: string, s: number, e: number, cols: IpvsColumns, names: Names): boolean {
  let proto: number;
  let p: number;
  const c = t.charCodeAt(s);
  if (c === 84 && t.startsWith('TCP  ', s)) proto = 0;
  else if (c === 85 && t.startsWith('UDP  ', s)) proto = 1;
  else if (c === 83 && t.startsWith('SCTP  ', s)) proto = 2;
  else if (c === 70 && t.startsWith('FWM  ', s)) proto = FWM;
  else return false;
  p = s + (proto === 2 ? 6 : 5);
  let addr = 0;
  let port = 0;
  let mark = 0;
  if (proto === FWM) {
    mark = hex(t, p, p + 8);
    if (mark < 0 || t.charCodeAt(p + 8) !== 32) return false;
    p += 9;
  } else {
    addr = hex(t, p, p + 8);
    port = hex(t, p + 9, p + 13);
    if (addr < 0 || port < 0 || t.charCodeAt(p + 8) !== 58 || t.charCodeAt(p + 13) !== 32) return false;
    p += 14;
  }
  let q = p;
  for (; q < e; q++) {
    const c = t.charCodeAt(q);
    if (c === 32) break;
    if (c === 9 || c === 13 || c === 11 || c === 12) return false;
  }
  if (q === p) return false;
  const sched = names.get(t, p, q);
  let ops = false;
  let persist = -1;
  let mask: string | null = null;
  // the flags: ops, persistent N MASK; anything else goes to the general parser
  for (;;) {
    while (q < e && t.charCodeAt(q) === 32) q++;
    if (q >= e) break;
    if (t.startsWith('ops', q) && (q + 3 === e || t.charCodeAt(q + 3) === 32) && !ops && persist < 0) {
      ops = true;
      q += 3;
    } else if (t.startsWith('persistent ', q) && persist < 0) {
      persist = digits(t, q + 11, e);
      if (persist < 0 || t.charCodeAt(numEnd) !== 32) return false;
      const m = numEnd + 1;
      if (hex(t, m, m + 8) < 0 || (m + 8 < e && t.charCodeAt(m + 8) !== 32)) return false;
      mask = decodeProcMask(t.slice(m, m + 8), 4);
      if (mask === null) return false;
      q = m + 8;
    } else return false;
  }
  const row = cols.addService(proto, 4, addr, null, port, mark, sched);
  if (ops) cols.svcOps[row] = 1;
  if (persist >= 0) {
    cols.svcPersist[row] = persist;
    cols.svcNetmask.set(row, mask!);
  }
  return true;
}

function blankLine(t: string, s: number, e: number): boolean {
  for (let k = s; k < e; k++) {
    const c = t.charCodeAt(k);
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

/** The kernel's own IPv4 table, or null when some line needs the general parser. */
function fastScan(text: string): ProcColumns | null {
  // a kernel real-server line is 56 characters: room for the rows without growing
  const rows = Math.ceil(text.length / 56) + 16;
  const cols = new IpvsColumns(Math.ceil(rows / 4), rows);
  const names = new Names();
  let version: string | null = null;
  let connTabSize: number | null = null;
  const n = text.length;
  let pos = 0;
  while (pos < n) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = n;
    const s = pos;
    pos = nl + 1;
    if (text.charCodeAt(s) === 32) {
      if (cols.nServices > 0 && text.startsWith('  -> ', s) && fastDest(text, s, nl, cols)) continue;
      if (text.startsWith('  -> RemoteAddress:Port ', s) || blankLine(text, s, nl)) continue;
      return null;
    }
    if (fastService(text, s, nl, cols, names)) continue;
    if (text.startsWith('IP Virtual Server version ', s) && version === null) {
      const v = VERSION_LINE.exec(text.slice(s, nl));
      if (v === null) return null;
      version = v[1];
      connTabSize = Number(v[2]);
      continue;
    }
    if (text.startsWith('Prot ', s) || blankLine(text, s, nl)) continue;
    return null;
  }
  return { version, connTabSize, columns: cols, issues: [] };
}

/** Reads /proc/net/ip_vs into columns. Never throws; unreadable lines become issues. */
export function scanProcIpvs(text: string): ProcColumns {
  const fast = fastScan(text);
  if (fast !== null) return fast;
  const t = parseProcIpvs(text);
  return { version: t.version, connTabSize: t.connTabSize, columns: columnsFromServices(t.services), issues: t.issues };
}
