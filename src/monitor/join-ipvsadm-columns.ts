// ipvsadm listings joined into a sample's columns (ipvs-columns.ts): `-Ln --stats --exact` (the
// counters), `-Ln --rate` (the kernel estimator) and `-Ln --persistent-conn` (PersistConn, scheduler
// flags, an fwmark service's family). Rows match by service key and server address:port, never by
// position: ipvsadm and /proc list services in the same hash order, so the next row is tried first,
// and servers in different orders (ipvsadm sorts them), so the same and the mirrored index first.
//
// The common listing (IPv4 services and servers, plain numbers) is read in one pass from the
// characters. Anything else in the text (IPv6, K/M/G suffixes, a negative mark, an unreadable line)
// sends the whole listing to the general scanners of parse-ipvsadm-*.ts, which say what they could
// not read.

import { IpvsColumns, FWM, ipv4Value } from './ipvs-columns';
import { Kind, scanIpvsadmNumbers } from './parse-ipvsadm-stats';
import { parseService, scanIpvsadmList } from './parse-ipvsadm-list';
import { ParseIssue } from './parse-issue';
import { ServiceKey } from './ipvs-types';
import { TextOrBytes, bytesOf, bytesStartWith, latin1, textOf } from './bytes';

const VERSION_LINE = /^IP Virtual Server version (\S+) \(size=(\d+)\)/;
const TWO_48 = 2 ** 48;
const TWO_16 = 65536;

/** A numeric key of an IPv4 or fwmark service, exact in a double. */
function numericKey(proto: number, addr: number, port: number, mark: number): number {
  return proto === FWM ? FWM * TWO_48 + mark : proto * TWO_48 + addr * TWO_16 + port;
}

/** Finds service and server rows for the joins. */
class RowFinder {
  private byKey: Map<number, number> | null = null;
  private byId: Map<string, number> | null = null;
  private last = -1;
  /** dest rows of the current service */
  private from = 0;
  private to = 0;
  private seen = 0;

  constructor(private readonly cols: IpvsColumns) {}

  /** The row of an IPv4 or fwmark service (proto as in PROTOCOLS), or -1; it becomes current. */
  service(proto: number, addr: number, port: number, mark: number): number {
    const c = this.cols;
    let s = this.last + 1;
    const hit = s < c.nServices && c.svcProto[s] === proto && (proto === FWM ? c.svcMark[s] === mark : c.svcAf[s] === 4 && c.svcAddr[s] === addr && c.svcPort[s] === port && (c.svcAddr6.size === 0 || !c.svcAddr6.has(s)));
    if (!hit) {
      if (this.byKey === null) {
        const m = new Map<number, number>();
        for (let r = 0; r < c.nServices; r++) if (c.svcProto[r] === FWM || !c.svcAddr6.has(r)) m.set(numericKey(c.svcProto[r], c.svcAddr[r], c.svcPort[r], c.svcMark[r]), r);
        this.byKey = m;
      }
      s = this.byKey.get(numericKey(proto, addr, port, mark)) ?? -1;
    }
    return this.enter(s);
  }

  /** The row of any service key (the general path), or -1; it becomes current. */
  serviceByKey(key: ServiceKey): number {
    const c = this.cols;
    this.byId ??= c.idIndex();
    const id = key.protocol === 'FWM' ? `FWM ${key.fwmark}` : key.af === 6 ? `${key.protocol} [${key.address}]:${key.port}` : `${key.protocol} ${key.address}:${key.port}`;
    return this.enter(this.byId.get(id) ?? -1);
  }

  private enter(s: number): number {
    if (s >= 0) this.last = s;
    this.from = s >= 0 ? this.cols.destStart[s] : 0;
    this.to = s >= 0 ? this.cols.destStart[s + 1] : 0;
    this.seen = 0;
    return s;
  }

