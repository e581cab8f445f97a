// The spec's IPVS fixtures and scenario.json (the expected parse), for the monitor's parser tests.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Counters, Rates, ServiceKey } from '../../src/monitor/ipvs-types';
import { FIXTURES } from '../helpers/paths';

export const IPVS_FIXTURES = join(FIXTURES, 'ipvs');

export function fixture(name: string): string {
  return readFileSync(join(IPVS_FIXTURES, name), 'latin1');
}

export interface ScenarioDest {
  readonly address: string;
  readonly port: number;
  readonly forward: string;
  readonly weight: number;
  readonly activeconns: number;
  readonly inactconns: number;
  readonly persistconns: number;
  readonly stats: Counters;
  readonly rate: Rates;
}

export interface ScenarioService {
  readonly id: string;
  readonly af: 4 | 6;
  readonly protocol: string;
  readonly address: string | null;
  readonly port: number;
  readonly fwmark: number;
  readonly scheduler: string;
  readonly sched_flags: string[];
  readonly persistent_timeout: number | null;
  readonly netmask: string | null;
  readonly ops: boolean;
  readonly stats: Counters;
  readonly rate: Rates;
  readonly dests: ScenarioDest[];
}

export interface ScenarioConnection {
  readonly svc: string;
  readonly proto: string;
  readonly caddr: string;
  readonly cport: number;
  readonly vaddr: string;
  readonly vport: number;
  readonly daddr: string;
  readonly dport: number;
  readonly state: string;
  readonly expires: number;
  readonly template: boolean;
  readonly order: number;
}

export interface Scenario {
  readonly version: string;
  readonly conn_tab_size: number;
  readonly timeouts: { tcp: number; tcpfin: number; udp: number };
  readonly total: Counters;
  readonly total_rate: Rates;
  readonly services: ScenarioService[];
  readonly connections: ScenarioConnection[];
}

export const scenario: Scenario = JSON.parse(fixture('scenario.json')) as Scenario;

/** A scenario service's key as lvs-tui's types spell it (FWM protocol, '' address). */
export function scenarioKey(s: ScenarioService): ServiceKey {
  return s.fwmark !== 0
    ? { protocol: 'FWM', af: s.af, address: '', port: 0, fwmark: s.fwmark }
    : { protocol: s.protocol as ServiceKey['protocol'], af: s.af, address: s.address ?? '', port: s.port, fwmark: 0 };
}

/** ipvsadm's print_largenum without --exact: what `ipvsadm -Ln --stats` shows for v, read back. */
export function largenum(v: number): number {
  if (v < 1e8) return v;
  if (v < 1e9) return Math.floor(v / 1e3) * 1e3;
  if (v < 1e11) return Math.floor(v / 1e6) * 1e6;
  if (v < 1e14) return Math.floor(v / 1e9) * 1e9;
  return Math.floor(v / 1e12) * 1e12;
}

export function mapCounters(c: Counters, f: (v: number) => number): Counters {
  return { conns: f(c.conns), inpkts: f(c.inpkts), outpkts: f(c.outpkts), inbytes: f(c.inbytes), outbytes: f(c.outbytes) };
}

export function mapRates(r: Rates, f: (v: number) => number): Rates {
  return { cps: f(r.cps), inpps: f(r.inpps), outpps: f(r.outpps), inbps: f(r.inbps), outbps: f(r.outbps) };
}
