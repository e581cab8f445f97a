// `ipvsadm -Ln --stats [--exact]` and `ipvsadm -Ln --rate` (spec §2.5, §2.6): one layout, five
// numbers after each service name (no scheduler) and each `-> addr:port`.
//
// Without --exact, print_largenum shortens values of 10^8 and more to K/M/G/T with a truncating
// division by 1000, 10^6, 10^9, 10^12: they are read back as that multiple (8209M → 8209000000) and
// the result is flagged `exact: false`, since rates computed from them would be wrong (pitfall 9).
// --rate shortens service values but never the servers' CPS/PPS (pitfall 10); any field may carry a
// suffix. With --exact the widths vary, so fields are split on whitespace.

import { Counters, Rates, ServiceKey } from './ipvs-types';
import { fields, lines } from './parse-fields';
import { parseTextHostPort } from './parse-address';
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

type Kind = 'stats' | 'rate';
const HEADERS: Readonly<Record<Kind, readonly string[]>> = {
  stats: ['Conns', 'InPkts', 'OutPkts', 'InBytes', 'OutBytes'],
  rate: ['CPS', 'InPPS', 'OutPPS', 'InBPS', 'OutBPS'],
};

function parseNumbers<T>(text: string, kind: Kind, make: (v: number[]) => T): IpvsadmNumbers<T> {
  const issues: ParseIssue[] = [];
  const services: IpvsadmNumbersService<T>[] = [];
  let version: string | null = null;
  let exact = true;
  let current: IpvsadmNumbersService<T> | null = null;
  let skipping = false;
  const all = lines(text);
  const five = (f: string[], lineNo: number): number[] | null => {
    if (f.length < 7) {
      issues.push({ line: lineNo, message: 'truncated line' });
      return null;
    }
    const out: number[] = [];
    for (let k = f.length - 5; k < f.length; k++) {
      const n = parseLargenum(f[k]);
      if (n === null) {
        issues.push({ line: lineNo, message: `unreadable number ${quote(f[k])}` });
        return null;
      }
      if (!n[1]) exact = false;
      out.push(n[0]);
    }
    return out;
  };
  for (let i = 0; i < all.length; i++) {
    const line = all[i];
    const f = fields(line);
    if (f.length === 0) continue;
    const v = VERSION_LINE.exec(line);
    if (v !== null) {
      version = v[1];
      continue;
    }
    if (f[0] === 'Prot' && f[1] === 'LocalAddress:Port') {
      const cols = f.slice(2).join(' ');
      if (cols !== HEADERS[kind].join(' ')) issues.push({ line: i + 1, message: `not ipvsadm --${kind} output (columns ${quote(cols)})` });
      continue;
    }
    if (f[0] === '->') {
      if (f[1] === 'RemoteAddress:Port') continue;
      if (current === null) {
        if (!skipping) issues.push({ line: i + 1, message: 'real server outside any service' });
        continue;
      }
      const hp = parseTextHostPort(f[1]);
      if (hp === null || f.length !== 7) {
        issues.push({ line: i + 1, message: hp === null ? `unreadable real-server address ${quote(f[1])}` : `unexpected layout (${f.length} fields)` });
        continue;
      }
      const nums = five(f, i + 1);
      if (nums !== null) current.dests.push({ address: hp.address, port: hp.port, values: make(nums) });
      continue;
    }
    if (current !== null) services.push(current);
    current = null;
    const name = parseIpvsadmServiceName(f);
    if (name === null || name.next !== f.length - 5) {
      issues.push({ line: i + 1, message: `unreadable service line ${quote(line)}` });
      skipping = true;
      continue;
    }
    skipping = false;
    const nums = five(f, i + 1);
    if (nums === null) {
      skipping = true;
      continue;
    }
    current = { key: name.key, values: make(nums), dests: [] };
  }
  if (current !== null) services.push(current);
  return { version, services, exact, issues };
}

/** Parses `ipvsadm -Ln --stats` (pass --exact for counters rates can be computed from). Never throws. */
export function parseIpvsadmStats(text: string): IpvsadmNumbers<Counters> {
  return parseNumbers(text, 'stats', (v) => ({ conns: v[0], inpkts: v[1], outpkts: v[2], inbytes: v[3], outbytes: v[4] }));
}

/** Parses `ipvsadm -Ln --rate` (the kernel estimator's rates; BPS is bytes per second). Never throws. */
export function parseIpvsadmRate(text: string): IpvsadmNumbers<Rates> {
  return parseNumbers(text, 'rate', (v) => ({ cps: v[0], inpps: v[1], outpps: v[2], inbps: v[3], outbps: v[4] }));
}