  /** The row of an IPv4 server of the current service, or -1. */
  dest(addr: number, port: number): number {
    const c = this.cols;
    const i = this.seen++;
    const a = this.from + i;
    const b = this.to - 1 - i;
    if (a < this.to && c.destAddr[a] === addr && c.destPort[a] === port && c.destAf[a] === 4) return a;
    if (b >= this.from && c.destAddr[b] === addr && c.destPort[b] === port && c.destAf[b] === 4) return b;
    for (let d = this.from; d < this.to; d++) if (c.destAddr[d] === addr && c.destPort[d] === port && c.destAf[d] === 4) return d;
    return -1;
  }

  /** The row of a server given as canonical text (the general path), or -1. */
  destByText(address: string, port: number): number {
    const v4 = ipv4Value(address);
    if (v4 >= 0) return this.dest(v4, port);
    this.seen++;
    const c = this.cols;
    for (let d = this.from; d < this.to; d++) if (c.destAf[d] === 6 && c.destPort[d] === port && c.destAddr6.get(d) === address) return d;
    return -1;
  }
}

/** The line scanner state of the fast paths: a cursor on the text. */
class Cursor {
  pos = 0;
  constructor(readonly t: Buffer) {}

  spaces(e: number): void {
    while (this.pos < e && this.t[this.pos] === 32) this.pos++;
  }

  /** Unsigned decimal of 1-20 digits ending at a space or e, or -1. */
  dec(e: number): number {
    const t = this.t;
    const s = this.pos;
    let v = 0;
    let k = s;
    for (; k < e; k++) {
      const c = t[k];
      if (c === 32) break;
      if (c < 48 || c > 57) return -1;
      v = v * 10 + (c - 48);
    }
    if (k === s || k - s > 20) return -1;
    this.pos = k;
    return v;
  }

  /** A canonical dotted quad and ':' port; the address (port in this.port), or -1. */
  port = 0;
  hostPort(e: number): number {
    const t = this.t;
    let v = 0;
    let octet = 0;
    let digits = 0;
    let dots = 0;
    let k = this.pos;
    for (; k < e; k++) {
      const c = t[k];
      if (c >= 48 && c <= 57) {
        if (digits === 1 && octet === 0) return -1;
        octet = octet * 10 + (c - 48);
        if (++digits > 3) return -1;
      } else if (c === 46 || c === 58) {
        if (digits === 0 || octet > 255) return -1;
        v = v * 256 + octet;
        octet = 0;
        digits = 0;
        if (c === 58) break;
        if (++dots > 3) return -1;
      } else return -1;
    }
    if (k >= e || dots !== 3) return -1;
    this.pos = k + 1;
    const p = this.dec(e);
    if (p < 0 || p > 65535 || this.pos - k - 1 > 5 || (this.t[k + 1] === 48 && this.pos - k - 1 > 1)) return -1;
    this.port = p;
    return v;
  }

  /** Only spaces left before e? */
  endsAt(e: number): boolean {
    this.spaces(e);
    return this.pos === e;
  }
}

/** Protocol of an ipvsadm service line at s (as in PROTOCOLS), its name's end in cur.pos; -1 otherwise. */
function serviceProto(cur: Cursor, s: number): number {
  const t = cur.t;
  let p: number;
  if (bytesStartWith(t, 'TCP ', s)) p = 0;
  else if (bytesStartWith(t, 'UDP ', s)) p = 1;
  else if (bytesStartWith(t, 'SCTP ', s)) p = 2;
  else if (bytesStartWith(t, 'FWM ', s)) p = FWM;
  else return -1;
  cur.pos = s + (p === 2 ? 5 : 4);
  return p;
}

const HEADERS: Readonly<Record<Kind, RegExp>> = {
  stats: /^Prot LocalAddress:Port +Conns +InPkts +OutPkts +InBytes +OutBytes *$/,
  rate: /^Prot LocalAddress:Port +CPS +InPPS +OutPPS +InBPS +OutBPS *$/,
};

