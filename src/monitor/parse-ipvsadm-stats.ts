// `ipvsadm -Ln --stats [--exact]` and `ipvsadm -Ln --rate` (spec §2.5, §2.6): one layout, five
// numbers after each service name (no scheduler) and each `-> addr:port`.
//
// Without --exact, print_largenum shortens values of 10^8 and more to K/M/G/T with a truncating
// division by 1000, 10^6, 10^9, 10^12: they are read back as that multiple (8209M → 8209000000) and
// the result is flagged `exact: false`, since rates computed from them would be wrong (pitfall 9).
// --rate shortens service values but never the servers' CPS/PPS (pitfall 10); any field may carry a
// suffix. With --exact the widths vary, so fields are split on whitespace.

import { Counters, Rates, ServiceKey } from './ipvs-types';
import { LineScanner } from './parse-scan';
import { fastIpv4Colon, parseTextHostPort } from './parse-address';
import { decAt } from './parse-scan';
import { ParseIssue, quote } from './parse-issue';
import { parseIpvsadmServiceName } from './parse-ipvsadm-service';

export interface IpvsadmNumbersDest<T> {
  readonly address: string;
  readonly port: number;
  readonly values: T;
}

export interface IpvsadmNumbersService<T> {
  readonly key: ServiceKey;
  readonly values: T;
  readonly dests: IpvsadmNumbersDest<T>[];
}

export interface IpvsadmNumbers<T> {
  readonly version: string | null;
  readonly services: IpvsadmNumbersService<T>[];
  /** false when some value was shortened to K/M/G/T (output without --exact) */
  readonly exact: boolean;
  readonly issues: ParseIssue[];
}

const VERSION_LINE = /^IP Virtual Server version (\S+) \(size=(\d+)\)/;
const LARGENUM = /^(\d{1,20})([KMGT]?)$/;
const MULTIPLIER: Readonly<Record<string, number>> = { '': 1, K: 1e3, M: 1e6, G: 1e9, T: 1e12 };

/** One print_largenum field: [value, exact] or null. */
export function parseLargenum(s: string): [number, boolean] | null {
  const m = LARGENUM.exec(s);
  if (m === null) return null;
  return [Number(m[1]) * MULTIPLIER[m[2]], m[2] === ''];
}

export type Kind = 'stats' | 'rate';
const HEADERS: Readonly<Record<Kind, readonly string[]>> = {
  stats: ['Conns', 'InPkts', 'OutPkts', 'InBytes', 'OutBytes'],
  rate: ['CPS', 'InPPS', 'OutPPS', 'InBPS', 'OutBPS'],
};

/** Receives a listing's rows in order, so a caller can join them without intermediate objects. */
export interface NumbersSink<T> {
  service(key: ServiceKey, values: T): void;
  dest(address: string, port: number, values: T): void;
  /**
   * Optional: a server row whose address is a canonical dotted quad, given as its offsets
   * text[start, end), so a sink that only compares addresses makes no string (110,000 of them a
   * tick on a big router). When present it is called instead of dest() for those rows.
   */
  destAt?(text: string, start: number, end: number, port: number, values: T): void;
}

export type MakeValues<T> = (a: number, b: number, c: number, d: number, e: number) => T;

