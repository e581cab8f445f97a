// The rows of the VIRTUAL SERVERS and REAL SERVER lists (pure), as Piranha's tables show them:
// STATUS, NAME, VIP, NETMASK, PORT, PROTOCOL, INTERFACE (and LIVE, the router's state of each, from
// src/present/virtual-live.ts); and STATUS, NAME, ADDRESS, PORT, WEIGHT. States are words, so they
// read without colour. The virtual servers' columns narrow with the terminal (virtualColumnsFor).

import { LvsConfig, VirtualServer } from '../config/model';

export interface ConfigRow {
  readonly id: string;
  readonly cells: readonly string[];
  readonly level: 'ok' | 'off';
}

export const VIRTUAL_COLUMNS = [
  { title: 'STATUS', width: 8 },
  { title: 'NAME', width: 10 },
  { title: 'VIP', width: 15 },
  { title: 'NETMASK', width: 15 },
  { title: 'PORT', width: 5 },
  { title: 'PROTOCOL', width: 8 },
  { title: 'INTERFACE', width: 9 },
] as const;

/** A column of a list: `cell` is the index of its text in a row's cells (default: its position). */
export interface RowColumn {
  readonly title: string;
  readonly width: number;
  readonly cell?: number;
}

/** Index of each virtual row's cells (virtualRows); LIVE is added for the rows drawn. */
export const VCELL = { status: 0, name: 1, vip: 2, netmask: 3, port: 4, protocol: 5, device: 6, prefix: 7, live: 8 } as const;

/** The room LIVE needs to say "IPVS not loaded" / "2/10 ramping" whole. */
const LIVE_ROOM = 15;

/**
 * The VIRTUAL SERVERS columns for a line `width` characters wide, LIVE last (it takes the rest):
 * Piranha's seven at full width; then the netmask as a prefix (/24) and shorter titles (80
 * columns); then only what tells the virtuals apart; never wider than the line.
 */
export function virtualColumnsFor(width: number): readonly RowColumn[] {
  const live = (w: number): RowColumn => ({ title: 'LIVE', width: w, cell: VCELL.live });
  const used = (cols: readonly RowColumn[]) => cols.reduce((n, c) => n + c.width + 1, 0);
  const full: RowColumn[] = VIRTUAL_COLUMNS.map((c) => ({ ...c }));
  if (width >= used(full) + LIVE_ROOM) {
    // room to spare goes to NAME (up to 24) once LIVE has 20
    const spare = Math.max(0, width - used(full) - 20);
    full[1] = { title: 'NAME', width: 10 + Math.min(14, spare) };
    return [...full, live(width - used(full))];
  }
  const compact: RowColumn[] = [
    { title: 'STATUS', width: 8 },
    { title: 'NAME', width: 10 },
    { title: 'VIP', width: 15 },
    { title: 'MASK', width: 4, cell: VCELL.prefix },
    { title: 'PORT', width: 5 },
    { title: 'PROTO', width: 5, cell: VCELL.protocol },
    { title: 'IFACE', width: 7, cell: VCELL.device },
  ];
  if (width >= used(compact) + 11) return [...compact, live(width - used(compact))];
  const tight: RowColumn[] = [
    { title: 'STATUS', width: 8 },
    { title: 'NAME', width: 10 },
    { title: 'VIP', width: 15 },
    { title: 'PORT', width: 5, cell: VCELL.port },
  ];
  if (width >= used(tight) + 8) return [...tight, live(width - used(tight))];
  const least: RowColumn[] = [{ title: 'NAME', width: 10, cell: VCELL.name }];
  return [...least, live(Math.max(1, width - used(least)))];
}

/** "255.255.255.0" as "/24"; "" (Unused) as "-"; a mask that is not contiguous as it is. */
export function maskPrefix(mask: string): string {
  if (!mask || mask === 'Unused') return '-';
  const parts = mask.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return mask;
  const bits = parts.map((p) => Number(p).toString(2).padStart(8, '0')).join('');
  return /^1*0*$/.test(bits) ? `/${bits.indexOf('0') < 0 ? 32 : bits.indexOf('0')}` : mask;
}

export const SERVER_COLUMNS = [
  { title: 'STATUS', width: 8 },
  { title: 'NAME', width: 16 },
  { title: 'ADDRESS', width: 20 },
  { title: 'PORT', width: 7 },
  { title: 'WEIGHT', width: 8 },
] as const;

const setting = (v: { settings: ReadonlyMap<string, { value: string | null; from: string }> }, key: string) => {
  const s = v.settings.get(key);
  return s && s.from === 'file' && s.value !== null ? s.value : '';
};

const rowsOf = new WeakMap<LvsConfig, ConfigRow[]>();

/** The rows of a config (made once per LvsConfig: the monitor's ticks redraw them, not remake them). */
export function virtualRows(config: LvsConfig): ConfigRow[] {
  const cached = rowsOf.get(config);
  if (cached) return cached;
  const rows = config.virtuals
    .filter((v) => v.kind === 'virtual')
    .map((v): ConfigRow => {
      const mask = setting(v, 'vip_nmask') || 'Unused';
      return {
        id: v.name,
        level: v.active ? 'ok' : 'off',
        cells: [v.active ? 'active' : 'inactive', v.name, v.vip ?? '-', mask, v.port, v.protocol, v.device ?? '-', maskPrefix(mask)],
      };
    });
  rowsOf.set(config, rows);
  return rows;
}

export function serverRows(v: VirtualServer): ConfigRow[] {
  return v.servers.map((s) => {
    const own = s.settings.get('port');
    return {
      id: s.name,
      level: s.active ? 'ok' : 'off',
      cells: [s.active ? 'active' : 'inactive', s.name, s.address, own && own.from === 'file' ? s.port : `(${s.port})`, String(s.weight)],
    };
  });
}
