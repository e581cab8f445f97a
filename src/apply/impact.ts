// What applying a new lvs.cf means for the running router, following what the daemons really do
// (spec lvs-cf.md §4). On `pulse reload` lvsd matches virtual services by (VIP, protocol, port),
// fwmark services by mark: removed ones get `ipvsadm -D`, new ones are started, and for the others
// only the set of real servers (address + port) is compared. Every other change takes effect only
// with `pulse restart`, and lvsd then starts with `ipvsadm -C`, clearing the whole IPVS table.
// Inactive virtual and real servers do not exist for lvsd.

import { ConfigFacts, ServerFacts, Setting, VirtualFacts } from '../config/model';
import { Scope, keySpec, keysOf } from '../config/schema';

export type ImpactAction = 'none' | 'reload' | 'restart';

export interface ImpactReason {
  readonly action: ImpactAction;
  /** names the virtual/server and the key, old → new */
  readonly what: string;
}

export interface Impact {
  /** what pulse needs: nothing, a reload, or a restart (which clears the IPVS table) */
  readonly action: ImpactAction;
  /** every change and what it needs, even when pulse is not running (then action is 'none') */
  readonly reasons: readonly ImpactReason[];
  readonly note?: string;
}

export interface PulseState {
  readonly installed: boolean;
  readonly running: boolean;
}

export const RESTART_NOTE =
  'pulse restart starts lvsd again, and lvsd clears the whole IPVS table (ipvsadm -C) before rebuilding it: ' +
  'every connection entry and persistence record is lost, and IPVS rules lvs-tui and Piranha did not create are removed too.';

const RANK: Record<ImpactAction, number> = { none: 0, reload: 1, restart: 2 };

/** Global keys the daemons never read: a change is shown but needs nothing. */
const UNUSED_GLOBALS: Readonly<Record<string, string>> = {
  serial_no: 'information only',
  debug_level: 'not used by the daemons',
  heartbeat: 'not used by pulse',
};

function valueOf(scope: Scope, settings: ReadonlyMap<string, Setting>, key: string): string | null {
  const s = settings.get(key);
  return s ? s.value : (keySpec(scope, key)?.daemonDefault ?? null);
}

