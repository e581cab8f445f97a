// `ipvsadm -Ln` and its column variants `--persistent-conn`, `--thresholds`, `--tun-info`
// (spec §2.4, §2.9). The service line carries what /proc does not: scheduler flags `(sh-fallback,
// sh-port)`, the persistence engine `pe sip`; plus `persistent N`, `mask M` (left out when /32 or
// /128), `ops`, read as an unordered bag of tokens (ipvsadm 1.26 printed them in another order).
// Server columns are named by the header (`Forward Weight ActiveConn InActConn` for -Ln, `Weight
// PersistConn ActiveConn InActConn` for --persistent-conn), so each variant is read by name.

import { ForwardMethod, ServiceKey } from './ipvs-types';
import { decimal } from './parse-fields';
import { fastIpv4Colon, parseTextHostPort } from './parse-address';
import { LineScanner, decAt, forwardAt } from './parse-scan';
import { ParseIssue, quote } from './parse-issue';
import { parseIpvsadmServiceName } from './parse-ipvsadm-service';

export interface IpvsadmListDest {
  readonly address: string;
  readonly port: number;
  /** null in layouts without a Forward column (--persistent-conn, --thresholds) */
  readonly forward: ForwardMethod | null;
  readonly weight: number | null;
  readonly activeconns: number | null;
  readonly inactconns: number | null;
  readonly persistconns: number | null;
  readonly uthreshold: number | null;
  readonly lthreshold: number | null;
  /** --tun-info: ipip, gue:PORT:..., gre:..., n/a */
  readonly tunnel: string | null;
}

export interface IpvsadmListService {
  readonly key: ServiceKey;
  readonly scheduler: string;
  readonly sched_flags: readonly string[];
  readonly persistent_timeout: number | null;
  /** dotted quad (IPv4) or prefix length (IPv6); the /32 or /128 default when persistent without `mask` */
  readonly netmask: string | null;
  /** persistence engine (`pe sip`) */
  readonly pe: string | null;
  readonly ops: boolean;
  readonly dests: IpvsadmListDest[];
}

