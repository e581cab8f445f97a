// `lvs-tui status` as text: a few summary lines, the merged table (one line per virtual service,
// its real servers indented under it, every state in words), the processes and the recent log.
// Health is written as a word so it reads without colour, in a log, in a bug report.

import type { Rates } from '../monitor/ipvs-types';
import type { MergedServer, MergedService } from '../monitor/merge';
import { formatLogLine } from '../monitor/log-tail';
import { formatUptime } from '../monitor/processes';
import { StatusReport } from './status-report';

/** Aligned columns (two spaces apart); the last column is not padded. */
function columns(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd() + '\n').join('');
}

/** 1234 → "1234", 12345 → "12.3k", for rate columns */
export function shortNumber(n: number | null): string {
  if (n === null) return '-';
  const abs = Math.abs(n);
  if (abs < 10_000) return String(Math.round(n));
  for (const [unit, size] of [['G', 1e9], ['M', 1e6], ['k', 1e3]] as const) if (abs >= size) return `${(n / size).toFixed(abs >= size * 100 ? 0 : 1)}${unit}`;
  return String(n);
}

/** Bytes per second: "512 B/s", "476.5 KiB/s" */
export function byteRate(n: number): string {
  const units = ['B/s', 'KiB/s', 'MiB/s', 'GiB/s', 'TiB/s'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${Math.round(v)} ${units[0]}` : `${v.toFixed(1)} ${units[i]}`;
}

const cps = (r: Rates | null) => (r === null ? '-' : shortNumber(r.cps));
const num = (n: number | null) => (n === null ? '-' : String(n));

function serviceLabel(s: MergedService): string {
  const live = s.live;
  const sched = live ? ` ${live.scheduler}${live.persistentTimeout !== null ? ` persistent ${live.persistentTimeout}` : ''}` : '';
  if (s.key === null && s.configured) return `${s.configured.protocol} ${s.configured.vip ?? '?'}:${s.configured.port}`;
  const marks = s.marks.length ? ` (${s.marks.map((m) => `${m.protocol} ${m.vip ?? s.configured?.vip ?? ''}:${m.ports}`).join('; ')})` : '';
  return `${s.id}${marks}${sched}`;
}

function serverRow(r: MergedServer): string[] {
  const where = r.port === null ? r.address : r.address.includes(':') ? `[${r.address}]:${r.port}` : `${r.address}:${r.port}`;
  const weight = `${r.weight.live ?? '-'}/${r.weight.configured ?? '-'}`;
  const note = r.state === 'up' && r.reason.startsWith('in the table') ? '' : r.reason;
  return [`  ${r.name ?? '-'}`, where, r.state, '', weight, num(r.activeconns), num(r.inactconns), cps(r.rate), note];
}

function table(services: readonly MergedService[]): string {
  if (services.length === 0) return 'no virtual services in lvs.cf or in the IPVS table\n';
  const rows: string[][] = [['NAME', 'SERVICE / REAL SERVER', 'STATE', 'HEALTH', 'WEIGHT', 'ACTIVE', 'INACT', 'CONN/S', 'NOTE']];
  for (const s of services) {
    const note = [s.health === 'ok' || s.health === null ? (s.state === 'live' ? s.reason : s.state === 'inactive' || s.state === 'unconfigured' ? s.reason : '') : s.reason, ...s.differences].filter((x) => x !== '').join('; ');
    rows.push([s.name ?? '-', serviceLabel(s), s.state, s.health ?? '-', '', String(s.activeconns), String(s.inactconns), cps(s.rate), note]);
    for (const r of s.servers) rows.push(serverRow(r));
  }
  return columns(rows);
}

function ratesLine(r: StatusReport): string {
  const t = r.view.totalRate;
  const basis = r.rates.basis === 'counters' ? `measured over ${r.rates.intervalSeconds} s` : r.rates.basis === 'kernel' ? "the kernel's estimator (about an 8 s average)" : 'none (no counters to compute from)';
  const now = t ? `${shortNumber(t.cps)} conn/s, ${shortNumber(t.inpps)} packets/s in, ${byteRate(t.inbps)} in, ${byteRate(t.outbps)} out; ` : '';
  return `${now}rates: ${basis}`;
}

export function renderStatusText(r: StatusReport): string {
  const out: string[] = [];
  const c = r.config;
  const v = r.view;
  out.push(`Health   ${r.verdict.health.toUpperCase()}: ${r.verdict.summary}`);
  const which = r.router.which === 'unknown' ? '' : `, ${r.router.which}`;
  out.push(`Router   ${r.router.role}${which}: ${r.router.reason}${r.router.addressProblem ? ` [${r.router.addressProblem}]` : ''}`);
  if (c.problem) out.push(`lvs.cf   ${c.path}: ${c.problem}`);
  else {
    const redundancy = c.redundancy ? `backup ${c.backup}` : 'no backup router';
    out.push(`lvs.cf   ${c.path}: serial_no ${c.serialNo ?? '-'}, network ${c.network}, ${c.activeVirtuals} of ${c.virtuals} virtual servers active, ${c.activeServers} of ${c.servers} real servers active, ${redundancy}`);
  }
  if (v.ipvs.available) out.push(`IPVS     version ${v.ipvs.version ?? '?'}, connection hash table ${v.ipvs.connTabSize ?? '?'}; read from ${v.ipvs.source === 'proc' ? '/proc (no per-service counters without ipvsadm)' : '/proc and ipvsadm'}`);
  else if (v.ipvs.unavailable?.reason === 'not-loaded') out.push(`IPVS     ${/not loaded/i.test(v.ipvs.unavailable.message) ? v.ipvs.unavailable.message : `IPVS is not loaded: ${v.ipvs.unavailable.message}`}`);
  else out.push(`IPVS     cannot read the IPVS table: ${v.ipvs.unavailable?.message ?? ''}`);
  for (const n of v.ipvs.notes) out.push(`         note: ${n}`);
  const pulseState = !r.pulse.installed ? 'not installed' : r.pulse.running === true ? 'running' : r.pulse.running === false ? 'not running' : 'unknown';
  out.push(`Pulse    ${r.pulse.installed ? `${pulseState}: ${r.pulse.detail}` : r.pulse.detail}`);
  out.push(`Traffic  ${v.total ? `${v.total.conns} connections since IPVS was loaded (or zeroed); ` : ''}${ratesLine(r)}`);
  out.push('');
  out.push(table(v.services).trimEnd());
  out.push('');
  if (r.processes.problem) out.push(`Processes: ${r.processes.problem}`);
  else if (r.processes.list.length === 0) out.push('Processes: no pulse, lvsd, nanny or sync daemon is running');
  else {
    out.push('Processes');
    const rows = [['PID', 'ROLE', 'UPTIME', 'COMMAND']];
    for (const p of r.processes.list) {
      const n = p.nanny;
      const watches = n ? `watches ${n.rip ?? '?'}:${n.rport ?? n.port ?? '?'} for ${n.fwmark ? `fwmark ${n.fwmark}` : `${n.vip ?? '?'}:${n.port ?? '?'}`}: ` : '';
      rows.push([String(p.pid), p.role, formatUptime(p.uptimeSeconds), `${watches}${p.argv.join(' ')}`]);
    }
    out.push(columns(rows).trimEnd());
  }
  out.push('');
  if (r.log.lines.length === 0) out.push(`Log: no recent pulse/lvs/nanny lines${r.log.source ? ` in ${r.log.source}` : ''}${r.log.note ? ` (${r.log.note})` : ''}`);
  else {
    out.push(`Log (${r.log.source}${r.log.note ? `; ${r.log.note}` : ''})`);
    for (const l of r.log.lines) out.push(formatLogLine(l));
  }
  return out.join('\n') + '\n';
}
