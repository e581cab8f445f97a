// The kernel settings an LVS router needs, how to read one live (/proc/sys, no program) and the
// command that sets one live. net.ipv4.ip_forward = 1 always: NAT cannot work without it, Red
// Hat's guide turns it on for direct routing and tunnelling too, and on a router it breaks nothing.
// The admin's other sysctls (e.g. net.ipv4.vs.expire_nodest_conn) come from the sidecar.

import type { Command } from '../system/runner';
import { LvsConfig } from '../config/model';
import { RenderError } from './render-error';

export const IP_FORWARD = 'net.ipv4.ip_forward';

export type SysctlSetting = readonly [key: string, value: string];

export type ManagedSysctls = ReadonlyMap<string, string | number> | Readonly<Record<string, string | number>>;

/**
 * The /proc/sys path components of a key. As sysctl(8) does, the first separator decides the form:
 * `net/ipv4/conf/eth0.100/rp_filter` is a path, and in a dotted key a `/` stands for a dot inside
 * one name (`net.ipv4.conf.eth0/100.rp_filter` is the VLAN interface eth0.100).
 */
export function sysctlComponents(key: string): string[] {
  const k = key.trim();
  const first = /[./]/.exec(k);
  const parts = first && first[0] === '.' ? k.split('.').map((p) => p.replace(/\//g, '.')) : k.split('/');
  if (parts.length < 2 || parts.some((p) => p === '' || p === '.' || p === '..' || !/^[A-Za-z0-9_.:@*+-]+$/.test(p))) {
    throw new RenderError('invalid-sysctl-key', `'${key}' is not a sysctl key`);
  }
  return parts;
}

/** `net.ipv4.ip_forward`, with dots inside a name written as `/` as sysctl(8) prints them. */
export function canonicalSysctlKey(key: string): string {
  return sysctlComponents(key)
    .map((p) => p.replace(/\./g, '/'))
    .join('.');
}

/** The file under /proc/sys holding a key's live value: net.ipv4.ip_forward → /proc/sys/net/ipv4/ip_forward. */
export function sysctlPath(key: string, procSys = '/proc/sys'): string {
  return `${procSys}/${sysctlComponents(key).join('/')}`;
}

/**
 * A value as sysctl.conf and /proc/sys take it: numbers in decimal, blanks collapsed (multi-value
 * keys such as ip_local_port_range read back with tabs).
 */
export function normalizeSysctlValue(value: string | number): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || !Number.isInteger(value)) throw new RenderError('invalid-sysctl-value', `${value} is not an integer`);
    return String(value);
  }
  const v = value.trim().split(/\s+/).join(' ');
  if (v === '' || /[\r\n]/.test(value)) throw new RenderError('invalid-sysctl-value', `'${value}' is not a sysctl value`);
  return v;
}

/** Whether a live value (as read from /proc/sys) is the desired one. */
export function sameSysctlValue(live: string, desired: string | number): boolean {
  return live.trim().split(/\s+/).join(' ') === normalizeSysctlValue(desired);
}

function entries(managed: ManagedSysctls): Array<[string, string | number]> {
  return managed instanceof Map ? [...managed.entries()] : Object.entries(managed as Record<string, string | number>);
}

/**
 * net.ipv4.ip_forward = 1 first, then the admin's sysctls in their order (canonical keys, the
 * last of repeated keys winning). ip_forward is not the admin's to turn off here: the sidecar's
 * validator reports a managed ip_forward other than 1. NAT, direct routing and tunnelling need
 * the same settings today; `config` is the place to look when one of them needs more.
 */
export function desiredSysctl(config: Pick<LvsConfig, 'global'> | null, managed: ManagedSysctls): SysctlSetting[] {
  const out = new Map<string, string>([[IP_FORWARD, '1']]);
  for (const [key, value] of entries(managed)) {
    const k = canonicalSysctlKey(key);
    if (k === IP_FORWARD) continue;
    out.set(k, normalizeSysctlValue(value));
  }
  return [...out.entries()];
}

/** `sysctl -w key=value`, run without a shell. */
export function sysctlWriteCommand(sysctlProgram: string, key: string, value: string | number): Command {
  return { file: sysctlProgram, args: ['-w', `${canonicalSysctlKey(key)}=${normalizeSysctlValue(value)}`] };
}
