// The demo router as it is when the demo starts: lvsd has set up the services of the demo lvs.cf,
// one nanny per active real server has added its server, pulse has been running for three days
// (so the counters already hold three days of traffic) on a box up for twelve.

import { parse } from '../config/parse';
import { buildModel } from '../config/model';
import type { VirtualServer } from '../config/model';
import type { ForwardMethod } from '../monitor/ipvs-types';
import { DEMO_HOSTNAME, DEMO_LVS_CF } from './demo-config';
import type { DemoDest, DemoProcess, DemoService, DemoState, DemoStats, MutableCounters, TrafficProfile } from './demo-state';
import { zeroCounters } from './demo-state';
import { nannyArgv } from './nanny-argv';
import { syslogLine } from './syslog';

const PROFILES: Record<string, TrafficProfile> = {
  // short HTTP keep-alive sessions, big replies
  www: { peakCps: 10, inPkts: 9, outPkts: 14, inBytes: 1100, outBytes: 19000, hold: [1, 20] },
  // FTP control sessions, long and quiet
  ftp: { peakCps: 0.15, inPkts: 40, outPkts: 35, inBytes: 2600, outBytes: 3500, hold: [30, 400] },
  // resolvers keep a source port for a while: several queries per IPVS "connection"
  dns: { peakCps: 2.5, inPkts: 14, outPkts: 14, inBytes: 1000, outBytes: 2600, hold: [0, 60] },
};
const DEFAULT_PROFILE: TrafficProfile = { peakCps: 1, inPkts: 10, outPkts: 10, inBytes: 1000, outBytes: 5000, hold: [1, 30] };

const FORWARD: Record<string, ForwardMethod> = { nat: 'Masq', direct: 'Route', tunnel: 'Tunnel' };

const DAY = 86_400;
export const PULSE_AGE = 3 * DAY;
const BOOT_AGE = 12 * DAY;
/** mean share of the peak over a day (the wave's average) */
const MEAN_LOAD = 0.6;

function statsFor(profile: TrafficProfile, share: number, seconds: number): DemoStats {
  const conns = Math.round(profile.peakCps * MEAN_LOAD * share * seconds);
  const live: MutableCounters = {
    conns,
    inpkts: conns * profile.inPkts,
    outpkts: conns * profile.outPkts,
    inbytes: conns * profile.inBytes,
    outbytes: conns * profile.outBytes,
  };
  const rate = profile.peakCps * MEAN_LOAD * share;
  return {
    live,
    shown: { ...live },
    avg: {
      conns: Math.round(rate * 1024),
      inpkts: Math.round(rate * profile.inPkts * 1024),
      outpkts: Math.round(rate * profile.outPkts * 1024),
      inbytes: Math.round(rate * profile.inBytes * 32),
      outbytes: Math.round(rate * profile.outBytes * 32),
    },
  };
}

function addStats(a: DemoStats, b: DemoStats): DemoStats {
  const sum = (x: MutableCounters, y: MutableCounters): MutableCounters => ({
    conns: x.conns + y.conns,
    inpkts: x.inpkts + y.inpkts,
    outpkts: x.outpkts + y.outpkts,
    inbytes: x.inbytes + y.inbytes,
    outbytes: x.outbytes + y.outbytes,
  });
  return { live: sum(a.live, b.live), shown: sum(a.shown, b.shown), avg: sum(a.avg, b.avg) };
}

const emptyStats = (): DemoStats => ({ live: zeroCounters(), shown: zeroCounters(), avg: zeroCounters() });

function serviceOf(v: VirtualServer): Pick<DemoService, 'protocol' | 'connProto' | 'port' | 'fwmark'> {
  const connProto = v.protocol === 'udp' ? 'UDP' : 'TCP';
  if (v.fwmark > 0) return { protocol: 'FWM', connProto, port: 0, fwmark: v.fwmark };
  return { protocol: connProto, connProto, port: Number(v.port), fwmark: 0 };
}

export interface InitialOptions {
  /** wall-clock epoch ms the demo starts at (the syslog's clock) */
  readonly epochMs: number;
  readonly seed: number;
  /** demo seconds between nanny's weight doublings */
  readonly rampStep?: number;
}

