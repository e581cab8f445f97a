// Where lvs-tui's files are: every default path is taken under --root (default "/"); an explicit
// --config is used as given. The sidecar lvs-tui.yaml sits next to the config, wherever that is.

import { dirname, join, resolve } from 'node:path';

export interface Paths {
  readonly root: string;
  readonly config: string;
  readonly sidecar: string;
  readonly proc: string;
  readonly lock: string;
  readonly history: string;
  readonly logs: string;
}

export const DEFAULT_CONFIG = '/etc/sysconfig/ha/lvs.cf';

export function resolvePaths(root: string | undefined, config: string | undefined): Paths {
  const r = resolve(root ?? '/');
  const under = (p: string) => join(r, p);
  const cfg = config ?? under(DEFAULT_CONFIG);
  return {
    root: r,
    config: cfg,
    sidecar: join(dirname(cfg), 'lvs-tui.yaml'),
    proc: under('/proc'),
    lock: under('/run/lvs-tui.lock'),
    history: under('/var/lib/lvs-tui/history'),
    logs: under('/var/log/lvs-tui'),
  };
}
