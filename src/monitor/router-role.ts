// Which router this is and whether it is the active one. pulse on the active router raises every
// active virtual's VIP (and the NAT router address) and takes them down when it becomes the
// standby, so the addresses up on this host tell its role: all up = active, none = standby, some =
// partial (an alarm: half a takeover, or an address raised or removed by hand). Whether this is
// the primary or the backup comes from lvs.cf's primary/backup addresses being local. Pure.

import { ConfigFacts } from '../config/model';
import type { LocalAddress } from '../system/interfaces';
import { canonicalAddress } from './merge-address';

export type Role = 'active' | 'standby' | 'partial' | 'unknown';
export type Which = 'primary' | 'backup' | 'unknown';

/** An address pulse raises on the active router. */
export interface FloatingAddress {
  readonly address: string;
  /** the device lvs.cf gives it (`eth0:1`) */
  readonly device: string | null;
  /** the virtuals sharing it, or "nat_router" */
  readonly for: readonly string[];
  readonly up: boolean;
  /** where it is up: the label, else the device; null when down or the source does not say */
  readonly on: string | null;
}

export interface RouterRole {
  readonly role: Role;
  readonly which: Which;
  /** lvs.cf has a backup router (backup_active = 1 and backup set) */
  readonly redundancy: boolean;
  readonly addresses: readonly FloatingAddress[];
  /** the role in words */
  readonly reason: string;
}

function whichRouter(config: ConfigFacts, local: ReadonlySet<string>): { which: Which; note: string } {
  const isLocal = (a: string | null) => a !== null && local.has(canonicalAddress(a) ?? a);
  const primary = isLocal(config.global.primary) || isLocal(config.global.primaryPrivate);
  const backup = config.redundancy.backup !== null && (isLocal(config.redundancy.backup) || isLocal(config.redundancy.backupPrivate));
  if (primary && backup) return { which: 'unknown', note: 'both the primary and the backup address are on this host' };
  if (primary) return { which: 'primary', note: '' };
  if (backup) return { which: 'backup', note: '' };
  return { which: 'unknown', note: config.global.primary === null ? 'lvs.cf sets no primary address' : "neither lvs.cf's primary nor its backup address is on this host" };
}

/** The role from lvs.cf and this host's addresses (null: they could not be read). */
export function routerRole(config: ConfigFacts, local: readonly LocalAddress[] | null): RouterRole {
  const redundancy = config.redundancy.enabled;
  if (local === null) return { role: 'unknown', which: 'unknown', redundancy, addresses: [], reason: "this host's addresses could not be read" };
  const where = new Map<string, string | null>();
  for (const a of local) {
    const c = canonicalAddress(a.address) ?? a.address;
    if (!where.has(c) || where.get(c) === null) where.set(c, a.label ?? a.device);
  }
  const { which, note } = whichRouter(config, new Set(where.keys()));

  const floating = new Map<string, { address: string; device: string | null; for: string[] }>();
  const add = (raw: string, device: string | null, name: string) => {
    const address = canonicalAddress(raw) ?? raw;
    const f = floating.get(address);
    if (f) f.for.push(name);
    else floating.set(address, { address, device, for: [name] });
  };
  for (const v of config.virtuals) if (v.kind === 'virtual' && v.active && v.vip !== null) add(v.vip, v.device, v.name);
  if (floating.size > 0 && config.global.network === 'nat' && config.global.natRouter !== null) add(config.global.natRouter, config.global.natDevice, 'nat_router');

  const addresses: FloatingAddress[] = [...floating.values()].map((f) => ({ ...f, up: where.has(f.address), on: where.get(f.address) ?? null }));
  const up = addresses.filter((a) => a.up).length;
  const whichText = which === 'unknown' ? (note ? ` (which router: unknown, ${note})` : '') : ` (${which})`;
  if (addresses.length === 0) return { role: 'unknown', which, redundancy, addresses, reason: `no active virtual server with a VIP in lvs.cf${whichText}` };
  if (up === addresses.length) return { role: 'active', which, redundancy, addresses, reason: `all ${addresses.length} floating addresses are up here${whichText}` };
  if (up === 0) return { role: 'standby', which, redundancy, addresses, reason: `none of ${addresses.length} floating addresses is up here${whichText}` };
  const down = addresses.filter((a) => !a.up).map((a) => a.address);
  return { role: 'partial', which, redundancy, addresses, reason: `${up} of ${addresses.length} floating addresses up; not up: ${down.join(', ')}${whichText}` };
}
