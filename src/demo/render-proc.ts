// The demo state in the kernel's /proc formats, byte for byte (spec ipvs-formats.md §2.1-§2.3):
// hex addresses in network byte order, two spaces after the protocol, the trailing spaces of
// service and server lines, the stats files' hex columns. Also the process files the process
// reader reads (cmdline, stat, uptime) and the syslog file.

import type { DemoConn, DemoProcess, DemoState, MutableCounters } from './demo-state';
import { ipv4ToInt } from './demo-state';
import { countConns } from './simulate';

const hex = (n: number, width: number) => n.toString(16).toUpperCase().padStart(width, '0');
const hexAddr = (addr: string) => hex(ipv4ToInt(addr), 8);
const left = (v: string | number, w: number) => String(v).padEnd(w);
const right = (v: string | number, w: number) => String(v).padStart(w);

export const IPVS_VERSION_LINE = (size: number) => `IP Virtual Server version 1.2.1 (size=${size})`;

/** /proc/net/ip_vs: services in the kernel's hash order (address services, then FWM), servers newest first. */
export function renderProcIpVs(state: DemoState): string {
  const counts = countConns(state.conns);
  const out = [IPVS_VERSION_LINE(state.connTabSize), 'Prot LocalAddress:Port Scheduler Flags', '  -> RemoteAddress:Port Forward Weight ActiveConn InActConn'];
  const order = state.services.map((svc, i) => ({ svc, i })).sort((a, b) => Number(a.svc.protocol === 'FWM') - Number(b.svc.protocol === 'FWM'));
  for (const { svc, i } of order) {
    // seq_printf "%s  %08X:%04X %s %s " / "FWM  %08X %s %s", then "persistent %d %08X\n" or "\n"
    // (the demo has no one-packet scheduling, so the ops field is always empty)
    let line = svc.protocol === 'FWM' ? `FWM  ${hex(svc.fwmark, 8)} ${svc.scheduler} ` : `${svc.protocol}  ${hexAddr(svc.address)}:${hex(svc.port, 4)} ${svc.scheduler}  `;
    if (svc.persistentTimeout !== null) line += `persistent ${svc.persistentTimeout} ${hexAddr(svc.netmask ?? '255.255.255.255')}`;
    out.push(line);
    for (const d of svc.dests) {
      if (!d.inTable) continue;
      const n = counts.get(`${i}|${d.address}`);
      // "  -> %08X:%04X      %-7s %-6d %-10d %-10d\n"
      out.push(`  -> ${hexAddr(d.address)}:${hex(d.port, 4)}      ${left(d.forward, 7)} ${left(d.weight, 6)} ${left(n?.active ?? 0, 10)} ${left(n?.inact ?? 0, 10)}`);
    }
  }
  return out.join('\n') + '\n';
}

/** The estimator's rates as readers get them: rounded from the fixed-point averages. */
export function ratesOf(avg: MutableCounters): MutableCounters {
  return {
    conns: Math.floor((avg.conns + 0x1ff) / 1024),
    inpkts: Math.floor((avg.inpkts + 0x1ff) / 1024),
    outpkts: Math.floor((avg.outpkts + 0x1ff) / 1024),
    inbytes: Math.floor((avg.inbytes + 0xf) / 32),
    outbytes: Math.floor((avg.outbytes + 0xf) / 32),
  };
}

const statsRow = (c: MutableCounters) => `${right(hex(c.conns, 1), 8)} ${right(hex(c.inpkts, 1), 8)} ${right(hex(c.outpkts, 1), 8)} ${right(hex(c.inbytes, 1), 16)} ${right(hex(c.outbytes, 1), 16)}`;

/** /proc/net/ip_vs_stats: six lines, every number uppercase hex (the rate line too). */
export function renderProcIpVsStats(state: DemoState): string {
  return [
    '   Total Incoming Outgoing         Incoming         Outgoing',
    '   Conns  Packets  Packets            Bytes            Bytes',
    statsRow(state.total.shown),
    '',
    ' Conns/s   Pkts/s   Pkts/s          Bytes/s          Bytes/s',
    statsRow(ratesOf(state.total.avg)),
    '',
  ].join('\n');
}

