// Shared by the merge and router-role tests: IpvsSample values built from the fixtures' scenario.json
// (the expected parse of every fixture file), and the lvs.cf describing some of its services.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LvsConfig, buildModel } from '../../src/config/model';
import { parse } from '../../src/config/parse';
import { IpvsSample, LiveDest, LiveService } from '../../src/monitor/ipvs-types';
import { FIXTURES } from '../helpers/paths';

interface ScenarioService extends Omit<LiveService, 'protocol' | 'address'> {
  readonly id: string;
  readonly protocol: 'TCP' | 'UDP' | 'SCTP';
  readonly address: string | null;
}

const scenario = JSON.parse(readFileSync(join(FIXTURES, 'ipvs', 'scenario.json'), 'utf8')) as {
  version: string;
  conn_tab_size: number;
  total: IpvsSample['total'];
  total_rate: IpvsSample['totalRate'];
  services: ScenarioService[];
};

/** The scenario's services as the parsers give them (a firewall-mark service is protocol FWM). */
export function scenarioServices(): LiveService[] {
  return scenario.services.map(({ id: _id, ...s }) =>
    s.fwmark > 0 ? { ...s, protocol: 'FWM' as const, address: '', port: 0 } : { ...s, address: s.address ?? '' },
  );
}

export function scenarioSample(services: readonly LiveService[] = scenarioServices()): IpvsSample {
  return {
    at: 1000,
    unavailable: null,
    version: scenario.version,
    connTabSize: scenario.conn_tab_size,
    services,
    total: scenario.total,
    totalRate: scenario.total_rate,
    source: 'proc+ipvsadm',
    notes: [],
  };
}

export function emptySample(unavailable: IpvsSample['unavailable'] = null): IpvsSample {
  return { at: 0, unavailable, version: unavailable ? null : '1.2.1', connTabSize: unavailable ? null : 4096, services: [], total: null, totalRate: null, source: 'proc', notes: [] };
}

export function dest(address: string, port: number, weight: number, extra: Partial<LiveDest> = {}): LiveDest {
  return { address, port, forward: 'Route', weight, activeconns: 0, inactconns: 0, persistconns: null, stats: null, rate: null, ...extra };
}

export function liveService(protocol: LiveService['protocol'], address: string, port: number, dests: LiveDest[], extra: Partial<LiveService> = {}): LiveService {
  return {
    protocol,
    af: address.includes(':') ? 6 : 4,
    address: protocol === 'FWM' ? '' : address,
    port: protocol === 'FWM' ? 0 : port,
    fwmark: protocol === 'FWM' ? port : 0,
    scheduler: 'wlc',
    sched_flags: [],
    persistent_timeout: null,
    netmask: null,
    ops: false,
    stats: null,
    rate: null,
    dests,
    ...extra,
  };
}

export const FIXTURE_ROUTER_CF = join(FIXTURES, 'status', 'fixture-router.cf');

export function fixtureRouter(): LvsConfig {
  return model(readFileSync(FIXTURE_ROUTER_CF, 'utf8'));
}

export function model(text: string): LvsConfig {
  return buildModel(parse(Buffer.from(text)));
}

/** A one-virtual lvs.cf; `servers` are [name, address, weight, active?] */
export function oneVirtual(virtualLines: string[], servers: Array<[string, string, number, boolean?]>, global = 'primary = 192.0.2.1\nnetwork = direct\n'): LvsConfig {
  let text = `${global}virtual v {\n     active = 1\n${virtualLines.map((l) => `     ${l}\n`).join('')}`;
  for (const [name, address, weight, active] of servers) {
    text += `     server ${name} {\n         address = ${address}\n         active = ${active === false ? 0 : 1}\n         weight = ${weight}\n     }\n`;
  }
  return model(`${text}}\n`);
}
