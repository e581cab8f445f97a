// The configuration as plain data for `lvs-tui export`: every block's effective settings, each with
// where it comes from (`file`, `default` = what the daemons use when the key is missing, `virtual` =
// a real server's port inherited from its virtual) and its line. The shape (global, redundancy,
// virtuals[{name, settings, servers[...]}]) is what a later `import` will read back: only settings
// `from: "file"` carry information; the others can be recomputed.

import { LvsConfig, Setting, withDefaults } from '../config/model';
import { Scope, keysOf } from '../config/schema';

export interface ExportedSetting {
  readonly value: string;
  readonly from: Setting['from'];
  readonly line: number | null;
}

export type ExportedSettings = Record<string, ExportedSetting>;

export interface ExportedServer {
  readonly name: string;
  readonly line: number;
  readonly settings: ExportedSettings;
}

export interface ExportedVirtual {
  readonly name: string;
  readonly kind: 'virtual' | 'failover';
  readonly line: number;
  readonly settings: ExportedSettings;
  readonly servers: readonly ExportedServer[];
}

export interface ExportedConfig {
  readonly file: string;
  readonly global: { readonly settings: ExportedSettings };
  readonly redundancy: { readonly settings: ExportedSettings };
  readonly virtuals: readonly ExportedVirtual[];
}

/** Global keys shown on Piranha's REDUNDANCY tab; the other global keys are GLOBAL SETTINGS. */
export const REDUNDANCY_KEYS: ReadonlySet<string> = new Set([
  'backup_active', 'backup', 'backup_private', 'heartbeat', 'heartbeat_port', 'keepalive', 'deadtime',
  'monitor_links', 'syncdaemon', 'syncd_iface', 'syncd_id',
]);

/** Schema keys whose daemon default is worth showing (legacy keys only when the file sets them). */
function defaultKeys(scope: Scope): string[] {
  return keysOf(scope)
    .filter((k) => !k.legacy)
    .map((k) => k.key);
}

function exportSettings(scope: Scope, settings: ReadonlyMap<string, Setting>, keep: (key: string) => boolean = () => true): ExportedSettings {
  const all = withDefaults(scope, settings, defaultKeys(scope));
  const fileKeys = [...settings.keys()];
  const order = [...fileKeys, ...[...all.keys()].filter((k) => !settings.has(k))];
  const out: ExportedSettings = {};
  for (const key of order) {
    const s = all.get(key)!;
    if (s.value === null || !keep(key)) continue;
    out[key] = { value: s.value, from: s.from, line: s.line };
  }
  return out;
}

export function exportConfig(config: LvsConfig, file: string): ExportedConfig {
  return {
    file,
    global: { settings: exportSettings('global', config.global.settings, (k) => !REDUNDANCY_KEYS.has(k)) },
    redundancy: { settings: exportSettings('global', config.global.settings, (k) => REDUNDANCY_KEYS.has(k)) },
    virtuals: config.virtuals.map((v) => ({
      name: v.name,
      kind: v.kind,
      line: v.line,
      settings: exportSettings('virtual', v.settings),
      servers: v.servers.map((s) => ({ name: s.name, line: s.line, settings: exportSettings('server', s.settings) })),
    })),
  };
}