/** Reads the listing into sink; returns [issues, exact]. */
export function scanIpvsadmNumbers<T>(text: string, kind: Kind, make: MakeValues<T>, sink: NumbersSink<T>): { issues: ParseIssue[]; exact: boolean; version: string | null } {
  const issues: ParseIssue[] = [];
  let version: string | null = null;
  let exact = true;
  let inService = false;
  let skipping = false;
  const sc = new LineScanner(text);
  const v = new Float64Array(5);
  /** the five numbers ending the line into v; false (and an issue) when one is unreadable */
  const five = (): boolean => {
    if (sc.count < 7) {
      issues.push({ line: sc.lineNo, message: 'truncated line' });
      return false;
    }
    for (let k = 0; k < 5; k++) {
      const i = sc.count - 5 + k;
      let n = sc.dec(i);
      if (n < 0) {
        const big = parseLargenum(sc.field(i));
        if (big === null) {
          issues.push({ line: sc.lineNo, message: `unreadable number ${quote(sc.field(i))}` });
          return false;
        }
        if (!big[1]) exact = false;
        n = big[0];
      }
      v[k] = n;
    }
    return true;
  };
  while (sc.next()) {
    if (sc.count === 0) continue;
    if (sc.is(0, '->')) {
      if (sc.is(1, 'RemoteAddress:Port')) continue;
      if (!inService) {
        if (!skipping) issues.push({ line: sc.lineNo, message: 'real server outside any service' });
        continue;
      }
      const s1 = sc.start(1);
      const e1 = sc.end(1);
      const colon = fastIpv4Colon(text, s1, e1);
      if (colon >= 0 && sc.count === 7) {
        if (!five()) continue;
        const port = decAt(text, colon + 1, e1);
        if (sink.destAt) sink.destAt(text, s1, colon, port, make(v[0], v[1], v[2], v[3], v[4]));
        else sink.dest(text.slice(s1, colon), port, make(v[0], v[1], v[2], v[3], v[4]));
        continue;
      }
      const hp = parseTextHostPort(sc.field(1));
      if (hp === null || sc.count !== 7) {
        issues.push({ line: sc.lineNo, message: hp === null ? `unreadable real-server address ${quote(sc.field(1))}` : `unexpected layout (${sc.count} fields)` });
        continue;
      }
      if (five()) sink.dest(hp.address, hp.port, make(v[0], v[1], v[2], v[3], v[4]));
      continue;
    }
    if (sc.is(0, 'IP')) {
      const m = VERSION_LINE.exec(sc.line());
      if (m !== null) {
        version = m[1];
        continue;
      }
    }
    if (sc.is(0, 'Prot') && sc.is(1, 'LocalAddress:Port')) {
      const cols = sc.fields().slice(2).join(' ');
      if (cols !== HEADERS[kind].join(' ')) issues.push({ line: sc.lineNo, message: `not ipvsadm --${kind} output (columns ${quote(cols)})` });
      continue;
    }
    inService = false;
    const f = sc.fields();
    const name = parseIpvsadmServiceName(f);
    if (name === null || name.next !== f.length - 5) {
      issues.push({ line: sc.lineNo, message: `unreadable service line ${quote(sc.line())}` });
      skipping = true;
      continue;
    }
    skipping = !five();
    if (skipping) continue;
    inService = true;
    sink.service(name.key, make(v[0], v[1], v[2], v[3], v[4]));
  }
  return { issues, exact, version };
}

function parseNumbers<T>(text: string, kind: Kind, make: MakeValues<T>): IpvsadmNumbers<T> {
  const services: IpvsadmNumbersService<T>[] = [];
  let current: IpvsadmNumbersService<T> | null = null;
  const r = scanIpvsadmNumbers(text, kind, make, {
    service(key, values) {
      current = { key, values, dests: [] };
      services.push(current);
    },
    dest(address, port, values) {
      current?.dests.push({ address, port, values });
    },
  });
  return { version: r.version, services, exact: r.exact, issues: r.issues };
}

export const makeCounters: MakeValues<Counters> = (conns, inpkts, outpkts, inbytes, outbytes) => ({ conns, inpkts, outpkts, inbytes, outbytes });
export const makeRates: MakeValues<Rates> = (cps, inpps, outpps, inbps, outbps) => ({ cps, inpps, outpps, inbps, outbps });

/** Parses `ipvsadm -Ln --stats` (pass --exact for counters rates can be computed from). Never throws. */
export function parseIpvsadmStats(text: string): IpvsadmNumbers<Counters> {
  return parseNumbers(text, 'stats', makeCounters);
}

/** Parses `ipvsadm -Ln --rate` (the kernel estimator's rates; BPS is bytes per second). Never throws. */
export function parseIpvsadmRate(text: string): IpvsadmNumbers<Rates> {
  return parseNumbers(text, 'rate', makeRates);
}
