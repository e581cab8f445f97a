// The sidecar's `routers:` settings: how lvs-tui reaches each router of the pair over SSH (for
// `lvs-tui sync` and `status --peer`), and the defaults taken from lvs.cf when a router has no
// entry (root@ its `backup` address, else `backup_private`, port 22). Pure.

import { LvsConfig } from '../config/model';

/** `user@host[:port]` as written in the sidecar or given to `--to`. */
export interface SshAddress {
  readonly user: string;
  /** a host name, an IPv4 address or an IPv6 address (without brackets) */
  readonly host: string;
  readonly port: number;
}

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
export const DEFAULT_SSH_USER = 'root';
export const DEFAULT_SSH_PORT = 22;

const USER = /^[A-Za-z0-9._][A-Za-z0-9._-]*\$?$/;
const HOST_NAME = /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\.?$/;
const IPV6 = /^[0-9A-Fa-f:.]+(%[A-Za-z0-9_.-]+)?$/;

/**
 * Reads `user@host[:port]` or `user@[v6]:port` (also `host` alone, user root, with
 * `userOptional`). Returns the address or why it is not one.
 */
export function parseSshAddress(text: string, opts: { userOptional?: boolean } = {}): SshAddress | string {
  const t = text.trim();
  if (t === '') return 'is empty';
  const at = t.lastIndexOf('@');
  if (at < 0 && !opts.userOptional) return `"${t}" has no user: write user@host[:port], e.g. root@192.0.2.2`;
  const user = at < 0 ? DEFAULT_SSH_USER : t.slice(0, at);
  if (!USER.test(user)) return `"${user}" is not a user name`;
  const rest = t.slice(at + 1);
  let host: string;
  let portText: string | null = null;
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close < 0) return `"${rest}" opens a [ without closing it`;
    host = rest.slice(1, close);
    const after = rest.slice(close + 1);
    if (after !== '') {
      if (!after.startsWith(':')) return `"${after}" after the ] should be :PORT`;
      portText = after.slice(1);
    }
    if (!IPV6.test(host) || !host.includes(':')) return `"${host}" is not an IPv6 address`;
  } else {
    const colons = rest.split(':').length - 1;
    if (colons > 1) return `"${rest}" looks like an IPv6 address: write it in brackets, user@[${rest}]:22`;
    const colon = rest.indexOf(':');
    host = colon < 0 ? rest : rest.slice(0, colon);
    if (colon >= 0) portText = rest.slice(colon + 1);
    if (!HOST_NAME.test(host)) return `"${host}" is not a host name or an IPv4 address`;
  }
  let port = DEFAULT_SSH_PORT;
  if (portText !== null) {
    if (!/^[0-9]{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) return `port "${portText}" is not a port number 1..65535`;
    port = Number(portText);
  }
  return { user, host, port };
}

/** `user@host:port` (IPv6 in brackets), for messages. */
export function sshAddressText(a: SshAddress): string {
  const host = a.host.includes(':') ? `[${a.host}]` : a.host;
  return `${a.user}@${host}${a.port === DEFAULT_SSH_PORT ? '' : `:${a.port}`}`;
}

/** A router's address in lvs.cf: the public one, else the private one. */
export function lvsCfAddress(config: LvsConfig, which: RouterName): string | null {
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
 */
export function routerAccess(config: LvsConfig, routers: RoutersSettings, which: RouterName): ResolvedAccess | string {
  const entry = routers[which];
  const base = { identityFile: entry?.identityFile ?? null, knownHosts: entry?.knownHosts ?? null, remoteRoot: entry?.remoteRoot ?? '/' };
  if (entry?.ssh) return { ...base, target: entry.ssh, from: `lvs-tui.yaml routers.${which}.ssh` };
  const address = lvsCfAddress(config, which);
  if (address === null) {
    return `lvs.cf names no ${which} router (${which === 'backup' ? 'backup or backup_private' : 'primary or primary_private'}) and lvs-tui.yaml has no routers.${which}.ssh`;
  }
  if (which === 'backup' && address === '0.0.0.0') return 'lvs.cf\'s backup address is 0.0.0.0 (no backup router)';
  return { ...base, target: { user: DEFAULT_SSH_USER, host: address, port: DEFAULT_SSH_PORT }, from: `lvs.cf ${which}` };
}

export const NO_ROUTERS: RoutersSettings = { primary: null, backup: null };
