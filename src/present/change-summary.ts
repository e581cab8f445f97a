// One line saying how two versions of lvs.cf differ in meaning (for `lvs-tui history`): settings
// changed, virtual and real servers added or removed. Pure; compares models, not text.

import { LvsConfig, Setting } from '../config/model';

function settingChanges(prefix: string, from: ReadonlyMap<string, Setting>, to: ReadonlyMap<string, Setting>, out: string[]): void {
  const keys = new Set([...from.keys(), ...to.keys()]);
  for (const key of keys) {
    const a = from.get(key);
    const b = to.get(key);
    const av = a && a.from === 'file' ? a.value : null;
    const bv = b && b.from === 'file' ? b.value : null;
    if (av === bv) continue;
    const show = (v: string | null) => (v === null ? 'unset' : v);
    out.push(`${prefix}${key} ${show(av)}→${show(bv)}`);
  }
}

/** The changes that turn `from` into `to`, most important first. */
export function describeChanges(from: LvsConfig, to: LvsConfig): string[] {
  const out: string[] = [];
  settingChanges('', from.global.settings, to.global.settings, out);
  const fromV = new Map(from.virtuals.map((v) => [v.name, v]));
  const toV = new Map(to.virtuals.map((v) => [v.name, v]));
  for (const v of from.virtuals) if (!toV.has(v.name)) out.push(`-virtual ${v.name}`);
  for (const v of to.virtuals) if (!fromV.has(v.name)) out.push(`+virtual ${v.name}`);
  for (const v of to.virtuals) {
    const old = fromV.get(v.name);
    if (!old) continue;
    settingChanges(`${v.name}.`, old.settings, v.settings, out);
    const fromS = new Map(old.servers.map((s) => [s.name, s]));
    const toS = new Map(v.servers.map((s) => [s.name, s]));
    for (const s of old.servers) if (!toS.has(s.name)) out.push(`-server ${v.name}/${s.name}`);
    for (const s of v.servers) if (!fromS.has(s.name)) out.push(`+server ${v.name}/${s.name}`);
    for (const s of v.servers) {
      const o = fromS.get(s.name);
      if (o) settingChanges(`${v.name}/${s.name}.`, o.settings, s.settings, out);
    }
  }
  return out;
}

/** The changes as one line of at most `width` characters. */
export function summarizeChanges(from: LvsConfig, to: LvsConfig, bytesEqual: boolean, width = 60): string {
  if (bytesEqual) return 'same as current';
  const changes = describeChanges(from, to);
  if (!changes.length) return 'comments or layout only';
  let line = '';
  for (let i = 0; i < changes.length; i++) {
    const next = line ? `${line}, ${changes[i]}` : changes[i];
    const rest = changes.length - i - 1;
    const suffix = rest ? `, +${rest} more` : '';
    if (next.length + suffix.length > width && line) return `${line}, +${changes.length - i} more`;
    line = next;
  }
  return line;
}