/** A value for the reason text: quoted when it has blanks or is empty, as lvs.cf would write it. */
const show = (v: string | null) => (v === null ? '(unset)' : v === '' || /[\s"]/.test(v) ? `"${v}"` : v);

/** Keys to compare in a scope: the schema's and any others either side sets. */
function keysToCompare(scope: Scope, a: ReadonlyMap<string, Setting>, b: ReadonlyMap<string, Setting>): string[] {
  const keys = new Set(keysOf(scope).map((k) => k.key));
  for (const k of a.keys()) keys.add(k);
  for (const k of b.keys()) keys.add(k);
  return [...keys];
}

/** lvsd's identity of a virtual service. */
function serviceKey(v: VirtualFacts): string {
  return v.fwmark !== 0 ? `fwmark ${v.fwmark}` : `${v.protocol} ${v.vip}:${v.port}`;
}

function virtualLabel(v: VirtualFacts): string {
  return `virtual ${v.name} (${serviceKey(v)})`;
}

function ipvsService(v: VirtualFacts): string {
  return v.fwmark !== 0 ? `-f ${v.fwmark}` : `${v.protocol === 'udp' ? '-u' : '-t'} ${v.vip}:${v.port}`;
}

const serverKey = (s: ServerFacts) => `${s.address}:${s.port}`;

function activeVirtuals(c: ConfigFacts): VirtualFacts[] {
  return c.virtuals.filter((v) => v.kind === 'virtual' && v.active);
}

/** First of each identity: a duplicate is a validation error, and lvsd's `-A` of it fails. */
function byService(vs: readonly VirtualFacts[]): Map<string, VirtualFacts> {
  const m = new Map<string, VirtualFacts>();
  for (const v of vs) if (!m.has(serviceKey(v))) m.set(serviceKey(v), v);
  return m;
}

function compareGlobals(before: ConfigFacts, after: ConfigFacts, out: ImpactReason[]): void {
  const a = before.global.settings;
  const b = after.global.settings;
  for (const key of keysToCompare('global', a, b)) {
    const old = valueOf('global', a, key);
    const now = valueOf('global', b, key);
    if (old === now) continue;
    const unused = UNUSED_GLOBALS[key];
    out.push({ action: unused ? 'none' : 'restart', what: `global ${key}: ${show(old)} → ${show(now)}${unused ? ` (${unused})` : ''}` });
  }
}

/** A VIP is raised on its device only when pulse starts (or takes over): a new one needs a restart. */
function compareVips(before: readonly VirtualFacts[], after: readonly VirtualFacts[], out: ImpactReason[]): void {
  const devices = (vs: readonly VirtualFacts[]) => {
    const m = new Map<string, string>();
    for (const v of vs) if (v.vip !== null && !m.has(v.vip)) m.set(v.vip, v.device ?? '(no device)');
    return m;
  };
  const a = devices(before);
  const b = devices(after);
  for (const [vip, dev] of b) {
    const old = a.get(vip);
    if (old === undefined) out.push({ action: 'restart', what: `VIP ${vip} on ${dev} is new: pulse raises VIPs only when it starts` });
    else if (old !== dev) out.push({ action: 'restart', what: `VIP ${vip}: device ${old} → ${dev}` });
  }
  for (const [vip, dev] of a) {
    if (!b.has(vip)) out.push({ action: 'reload', what: `VIP ${vip} is no longer used; it stays raised on ${dev} until pulse restarts` });
  }
}

function compareVirtual(a: VirtualFacts, b: VirtualFacts, out: ImpactReason[]): void {
  const label = virtualLabel(b);
  if (a.name !== b.name) out.push({ action: 'none', what: `virtual ${a.name} renamed to ${b.name} (lvsd matches services by ${serviceKey(b)})` });
  // For a fwmark service the VIP, port and protocol are not its identity but nanny's arguments.
  if (b.fwmark !== 0) {
    if (a.vip !== b.vip) out.push({ action: 'restart', what: `${label}: VIP ${show(a.vip)} → ${show(b.vip)}` });
    if (a.port !== b.port) out.push({ action: 'restart', what: `${label}: port ${a.port} → ${b.port}` });
    if (a.protocol !== b.protocol) out.push({ action: 'restart', what: `${label}: protocol ${a.protocol} → ${b.protocol}` });
  }
  const skip = new Set(['active', 'address', 'port', 'protocol', 'fwmark']);
  for (const key of keysToCompare('virtual', a.settings, b.settings)) {
    if (skip.has(key)) continue;
    const old = valueOf('virtual', a.settings, key);
    const now = valueOf('virtual', b.settings, key);
    if (old !== now) out.push({ action: 'restart', what: `${label}: ${key} ${show(old)} → ${show(now)}` });
  }
  const servers = (v: VirtualFacts) => {
    const m = new Map<string, ServerFacts>();
    for (const s of v.servers) if (s.active && !m.has(serverKey(s))) m.set(serverKey(s), s);
    return m;
  };
  const sa = servers(a);
  const sb = servers(b);
  for (const [k, s] of sa) {
    if (!sb.has(k)) out.push({ action: 'reload', what: `${label}: server ${s.name} (${k}) is removed (ipvsadm -d ${ipvsService(a)} -r ${k})` });
  }
  for (const [k, s] of sb) {
    const old = sa.get(k);
    if (!old) {
      out.push({ action: 'reload', what: `${label}: server ${s.name} (${k}) is added (a new nanny checks it)` });
      continue;
    }
    const sl = `${label}, server ${s.name} (${k})`;
    if (old.name !== s.name) out.push({ action: 'none', what: `${label}: server ${old.name} renamed to ${s.name}` });
    // nanny got its weight on its command line: a running nanny keeps the old one
    if (old.weight !== s.weight) out.push({ action: 'restart', what: `${sl}: weight ${old.weight} → ${s.weight}` });
  }
}

/** Legacy failover services (pulse's fos mode) have no reload: any change needs a restart. */
function compareFailovers(before: ConfigFacts, after: ConfigFacts, out: ImpactReason[]): void {
  const of = (c: ConfigFacts) => new Map(c.virtuals.filter((v) => v.kind === 'failover').map((v) => [v.name, v]));
  const a = of(before);
  const b = of(after);
  for (const [name, v] of b) {
    const old = a.get(name);
    if (!old) {
      out.push({ action: 'restart', what: `failover ${name} is added` });
      continue;
    }
    for (const key of keysToCompare('virtual', old.settings, v.settings)) {
      const x = valueOf('virtual', old.settings, key);
      const y = valueOf('virtual', v.settings, key);
      if (x !== y) out.push({ action: 'restart', what: `failover ${name}: ${key} ${show(x)} → ${show(y)}` });
    }
  }
  for (const name of a.keys()) if (!b.has(name)) out.push({ action: 'restart', what: `failover ${name} is removed` });
}

/** Every change from `before` to `after` and what it needs from a running pulse. */
export function impactReasons(before: ConfigFacts, after: ConfigFacts): ImpactReason[] {
  const out: ImpactReason[] = [];
  compareGlobals(before, after, out);
  const va = activeVirtuals(before);
  const vb = activeVirtuals(after);
  compareVips(va, vb, out);
  const a = byService(va);
  const b = byService(vb);
  const addedNames = new Map<string, VirtualFacts>();
  for (const [k, v] of b) if (!a.has(k)) addedNames.set(v.name, v);
  const pairedByName = new Set<string>();
  for (const [k, v] of a) {
    const now = b.get(k);
    if (now) {
      compareVirtual(v, now, out);
      continue;
    }
    // The same virtual with another fwmark: lvsd does not take a new mark on reload (spec §4).
    const sameName = addedNames.get(v.name);
    if (sameName && sameName.fwmark !== v.fwmark) {
      pairedByName.add(v.name);
      out.push({ action: 'restart', what: `virtual ${v.name}: fwmark ${v.fwmark} → ${sameName.fwmark}` });
      continue;
    }
    out.push({ action: 'reload', what: `${virtualLabel(v)} is removed (ipvsadm -D ${ipvsService(v)})` });
  }
  for (const [k, v] of b) {
    if (a.has(k) || pairedByName.has(v.name)) continue;
    const n = v.servers.filter((s) => s.active).length;
    out.push({ action: 'reload', what: `${virtualLabel(v)} is added (ipvsadm -A ${ipvsService(v)} -s ${v.scheduler}, ${n} real server${n === 1 ? '' : 's'})` });
  }
  compareFailovers(before, after, out);
  return out;
}

/**
 * The impact of applying `after` when pulse runs `before` (null: lvs-tui does not know what pulse
 * is running, so only a restart is sure to load `after`).
 */
export function planImpact(before: ConfigFacts | null, after: ConfigFacts, pulse: PulseState): Impact {
  const reasons: ImpactReason[] =
    before === null ? [{ action: 'restart', what: 'lvs-tui does not know which configuration pulse is running: only a restart is sure to load this one' }] : impactReasons(before, after);
  if (!pulse.installed) return { action: 'none', reasons, note: 'pulse is not installed: there is nothing to reload; the configuration is read when pulse is installed and started' };
  if (!pulse.running) return { action: 'none', reasons, note: 'pulse is not running: the new configuration is read when it starts' };
  const action = reasons.reduce<ImpactAction>((acc, r) => (RANK[r.action] > RANK[acc] ? r.action : acc), 'none');
  return action === 'restart' ? { action, reasons, note: RESTART_NOTE } : { action, reasons };
}