/** /proc/net/ip_vs_stats_percpu for a 2-CPU box: live per-CPU counters, then the estimator's `~` row. */
export function renderProcIpVsStatsPercpu(state: DemoState): string {
  const live = state.total.live;
  const cpu0: MutableCounters = { conns: 0, inpkts: 0, outpkts: 0, inbytes: 0, outbytes: 0 };
  for (const k of Object.keys(cpu0) as (keyof MutableCounters)[]) cpu0[k] = Math.floor(live[k] * 0.52);
  const cpu1: MutableCounters = { conns: 0, inpkts: 0, outpkts: 0, inbytes: 0, outbytes: 0 };
  for (const k of Object.keys(cpu1) as (keyof MutableCounters)[]) cpu1[k] = live[k] - cpu0[k];
  return [
    '       Total Incoming Outgoing         Incoming         Outgoing',
    'CPU    Conns  Packets  Packets            Bytes            Bytes',
    `${right('0', 3)} ${statsRow(cpu0)}`,
    `${right('1', 3)} ${statsRow(cpu1)}`,
    `  ~ ${statsRow(state.total.shown)}`,
    '',
    '     Conns/s   Pkts/s   Pkts/s          Bytes/s          Bytes/s',
    `    ${statsRow(ratesOf(state.total.avg))}`,
    '',
  ].join('\n');
}

const expiresOf = (c: DemoConn) => Math.max(0, Math.floor(c.expires));

/** /proc/net/ip_vs_conn: "%-3s %08X %04X %08X %04X %08X %04X %-11s %7u" (no PE data here). */
export function renderProcIpVsConn(state: DemoState): string {
  const out = ['Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires PEName PEData'];
  for (const c of state.conns) {
    out.push(`${left(c.proto, 3)} ${hexAddr(c.caddr)} ${hex(c.cport, 4)} ${hexAddr(c.vaddr)} ${hex(c.vport, 4)} ${hexAddr(c.daddr)} ${hex(c.dport, 4)} ${left(c.state, 11)} ${right(expiresOf(c), 7)}`);
  }
  return out.join('\n') + '\n';
}

/** /proc/uptime: seconds since boot and idle seconds (2 CPUs, mostly idle). */
export function renderProcUptime(state: DemoState): string {
  const up = state.uptime0 + state.time;
  return `${up.toFixed(2)} ${(up * 1.93).toFixed(2)}\n`;
}

/** /proc/<pid>/cmdline: NUL-terminated arguments; empty for a kernel thread. */
export function renderProcCmdline(p: DemoProcess): string {
  return p.argv.map((a) => `${a}\0`).join('');
}

/** /proc/<pid>/stat: the 52 fields of proc(5); starttime (22nd) in USER_HZ ticks since boot. */
export function renderProcStat(p: DemoProcess): string {
  const kthread = p.argv.length === 0;
  const utime = Math.floor(p.cpuTicks * 0.6);
  const stime = p.cpuTicks - utime;
  const fields: (string | number)[] = [
    p.pid, `(${p.comm.slice(0, 15)})`, 'S', p.ppid, kthread ? 0 : p.pid, kthread ? 0 : p.pid, 0, -1,
    kthread ? 2129984 : 4202752, 512, 0, 3, 0, utime, stime, 0, 0, 20, 0, 1, 0, p.startTicks,
    kthread ? 0 : 23_650_304, kthread ? 0 : 412, '18446744073709551615', kthread ? 0 : 4194304, kthread ? 0 : 4238060,
    kthread ? 0 : 140_736_488_394_352, 0, 0, 0, 0, kthread ? 2147483647 : 4096, kthread ? 0 : 16_898, 0, 0, 0,
    kthread ? 0 : 17, p.pid % 2, 0, 0, 0, 0, 0, kthread ? 0 : 6_335_504, kthread ? 0 : 6_341_712, kthread ? 0 : 31_457_280,
    kthread ? 0 : 140_736_488_396_512, kthread ? 0 : 140_736_488_396_600, kthread ? 0 : 140_736_488_396_600, kthread ? 0 : 140_736_488_398_830, 0,
  ];
  return `${fields.join(' ')}\n`;
}

export function renderSyslog(state: DemoState): string {
  return state.log.length ? state.log.join('\n') + '\n' : '';
}
