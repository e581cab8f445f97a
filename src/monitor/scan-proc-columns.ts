// /proc/net/ip_vs straight into columns (ipvs-columns.ts), for the per-tick read of a big table.
// One pass over the bytes (bytes.ts: the file as readFile gives it, not decoded): the kernel's own
// IPv4 layout is read at its fixed offsets (spec §2.1), numbers from the bytes, nothing sliced but
// the scheduler name (and that interned). A text
// with anything else in it (IPv6, a trimmed or re-spaced copy, an unreadable line) is read by
// parseProcIpvs, the general parser, and turned into columns: the same result, more slowly, with
// its issues.

import { IpvsColumns, FWM, columnsFromServices } from './ipvs-columns';
import { decodeProcMask, parseProcIpvs } from './parse-proc-ip-vs';
import { hexDigit } from './parse-scan';
import { ParseIssue } from './parse-issue';
import { TextOrBytes, bytesOf, bytesStartWith, latin1, textOf } from './bytes';

export interface ProcColumns {
  readonly version: string | null;
  readonly connTabSize: number | null;
  readonly columns: IpvsColumns;
  readonly issues: ParseIssue[];
}

const VERSION_LINE = /^IP Virtual Server version (\S+) \(size=(\d+)\)/;

function hex(t: Buffer, s: number, e: number): number {
  let v = 0;
  for (let k = s; k < e; k++) {
    const d = hexDigit(t[k]);
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

/** Where the last digits() stopped. */
let numEnd = 0;

/** Decimal digits from i up to a space or e (end in numEnd), or -1. */
function digits(t: Buffer, i: number, e: number): number {
  let v = 0;
  let k = i;
  for (; k < e; k++) {
    const c = t[k];
    if (c === 32) break;
    if (c < 48 || c > 57 || k - i >= 20) return -1;
    v = v * 10 + (c - 48);
  }
  numEnd = k;
  return k === i ? -1 : v;
}

/** A forwarding method word at i (Masq 0, Route 1, Tunnel 2, Local 3), its end in numEnd; -1 otherwise. */
function forwardCode(t: Buffer, i: number): number {
  const c = t[i];
  if (c === 82 && bytesStartWith(t, 'Route ', i)) return 1;
  if (c === 77 && bytesStartWith(t, 'Masq ', i)) return 0;
  if (c === 84 && bytesStartWith(t, 'Tunnel ', i)) return 2;
  if (c === 76 && bytesStartWith(t, 'Local ', i)) return 3;
  return -1;
}

/** Hex digits of t[s, e] into NUM[0]; false when one is not a hex digit. */
function hexInto(t: Buffer, s: number, e: number): boolean {
  let v = 0;
  for (let k = s; k < e; k++) {
    const c = t[k];
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
function fastDest(t: Buffer, s: number, e: number, cols: IpvsColumns): boolean {
  if (e - s < 51 || t[s + 13] !== 58) return false;
  if (t[s + 18] !== 32 || t[s + 23] !== 32 || t[s + 31] !== 32 || t[s + 38] !== 32 || t[s + 49] !== 32) return false;
  if (!hexInto(t, s + 5, s + 13)) return false;
  const a = NUM[0];
  const port = hex(t, s + 14, s + 18);
  const fwd = forwardCode(t, s + 24);
  if (port < 0 || fwd < 0) return false;
  const neg = t[s + 32] === 45;
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
  get(t: Buffer, s: number, e: number): string {
    const n = e - s;
    for (const x of this.seen) if (x.length === n && bytesStartWith(t, x, s)) return x;
    const x = latin1(t, s, e);
    if (this.seen.length < 16) this.seen.push(x);
    return x;
  }
}

/**
 * A service line of the kernel's IPv4 or FWM form into cols: `TCP  0A00000A:0050 wlc [ops ]
 * [persistent 300 FFFFFF00]`, `FWM  00000064 wlc ...`. False for any other shape.
 */
function fastService(t: Buffer, s: number, e: number, cols: IpvsColumns, names: Names): boolean {
  let proto: number;
  let p: number;
  const c = t[s];
  if (c === 84 && bytesStartWith(t, 'TCP  ', s)) proto = 0;
  else if (c === 85 && bytesStartWith(t, 'UDP  ', s)) proto = 1;
  else if (c === 83 && bytesStartWith(t, 'SCTP  ', s)) proto = 2;
  else if (c === 70 && bytesStartWith(t, 'FWM  ', s)) proto = FWM;
  else return false;
  p = s + (proto === 2 ? 6 : 5);
  let addr = 0;
  let port = 0;
  let mark = 0;
  if (proto === FWM) {
    mark = hex(t, p, p + 8);
    if (mark < 0 || t[p + 8] !== 32) return false;
    p += 9;
  } else {
    addr = hex(t, p, p + 8);
    port = hex(t, p + 9, p + 13);
    if (addr < 0 || port < 0 || t[p + 8] !== 58 || t[p + 13] !== 32) return false;
    p += 14;
  }
  let q = p;
  for (; q < e; q++) {
    const c = t[q];
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
    while (q < e && t[q] === 32) q++;
    if (q >= e) break;
    if (bytesStartWith(t, 'ops', q) && (q + 3 === e || t[q + 3] === 32) && !ops && persist < 0) {
      ops = true;
      q += 3;
    } else if (bytesStartWith(t, 'persistent ', q) && persist < 0) {
      persist = digits(t, q + 11, e);
      if (persist < 0 || t[numEnd] !== 32) return false;
      const m = numEnd + 1;
      if (hex(t, m, m + 8) < 0 || (m + 8 < e && t[m + 8] !== 32)) return false;
      mask = decodeProcMask(latin1(t, m, m + 8), 4);
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

function blankLine(t: Buffer, s: number, e: number): boolean {
  for (let k = s; k < e; k++) {
    const c = t[k];
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

/** The kernel's own IPv4 table, or null when some line needs the general parser. */
function fastScan(text: Buffer): ProcColumns | null {
  // a kernel real-server line is 56 characters: room for the rows without growing
  const rows = Math.ceil(text.length / 56) + 16;
  const cols = new IpvsColumns(Math.ceil(rows / 4), rows);
  const names = new Names();
  let version: string | null = null;
  let connTabSize: number | null = null;
  const n = text.length;
  let pos = 0;
  while (pos < n) {
    let nl = text.indexOf(10, pos);
    if (nl < 0) nl = n;
    const s = pos;
    pos = nl + 1;
    if (text[s] === 32) {
      if (cols.nServices > 0 && bytesStartWith(text, '  -> ', s) && fastDest(text, s, nl, cols)) continue;
      if (bytesStartWith(text, '  -> RemoteAddress:Port ', s) || blankLine(text, s, nl)) continue;
      return null;
    }
    if (fastService(text, s, nl, cols, names)) continue;
    if (bytesStartWith(text, 'IP Virtual Server version ', s) && version === null) {
      const v = VERSION_LINE.exec(latin1(text, s, nl));
      if (v === null) return null;
      version = v[1];
      connTabSize = Number(v[2]);
      continue;
    }
    if (bytesStartWith(text, 'Prot ', s) || blankLine(text, s, nl)) continue;
    return null;
  }
  return { version, connTabSize, columns: cols, issues: [] };
}

/** Reads /proc/net/ip_vs into columns. Never throws; unreadable lines become issues. */
export function scanProcIpvs(text: TextOrBytes): ProcColumns {
  const bytes = bytesOf(text);
  const fast = bytes === null ? null : fastScan(bytes);
  if (fast !== null) return fast;
  // /proc is read as latin1: one character per byte, as the kernel wrote it
  const t = parseProcIpvs(textOf(text, 'latin1'));
  return { version: t.version, connTabSize: t.connTabSize, columns: columnsFromServices(t.services), issues: t.issues };
}