// The helpers below return positions (small integers) and leave values in NUM: a function that
// returns a number above 2^31 boxes it on the heap, and these run ~600,000 times a tick.
const NUM = new Float64Array(1);

/** Unsigned decimal of 1-20 digits at i ending at a space, a newline or n, into NUM[0]; its end, or -1. */
function readDigits(t: Buffer, i: number, n: number): number {
  let v = 0;
  let k = i;
  for (; k < n; k++) {
    const c = t[k];
    if (c < 48 || c > 57) {
      if (c !== 32 && c !== 10) return -1;
      break;
    }
    v = v * 10 + (c - 48);
  }
  if (k === i || k - i > 20) return -1;
  NUM[0] = v;
  return k;
}

/** A canonical dotted quad at i ending at ':', into NUM[0]; the position of the ':', or -1. */
function readQuad(t: Buffer, i: number, n: number): number {
  let v = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let k = i; k < n; k++) {
    const c = t[k];
    if (c >= 48 && c <= 57) {
      if (digits === 1 && octet === 0) return -1;
      octet = octet * 10 + (c - 48);
      if (++digits > 3) return -1;
    } else if (c === 46 || c === 58) {
      if (digits === 0 || octet > 255) return -1;
      v = v * 256 + octet;
      if (c === 58) {
        if (dots !== 3) return -1;
        NUM[0] = v;
        return k;
      }
      octet = 0;
      digits = 0;
      if (++dots > 3) return -1;
    } else return -1;
  }
  return -1;
}

/** The port after the ':' at colon (1-5 digits, no leading zero, up to 65535), into NUM[0]; its end, or -1. */
function readPort(t: Buffer, colon: number, n: number): number {
  const s = colon + 1;
  const e = readDigits(t, s, n);
  if (e < 0 || NUM[0] > 65535 || e - s > 5 || (t[s] === 48 && e - s > 1)) return -1;
  return e;
}

/**
 * Five space-separated numbers (1-20 digits each) from i to the line's end into out[o..o+4]; the
 * position after the newline, or -1. One loop, everything local: it runs 110,000 times a tick.
 */
function readFive(t: Buffer, i: number, n: number, out: Float64Array, o: number): number {
  let k = i;
  for (let j = 0; j < 5; j++) {
    if (k >= n || t[k] !== 32) return -1;
    let c = 32;
    while (c === 32 && ++k < n) c = t[k];
    const s = k;
    let v = 0;
    while (c >= 48 && c <= 57) {
      v = v * 10 + (c - 48);
      c = ++k < n ? t[k] : 10;
    }
    if (k === s || k - s > 20 || (c !== 32 && c !== 10)) return -1;
    out[o + j] = v;
  }
  while (k < n && t[k] === 32) k++;
  if (k < n && t[k] !== 10) return -1;
  return k + 1;
}

