// A demo state holding the IPv4 TCP/UDP/FWM part of the spec's fixture scenario (S1-S4, S8; the
// demo simulates no SCTP, IPv6 or one-packet scheduling), in the fixture's /proc order, so the
// demo's renderers can be compared with the fixture files byte for byte.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from '../helpers/paths';
import type { DemoConn, DemoService, DemoState, DemoStats, MutableCounters } from '../../src/demo/demo-state';
import type { ForwardMethod } from '../../src/monitor/ipvs-types';

interface ScCounters { conns: number; inpkts: number; outpkts: number; inbytes: number; outbytes: number }
interface ScRate { cps: number; inpps: number; outpps: number; inbps: number; outbps: number }
interface ScDest { address: string; port: number; forward: ForwardMethod; weight: number; stats: ScCounters; rate: ScRate }
interface ScService { id: string; af: number; protocol: string; address: string; port: number; fwmark: number; scheduler: string; persistent_timeout: number | null; netmask: string | null; ops: boolean; stats: ScCounters; rate: ScRate; dests: ScDest[] }
interface ScConn { svc: string; proto: string; caddr: string; cport: number; vaddr: string; vport: number; daddr: string; dport: number; state: string; expires: number }
interface Scenario { total: ScCounters; total_rate: ScRate; services: ScService[]; connections: ScConn[] }

export const IPVS_FIXTURES = join(FIXTURES, 'ipvs');
export const fixture = (name: string) => readFileSync(join(IPVS_FIXTURES, name), 'utf8');

/** The services the demo can show, in /proc/net/ip_vs order. */
export const DEMO_SERVICES = ['S3', 'S1', 'S4', 'S2', 'S8'];

function stats(c: ScCounters, r: ScRate): DemoStats {
  const live: MutableCounters = { ...c };
  return { live, shown: { ...c }, avg: { conns: r.cps * 1024, inpkts: r.inpps * 1024, outpkts: r.outpps * 1024, inbytes: r.inbps * 32, outbytes: r.outbps * 32 } };
}

export function fixtureState(): DemoState {
  const sc = JSON.parse(fixture('scenario.json')) as Scenario;
  const byId = new Map(sc.services.map((s) => [s.id, s]));
  const services: DemoService[] = DEMO_SERVICES.map((id) => {
    const s = byId.get(id);
    if (!s) throw new Error(`scenario has no ${id}`);
    const fwm = s.fwmark > 0;
    return {
      name: id,
      protocol: fwm ? 'FWM' : (s.protocol as 'TCP' | 'UDP'),
      connProto: s.protocol === 'UDP' ? 'UDP' : 'TCP',
      address: fwm ? '' : s.address,
      port: fwm ? 0 : s.port,
      fwmark: s.fwmark,
      vip: s.address,
      vport: s.port,
      scheduler: s.scheduler,
      persistentTimeout: s.persistent_timeout,
      netmask: s.netmask,
      quiesce: false,
      rrNext: 0,
      profile: { peakCps: 1, inPkts: 1, outPkts: 1, inBytes: 1, outBytes: 1, hold: [1, 2] },
      stats: stats(s.stats, s.rate),
      // the scenario lists servers sorted; the kernel lists the newest first
      dests: [...s.dests].reverse().map((d, i) => ({
        name: `${id}-${i}`,
        address: d.address,
        port: d.port,
        forward: d.forward,
        weight: d.weight,
        configWeight: d.weight,
        inTable: true,
        stats: stats(d.stats, d.rate),
        nanny: { pid: 2000 + i, health: 'up' as const, ramp: null, nextRampAt: 0 },
      })),
    };
  });
  const conns: DemoConn[] = sc.connections
    .filter((c) => DEMO_SERVICES.includes(c.svc))
    .map((c) => ({
      proto: c.proto as DemoConn['proto'],
      caddr: c.caddr,
      cport: c.cport,
      vaddr: c.vaddr,
      vport: c.vport,
      daddr: c.daddr,
      dport: c.dport,
      state: c.state as DemoConn['state'],
      expires: c.expires,
      holdLeft: 100,
      svc: DEMO_SERVICES.indexOf(c.svc),
    }));
  return {
    format: 1,
    time: 0,
    epochMs: Date.UTC(2024, 2, 5, 14, 0, 0),
    uptime0: 1000,
    rngState: 1,
    estClock: 0,
    connTabSize: 4096,
    services,
    total: stats(sc.total, sc.total_rate),
    conns,
    processes: [],
    log: [],
    clientSeq: 0,
    rampStep: 20,
  };
}

/** The fixture text without the blocks of the services the demo does not model. */
export function withoutServices(text: string, isDropped: (serviceLine: string) => boolean): string {
  const out: string[] = [];
  let dropping = false;
  for (const line of text.split('\n')) {
    if (!line.startsWith('  ->') && /^(TCP|UDP|SCTP|FWM)\s/.test(line)) dropping = isDropped(line);
    if (!dropping || !(line.startsWith('  ->') || /^(TCP|UDP|SCTP|FWM)\s/.test(line))) out.push(line);
  }
  return out.join('\n');
}