export function initialState(opts: InitialOptions): DemoState {
  const config = buildModel(parse(new TextEncoder().encode(DEMO_LVS_CF)));
  const network = config.global.network;
  const forward = FORWARD[network] ?? 'Masq';
  const pulseStart = -PULSE_AGE;
  const at = (t: number) => opts.epochMs + t * 1000;
  const processes: DemoProcess[] = [];
  const ticksAt = (t: number) => Math.round((BOOT_AGE + t) * 100);
  const log: string[] = [];
  const proc = (pid: number, ppid: number, comm: string, argv: string[], t: number) => {
    processes.push({ pid, ppid, comm, argv, startTicks: ticksAt(t), cpuTicks: 0 });
  };
  proc(1, 0, 'systemd', ['/usr/lib/systemd/systemd', '--switched-root', '--system', '--deserialize', '22'], -BOOT_AGE + 1);
  proc(2, 0, 'kthreadd', [], -BOOT_AGE + 1);
  proc(912, 1, 'sshd', ['/usr/sbin/sshd', '-D'], -BOOT_AGE + 9);
  proc(955, 1, 'rsyslogd', ['/usr/sbin/rsyslogd', '-n'], -BOOT_AGE + 8);
  const pulsePid = 1187;
  const lvsdPid = 1203;
  proc(pulsePid, 1, 'pulse', ['/usr/sbin/pulse'], pulseStart);
  proc(lvsdPid, pulsePid, 'lvsd', ['/usr/sbin/lvsd', '--nofork', '-c', '/etc/sysconfig/ha/lvs.cf'], pulseStart + 1);
  if (config.redundancy.syncDaemon) proc(1196, 2, 'ipvs-m:0:0', [], pulseStart + 1);
  log.push(syslogLine(at(pulseStart), DEMO_HOSTNAME, 'pulse', pulsePid, 'STARTING PULSE AS MASTER'));
  log.push(syslogLine(at(pulseStart + 18), DEMO_HOSTNAME, 'pulse', pulsePid, 'partner dead: activating lvs'));

  const services: DemoService[] = [];
  let nannyPid = 1210;
  for (const v of config.virtuals) {
    if (!v.active || v.kind !== 'virtual' || !v.vip) continue;
    const profile = PROFILES[v.name] ?? DEFAULT_PROFILE;
    const servers = v.servers.filter((s) => s.active);
    const totalWeight = servers.reduce((n, s) => n + Math.max(s.weight, 0), 0) || 1;
    log.push(syslogLine(at(pulseStart + 19), DEMO_HOSTNAME, 'lvsd', lvsdPid, `starting virtual service ${v.name} active: ${v.port}`));
    const dests: DemoDest[] = [];
    let svcStats = emptyStats();
    for (const s of servers) {
      const pid = nannyPid++;
      proc(pid, lvsdPid, 'nanny', nannyArgv(network, v, s), pulseStart + 19);
      const port = Number(s.port || v.port);
      const stats = statsFor(profile, s.weight / totalWeight, PULSE_AGE);
      svcStats = addStats(svcStats, stats);
      log.push(syslogLine(at(pulseStart + 19), DEMO_HOSTNAME, 'nanny', pid, `starting LVS client monitor for ${v.vip}:${v.port} -> ${s.address}:${port}`));
      log.push(syslogLine(at(pulseStart + 19), DEMO_HOSTNAME, 'nanny', pid, `[ active ] making ${s.address}:${port} available`));
      // nanny adds at the list head: the kernel lists the last added first
      dests.unshift({
        name: s.name,
        address: s.address,
        port,
        forward,
        weight: s.weight,
        configWeight: s.weight,
        inTable: true,
        stats,
        nanny: { pid, health: 'up', ramp: null, nextRampAt: 0 },
      });
    }
    const pmask = v.settings.get('pmask')?.value;
    services.push({
      name: v.name,
      ...serviceOf(v),
      address: v.fwmark > 0 ? '' : v.vip,
      vip: v.vip,
      vport: Number(v.port),
      scheduler: v.scheduler,
      persistentTimeout: v.persistent > 0 ? v.persistent : null,
      netmask: v.persistent > 0 ? (pmask && pmask !== '' ? pmask : '255.255.255.255') : null,
      quiesce: v.settings.get('quiesce_server')?.value === '1',
      rrNext: 0,
      profile,
      stats: svcStats,
      dests,
    });
  }
  log.push(syslogLine(at(pulseStart + 20), DEMO_HOSTNAME, 'pulse', pulsePid, 'gratuitous lvs arps finished'));
  const total = services.reduce((acc, s) => addStats(acc, s.stats), emptyStats());
  return {
    format: 1,
    time: 0,
    epochMs: opts.epochMs,
    uptime0: BOOT_AGE,
    rngState: opts.seed >>> 0,
    estClock: 0,
    connTabSize: 4096,
    services,
    total,
    conns: [],
    processes,
    log,
    clientSeq: 0,
    rampStep: opts.rampStep ?? 20,
  };
}