function numbersFast(text: Buffer, kind: Kind, cols: IpvsColumns): boolean {
  if (kind === 'stats') cols.withStats();
  else cols.withRates();
  const find = new RowFinder(cols);
  const values = kind === 'stats' ? cols.svcStats : cols.svcRate;
  const has = kind === 'stats' ? cols.svcHasStats : cols.svcHasRate;
  const dValues = kind === 'stats' ? cols.destStats : cols.destRate;
  const dHas = kind === 'stats' ? cols.destHasStats : cols.destHasRate;
  const v = new Float64Array(5);
  const cur = new Cursor(text);
  let row = -1;
  let inService = false;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c0 = text[i];
    // a server line: "  -> 172.16.0.1:80   1020   12240 ..."
    if (c0 === 32 && text[i + 1] === 32 && text[i + 2] === 45 && text[i + 3] === 62 && text[i + 4] === 32) {
      const colon = readQuad(text, i + 5, n);
      if (colon >= 0) {
        const a = NUM[0];
        const pe = readPort(text, colon, n);
        if (pe < 0 || !inService) return false;
        const port = NUM[0];
        const d = row < 0 ? -1 : find.dest(a, port);
        const next = d < 0 ? readFive(text, pe, n, v, 0) : readFive(text, pe, n, dValues, d * 5);
        if (next < 0) return false;
        i = next;
        if (d >= 0) dHas[d] = 1;
        continue;
      }
    }
    let e = text.indexOf(10, i);
    if (e < 0) e = n;
    const s = i;
    i = e + 1;
    if (bytesStartWith(text, '  -> RemoteAddress:Port', s)) {
      cur.pos = s + 23;
      if (cur.endsAt(e)) continue;
      return false;
    }
    const p = serviceProto(cur, s);
    if (p >= 0) {
      cur.spaces(e);
      let a = 0;
      let port = 0;
      let mark = 0;
      if (p === FWM) {
        mark = cur.dec(e);
        if (mark < 0 || mark > 4294967295) return false;
      } else {
        a = cur.hostPort(e);
        if (a < 0) return false;
        port = cur.port;
      }
      if (readFive(text, cur.pos, e, v, 0) < 0) return false;
      inService = true;
      row = find.service(p, a, port, mark);
      if (row < 0) continue;
      const o = row * 5;
      for (let k = 0; k < 5; k++) values[o + k] = v[k];
      has[row] = 1;
      continue;
    }
    cur.pos = s;
    if (cur.endsAt(e)) continue;
    if (bytesStartWith(text, 'IP ', s) && VERSION_LINE.test(latin1(text, s, e))) continue;
    if (bytesStartWith(text, 'Prot ', s) && HEADERS[kind].test(latin1(text, s, e))) continue;
    return false;
  }
  return true;
}

/**
 * Joins `ipvsadm -Ln --stats --exact` (kind stats) or `--rate` into cols: counters or rates of
 * the matching service and server rows. Returns what could not be read; `exact` false when some
 * value was shortened to K/M/G/T.
 */
export function joinNumbers(output: TextOrBytes, kind: Kind, cols: IpvsColumns): { issues: ParseIssue[]; exact: boolean } {
  const bytes = bytesOf(output);
  if (bytes !== null && numbersFast(bytes, kind, cols)) return { issues: [], exact: true };
  // execFile's default decoding, as the general parsers were always given the output
  const text = textOf(output, 'utf8');
  // the general path reads it all again, into fresh columns
  if (kind === 'stats') cols.withStats();
  else cols.withRates();
  const values = kind === 'stats' ? cols.svcStats : cols.svcRate;
  const has = kind === 'stats' ? cols.svcHasStats : cols.svcHasRate;
  const dValues = kind === 'stats' ? cols.destStats : cols.destRate;
  const dHas = kind === 'stats' ? cols.destHasStats : cols.destHasRate;
  const find = new RowFinder(cols);
  let row = -1;
  const put = (into: Float64Array, i: number, x: number[]) => {
    for (let k = 0; k < 5; k++) into[i + k] = x[k];
  };
  const r = scanIpvsadmNumbers(text, kind, (a, b, c, d, e) => [a, b, c, d, e], {
    service(key, x) {
      row = find.serviceByKey(key);
      if (row < 0) return;
      put(values, row * 5, x);
      has[row] = 1;
    },
    dest(address, port, x) {
      if (row < 0) return;
      const d = find.destByText(address, port);
      if (d < 0) return;
      put(dValues, d * 5, x);
      dHas[d] = 1;
    },
  });
  return { issues: r.issues, exact: r.exact };
}

const PERSIST_HEADER = /^Prot LocalAddress:Port +Weight +PersistConn +ActiveConn +InActConn *$/;
const BLANKS = /[ \t\r\v\f]+/;

