// The sidecar's `routers:` settings: how lvs-tui reaches each router of the pair over SSH (for
// `lvs-tui sync` and `status --peer`), and the defaults taken from lvs.cf when a router has no
// entry (root@ its `backup` address, else `backup_private`, port 22). Pure.

import { ConfigFacts } from '../config/model';
import { DEFAULT_SSH_PORT, DEFAULT_SSH_USER, SshAddress } from './ssh-address';

export { DEFAULT_SSH_PORT, DEFAULT_SSH_USER, parseSshAddress, sshAddressText } from './ssh-address';
export type { SshAddress } from './ssh-address';

export type RouterName = 'primary' | 'backup';
export const ROUTER_NAMES: readonly RouterName[] = ['primary', 'backup'];

/** How to reach one router of the pair. */
export interface RouterAccess {
  /** null: take the default from lvs.cf (root@ its address, port 22) */
  readonly ssh: SshAddress | null;
  /** a private key file; null: ssh-agent and the usual ~/.ssh/id_* files */
  readonly identityFile: string | null;
  /** a known_hosts file; null: ~/.ssh/known_hosts and /etc/ssh/ssh_known_hosts */
  readonly knownHosts: string | null;
  /** prefixes every path on that router, as --root does here (tests; "/" on a real router) */
  readonly remoteRoot: string;
}

export interface RoutersSettings {
  readonly primary: RouterAccess | null;
  readonly backup: RouterAccess | null;
}

export const ROUTER_KEYS = ['ssh', 'identity_file', 'known_hosts', 'remote_root'] as const;

/** A router's address in lvs.cf: the public one, else the private one. */
export function lvsCfAddress(config: ConfigFacts, which: RouterName): string | null {
  if (which === 'backup') return config.redundancy.backup ?? config.redundancy.backupPrivate;
  return config.global.primary ?? config.global.primaryPrivate;
}

export interface ResolvedAccess {
  readonly target: SshAddress;
  readonly identityFile: string | null;
  readonly knownHosts: string | null;
  readonly remoteRoot: string;
  /** where the target came from, for messages: "lvs-tui.yaml routers.backup.ssh", "lvs.cf backup" */
  readonly from: string;
}

/**
 * How to reach `which`: the sidecar's entry, else root@ lvs.cf's address for it, port 22.
 * Returns why not when neither says (lvs.cf has no backup address and the sidecar no entry).
 * `config` may be a function, called only when the address has to come from lvs.cf.
 */
export function routerAccess(config: ConfigFacts | (() => ConfigFacts), routers: RoutersSettings, which: RouterName): ResolvedAccess | string {
  const entry = routers[which];
  const base = { identityFile: entry?.identityFile ?? null, knownHosts: entry?.knownHosts ?? null, remoteRoot: entry?.remoteRoot ?? '/' };
  if (entry?.ssh) return { ...base, target: entry.ssh, from: `lvs-tui.yaml routers.${which}.ssh` };
  const address = lvsCfAddress(typeof config === 'function' ? config() : config, which);
  if (address === null) {
    return `lvs.cf names no ${which} router (${which === 'backup' ? 'backup or backup_private' : 'primary or primary_private'}) and lvs-tui.yaml has no routers.${which}.ssh`;
  }
  if (which === 'backup' && address === '0.0.0.0') return 'lvs.cf\'s backup address is 0.0.0.0 (no backup router)';
  return { ...base, target: { user: DEFAULT_SSH_USER, host: address, port: DEFAULT_SSH_PORT }, from: `lvs.cf ${which}` };
}

export const NO_ROUTERS: RoutersSettings = { primary: null, backup: null };
