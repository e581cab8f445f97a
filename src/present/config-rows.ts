// The rows of the VIRTUAL SERVERS and REAL SERVER lists (pure), as Piranha's tables show them:
// STATUS, NAME, VIP, NETMASK, PORT, PROTOCOL, INTERFACE; and STATUS, NAME, ADDRESS, PORT, WEIGHT.
// States are words, so they read without colour.

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

export function virtualRows(config: LvsConfig): ConfigRow[] {
  return config.virtuals
    .filter((v) => v.kind === 'virtual')
    .map((v) => ({
      id: v.name,
      level: v.active ? 'ok' : 'off',
      cells: [
        v.active ? 'active' : 'inactive',
        v.name,
        v.vip ?? '-',
        setting(v, 'vip_nmask') || 'Unused',
        v.port,
        v.protocol,
        v.device ?? '-',
      ],
    }));
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