/** `--persistent-conn` in its usual layout (IPv4, the default columns); false for anything else. */
function listFast(text: Buffer, cols: IpvsColumns): boolean {
  const find = new RowFinder(cols);
  const cur = new Cursor(text);
  const issues: ParseIssue[] = [];
  let headed = false;
  let row = -1;
  let inService = false;
  let lineNo = 0;
  const n = text.length;
  let pos = 0;
  while (pos < n) {
    let e = text.indexOf(10, pos);
    if (e < 0) e = n;
    const s = pos;
    pos = e + 1;
    lineNo++;
    if (bytesStartWith(text, '  -> ', s)) {
      cur.pos = s + 5;
      const a = cur.hostPort(e);
      if (a < 0) {
        if (bytesStartWith(text, 'RemoteAddress:Port', s + 5)) {
          cur.pos = s + 23;
          if (cur.endsAt(e)) continue;
        }
        return false;
      }
      // Weight PersistConn ActiveConn InActConn
      if (!inService || !headed || text[cur.pos] !== 32) return false;
      cur.spaces(e);
      if (text[cur.pos] === 45) cur.pos++;
      if (cur.dec(e) < 0) return false;
      cur.spaces(e);
      const persist = cur.dec(e);
      if (persist < 0) return false;
      for (let k = 0; k < 2; k++) {
        cur.spaces(e);
        if (cur.dec(e) < 0) return false;
      }
      if (!cur.endsAt(e)) return false;
      if (row < 0) continue;
      const d = find.dest(a, cur.port);
      if (d >= 0) cols.destPersist[d] = persist;
      continue;
    }
    cur.pos = s;
    if (cur.endsAt(e)) continue;
    if (bytesStartWith(text, 'IP ', s) && VERSION_LINE.test(latin1(text, s, e))) continue;
    if (bytesStartWith(text, 'Prot ', s)) {
      if (!PERSIST_HEADER.test(latin1(text, s, e))) return false;
      headed = true;
      continue;
    }
    const p = serviceProto(cur, s);
    if (p < 0 || p === FWM) return false;
    cur.spaces(e);
    const a = cur.hostPort(e);
    if (a < 0) return false;
    const port = cur.port;
    // flags are kept as text: only ASCII here, the general path decodes anything else as before
    for (let k = s; k < e; k++) if (text[k] > 127) return false;
    const f = latin1(text, s, e).split(BLANKS);
    if (f[f.length - 1] === '') f.pop();
    const svc = parseService(f, lineNo, issues);
    if (svc === null || issues.length > 0) return false;
    inService = true;
    row = find.service(p, a, port, 0);
    if (row >= 0 && svc.sched_flags.length > 0) cols.svcFlags.set(row, svc.sched_flags);
  }
  return true;
}

/** Joins `ipvsadm -Ln --persistent-conn` into cols (PersistConn, scheduler flags, fwmark family). */
export function joinList(output: TextOrBytes, cols: IpvsColumns): ParseIssue[] {
  const bytes = bytesOf(output);
  if (bytes !== null && listFast(bytes, cols)) return [];
  const text = textOf(output, 'utf8');
  // the general path reads it all again
  cols.destPersist.fill(-1);
  cols.svcFlags.clear();
  const find = new RowFinder(cols);
  let row = -1;
  return scanIpvsadmList(text, {
    service(ls) {
      row = find.serviceByKey(ls.key);
      if (row < 0) return;
      if (ls.sched_flags.length > 0) cols.svcFlags.set(row, ls.sched_flags);
      else cols.svcFlags.delete(row);
      // ipvsadm names the family of an fwmark service; /proc shows it only through its servers
      if (cols.svcProto[row] === FWM) cols.svcAf[row] = ls.key.af;
    },
    dest(t, start, end, port, r) {
      if (row < 0) return;
      const d = find.destByText(start === 0 && end === t.length ? t : t.slice(start, end), port);
      if (d >= 0 && r.persistconns !== null) cols.destPersist[d] = r.persistconns;
    },
  }).issues;
}
