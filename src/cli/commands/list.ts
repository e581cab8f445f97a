// `lvs-tui list [--json]`: virtual servers and their real servers.

import { parse } from '../../config/parse';
import { LvsConfig, buildModel } from '../../config/model';
import { EXIT, ExitCode, UsageError } from '../errors';
import { CommandContext } from './context';

export interface ListedServer {
  name: string;
  active: boolean;
  address: string;
  port: string;
  weight: number;
}
export interface ListedVirtual {
  name: string;
  kind: 'virtual' | 'failover';
  active: boolean;
  address: string | null;
  device: string | null;
  port: string;
  protocol: string;
  fwmark: number;
  scheduler: string;
  persistent: number;
  servers: ListedServer[];
}

export function listData(config: LvsConfig): ListedVirtual[] {
  return config.virtuals.map((v) => ({
    name: v.name,
    kind: v.kind,
    active: v.active,
    address: v.vip,
    device: v.device,
    port: v.port,
    protocol: v.protocol,
    fwmark: v.fwmark,
    scheduler: v.scheduler,
    persistent: v.persistent,
    servers: v.servers.map((s) => ({ name: s.name, active: s.active, address: s.address, port: s.port, weight: s.weight })),
  }));
}

/** Aligned columns; the last column is not padded. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd() + '\n').join('');
}

export function renderList(list: readonly ListedVirtual[]): string {
  if (!list.length) return 'no virtual servers\n';
  const rows: string[][] = [['NAME', 'STATUS', 'SERVICE', 'DEVICE', 'SCHEDULER']];
  for (const v of list) {
    const service = v.fwmark ? `${v.protocol} fwmark ${v.fwmark} (${v.address ?? '?'})` : `${v.protocol} ${v.address ?? '?'}:${v.port}`;
    const sched = v.persistent ? `${v.scheduler} persistent ${v.persistent}` : v.scheduler;
    rows.push([`${v.kind === 'failover' ? 'failover ' : ''}${v.name}`, v.active ? 'active' : 'inactive', service, v.device ?? '-', sched]);
    for (const s of v.servers) rows.push([`  ${s.name}`, s.active ? 'active' : 'inactive', `${s.address}:${s.port}`, `weight ${s.weight}`, '']);
  }
  return table(rows);
}

export function runList({ positionals, options, paths, deps }: CommandContext): ExitCode {
  if (positionals.length) throw new UsageError('list takes no arguments', 'list');
  const data = listData(buildModel(parse(deps.files.read(paths.config))));
  deps.stdout.write(options.json ? JSON.stringify(data, null, 2) + '\n' : renderList(data));
  return EXIT.ok;
}
