// /proc/net/ip_vs_stats and /proc/net/ip_vs_stats_percpu (spec §2.2): the namespace-wide totals and
// the kernel estimator's rates. Every value is hex, the rate line too (pitfall 12).
//
// ip_vs_stats: two header lines, the totals row (conns, inpkts, outpkts, inbytes, outbytes), a blank
// line, the rate header (`Conns/s ...`) and the rates row. Since 4.1 every value is a 64-bit %LX that
// may push the line right; before (the K3 form) conns, packets and all rates were %8X and bytes
// %16LX. Both are runs of hex fields, so one reader takes both.
// ip_vs_stats_percpu: one `CPU conns ...` row per possible CPU, then `~` with the totals, then the
// indented rates.

import { Counters, Rates } from './ipvs-types';
import { fields, hex, lines } from './parse-fields';
import { ParseIssue, quote } from './parse-issue';

export interface CpuCounters {
  readonly cpu: number;
  readonly counters: Counters;
}

export interface ProcIpvsStats {
  readonly total: Counters | null;
  readonly totalRate: Rates | null;
  /** raw per-CPU rows of ip_vs_stats_percpu (they ignore `ipvsadm -Z`, so may not add up to total) */
  readonly perCpu: CpuCounters[];
  readonly issues: ParseIssue[];
}

function fiveHex(f: readonly string[]): number[] | null {
  if (f.length !== 5) return null;
  const out: number[] = [];
  for (const s of f) {
    const n = hex(s);
    if (n === null) return null;
    out.push(n);
  }
  return out;
}

const counters = (v: number[]): Counters => ({ conns: v[0], inpkts: v[1], outpkts: v[2], inbytes: v[3], outbytes: v[4] });
const rates = (v: number[]): Rates => ({ cps: v[0], inpps: v[1], outpps: v[2], inbps: v[3], outbps: v[4] });

/** Parses /proc/net/ip_vs_stats or ip_vs_stats_percpu. Never throws. */
export function parseProcIpvsStats(text: string): ProcIpvsStats {
  const issues: ParseIssue[] = [];
  const perCpu: CpuCounters[] = [];
  let total: Counters | null = null;
  let totalRate: Rates | null = null;
  let inRates = false;
  const all = lines(text);
  for (let i = 0; i < all.length; i++) {
    const f = fields(all[i]);
    if (f.length === 0) continue;
    if (f.includes('Conns/s')) {
      inRates = true;
      continue;
    }
    if (f[0] === 'Total' || f[0] === 'Conns' || f[0] === 'CPU') continue;
    // a per-CPU row: index (hex) or `~`, then five values
    const row = f.length === 6 ? fiveHex(f.slice(1)) : null;
    if (row !== null && !inRates) {
      if (f[0] === '~') total = counters(row);
      else {
        const cpu = hex(f[0]);
        if (cpu !== null) perCpu.push({ cpu, counters: counters(row) });
        else issues.push({ line: i + 1, message: `unreadable per-CPU row ${quote(all[i])}` });
      }
      continue;
    }
    const v = fiveHex(f);
    if (v === null) {
      issues.push({ line: i + 1, message: `unreadable line ${quote(all[i])}` });
      continue;
    }
    if (inRates) {
      if (totalRate === null) totalRate = rates(v);
      else issues.push({ line: i + 1, message: 'a second rate row' });
    } else if (total === null) total = counters(v);
    else issues.push({ line: i + 1, message: 'a second totals row' });
  }
  if (total === null && issues.length === 0) issues.push({ line: all.length, message: 'no totals row' });
  return { total, totalRate, perCpu, issues };
}