export interface IpvsadmList {
  readonly version: string | null;
  readonly connTabSize: number | null;
  /** server column names, from the header */
  readonly columns: readonly string[];
  readonly services: IpvsadmListService[];
  readonly issues: ParseIssue[];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const VERSION_LINE = /^IP Virtual Server version (\S+) \(size=(\d+)\)/;
const DEFAULT_COLUMNS = ['Forward', 'Weight', 'ActiveConn', 'InActConn'];
const KNOWN_COLUMNS: ReadonlySet<string> = new Set([...DEFAULT_COLUMNS, 'PersistConn', 'Uthreshold', 'Lthreshold', 'TunnelInfo']);

export function parseService(f: string[], lineNo: number, issues: ParseIssue[]): Mutable<IpvsadmListService> | null {
  const name = parseIpvsadmServiceName(f);
  if (name === null || name.next >= f.length) {
    issues.push({ line: lineNo, message: `unreadable service line ${quote(f.join(' '))}` });
    return null;
  }
  const svc: Mutable<IpvsadmListService> = { key: name.key, scheduler: f[name.next], sched_flags: [], persistent_timeout: null, netmask: null, pe: null, ops: false, dests: [] };
  for (let i = name.next + 1; i < f.length; i++) {
    const t = f[i];
    const arg = f[i + 1];
    if (t.startsWith('(') && t.endsWith(')')) svc.sched_flags = t.slice(1, -1).split(',').filter((s) => s !== '');
    else if (t === 'ops') svc.ops = true;
    else if (t === 'persistent' && arg !== undefined && decimal(arg) !== null) {
      svc.persistent_timeout = decimal(arg);
      i++;
    } else if (t === 'mask' && arg !== undefined) {
      svc.netmask = arg;
      i++;
    } else if (t === 'pe' && arg !== undefined) {
      svc.pe = arg;
      i++;
    } else issues.push({ line: lineNo, message: `unknown service flag ${quote(t)}` });
  }
  if (svc.persistent_timeout !== null && svc.netmask === null) svc.netmask = svc.key.af === 6 ? '128' : '255.255.255.255';
  return svc;
}

/** A server row's columns, without its address (which a sink gets as a range of text). */
export type IpvsadmListRow = Omit<IpvsadmListDest, 'address' | 'port'>;

/**
 * Receives a listing's rows in order, so a caller can join them without intermediate objects (a
 * 100,000-server table is read every tick).
 */
export interface IpvsadmListSink {
  /** a service line; its `dests` stay empty (they go to dest()) */
  service(svc: IpvsadmListService): void;
  /**
   * A server row of the last service: its canonical address is text[start, end) (a canonical dotted
   * quad is not sliced out of the listing; other forms arrive as their own string). `row` is reused
   * for the next row: copy what you keep.
   */
  dest(text: string, start: number, end: number, port: number, row: Readonly<IpvsadmListRow>): void;
}

function clearRow(d: Mutable<IpvsadmListRow>): void {
  d.forward = null;
  d.weight = null;
  d.activeconns = null;
  d.inactconns = null;
  d.persistconns = null;
  d.uthreshold = null;
  d.lthreshold = null;
  d.tunnel = null;
}

/** A server line's columns read by name into d (runs for every real server of a big table: no substrings); false (and an issue) when unreadable. */
function parseColumns(sc: LineScanner, columns: readonly string[], issues: ParseIssue[], d: Mutable<IpvsadmListRow>): boolean {
  if (sc.count < 2 + columns.length) {
    issues.push({ line: sc.lineNo, message: 'truncated real-server line' });
    return false;
  }
  clearRow(d);
  for (let c = 0; c < columns.length; c++) {
    const i = 2 + c;
    const col = columns[c];
    if (col === 'Forward') d.forward = forwardAt(sc, i);
    else if (col === 'TunnelInfo') d.tunnel = sc.field(i);
    else if (col === 'Weight') {
      const w = sc.signed(i);
      if (!Number.isNaN(w)) d.weight = w;
    } else {
      const n = sc.dec(i);
      if (n >= 0) {
        if (col === 'ActiveConn') d.activeconns = n;
        else if (col === 'InActConn') d.inactconns = n;
        else if (col === 'PersistConn') d.persistconns = n;
        else if (col === 'Uthreshold') d.uthreshold = n;
        else if (col === 'Lthreshold') d.lthreshold = n;
        continue;
      }
    }
    if ((col === 'Forward' && d.forward === null) || (col === 'Weight' && d.weight === null) || (col !== 'Forward' && col !== 'Weight' && col !== 'TunnelInfo')) {
      issues.push({ line: sc.lineNo, message: `unreadable ${col} ${quote(sc.field(i))}` });
      return false;
    }
  }
  return true;
}

/** A server line into sink (see IpvsadmListSink.dest), or an issue. */
function scanDest(sc: LineScanner, columns: readonly string[], issues: ParseIssue[], row: Mutable<IpvsadmListRow>, sink: IpvsadmListSink): void {
  const s1 = sc.start(1);
  const e1 = sc.end(1);
  const colon = fastIpv4Colon(sc.text, s1, e1);
  if (colon >= 0) {
    if (parseColumns(sc, columns, issues, row)) sink.dest(sc.text, s1, colon, decAt(sc.text, colon + 1, e1), row);
    return;
  }
  const hp = parseTextHostPort(sc.field(1));
  if (hp === null) {
    issues.push({ line: sc.lineNo, message: `unreadable real-server address ${quote(sc.field(1))}` });
    return;
  }
  if (parseColumns(sc, columns, issues, row)) sink.dest(hp.address, 0, hp.address.length, hp.port, row);
}

/** Reads `ipvsadm -Ln` (or a column variant) into sink. Never throws. */
export function scanIpvsadmList(text: string, sink: IpvsadmListSink): Omit<IpvsadmList, 'services'> {
  const issues: ParseIssue[] = [];
  let version: string | null = null;
  let connTabSize: number | null = null;
  let columns: readonly string[] = DEFAULT_COLUMNS;
  let inService = false;
  let skipping = false;
  const row: Mutable<IpvsadmListRow> = { forward: null, weight: null, activeconns: null, inactconns: null, persistconns: null, uthreshold: null, lthreshold: null, tunnel: null };
  const sc = new LineScanner(text);
  while (sc.next()) {
    if (sc.count === 0) continue;
    if (sc.is(0, '->') && !sc.is(1, 'RemoteAddress:Port')) {
      if (!inService) {
        if (!skipping) issues.push({ line: sc.lineNo, message: 'real server outside any service' });
        continue;
      }
      scanDest(sc, columns, issues, row, sink);
      continue;
    }
    const line = sc.line();
    const f = sc.fields();
    const v = VERSION_LINE.exec(line);
    if (v !== null) {
      version = v[1];
      connTabSize = Number(v[2]);
      continue;
    }
    // header lines: the server columns are named after `Prot LocalAddress:Port` (--persistent-conn,
    // --thresholds) or after `-> RemoteAddress:Port` (-Ln, --tun-info)
    if ((f[0] === 'Prot' && f[1] === 'LocalAddress:Port') || (f[0] === '->' && f[1] === 'RemoteAddress:Port')) {
      const named = f.slice(2).filter((c) => KNOWN_COLUMNS.has(c));
      if (named.length > 0) columns = named;
      continue;
    }
    const svc = parseService(f, sc.lineNo, issues);
    inService = svc !== null;
    skipping = svc === null;
    if (svc !== null) sink.service(svc);
  }
  return { version, connTabSize, columns, issues };
}

/** Parses `ipvsadm -Ln` (or --persistent-conn / --thresholds / --tun-info). Never throws. */
export function parseIpvsadmList(text: string): IpvsadmList {
  const services: IpvsadmListService[] = [];
  let current: IpvsadmListService | null = null;
  const r = scanIpvsadmList(text, {
    service(svc) {
      current = svc;
      services.push(svc);
    },
    dest(t, start, end, port, row) {
      // spelled out: a spread of the reused row is much slower here
      current?.dests.push({ address: t.slice(start, end), port, forward: row.forward, weight: row.weight, activeconns: row.activeconns, inactconns: row.inactconns, persistconns: row.persistconns, uthreshold: row.uthreshold, lthreshold: row.lthreshold, tunnel: row.tunnel });
    },
  });
  return { version: r.version, connTabSize: r.connTabSize, columns: r.columns, services, issues: r.issues };
}
