// The configuration forms of the TUI (pure): which fields each of Piranha's screens has, in its
// order (spec lvs-cf.md §5), their values from the staged model, and how an accepted form becomes
// edits of lvs.cf (and of lvs-tui.yaml for a firewall mark's ports). The edits go through the
// CLI's own refusals (edit-plan.ts: one line, no double quote in a quoted value, names, a VIP with
// its device) and then the validator on the result, so a form accepts exactly what `lvs-tui set`
// would write; errors are mapped back to their fields.

import type { Document as YamlDocument } from 'yaml';
import { Document } from '../config/cst';
import { BlockPath, EditError, addBlock, removeAttribute, renameBlock, setAttribute } from '../config/edit';
import { LvsConfig, RealServer, VirtualServer, effectiveSetting } from '../config/model';
import { parse } from '../config/parse';
import { print } from '../config/print';
import { SCHEDULERS, Scope, keySpec } from '../config/schema';
import { validate } from '../config/validate';
import { Diagnostic } from '../config/diagnostic';
import { newBlockAttrs, prepareValue } from '../cli/edit-plan';
import { MarkProtocol, PortRange, Sidecar, marksFor, removeFirewallMark, setFirewallMark } from '../apply/sidecar';
import { ChoiceOption, FieldSpec } from './form-state';

export type FormKind = 'global' | 'redundancy' | 'virtual' | 'server' | 'scripts';

export interface FormDef {
  readonly kind: FormKind;
  readonly title: string;
  readonly fields: readonly FieldSpec[];
  readonly values: Readonly<Record<string, string>>;
  /** the block edited; for a new item, the parent ({} for a virtual, {virtual} for a server) */
  readonly path: BlockPath;
  /** true: accepting adds a new block named by the `name` field */
  readonly isNew: boolean;
}

/** A field and the lvs.cf key it edits ('' for the composite and sidecar fields). */
interface FieldKey {
  readonly scope: Scope;
  readonly key: string;
}

// ---- options

const NETMASKS: string[] = [];
for (let bits = 32; bits >= 16; bits--) {
  const n = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  NETMASKS.push([24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.'));
}

const SCHEDULER_LABELS: Record<string, string> = {
  wlc: 'Weighted least-connections',
  rr: 'Round robin',
  wrr: 'Weighted round robin',
  lc: 'Least-connection',
  lblc: 'Locality-Based Least-Connection',
  lblcr: 'Locality-Based Least-Connection (R)',
  dh: 'Destination Hash',
  sh: 'Source Hash',
};

/** The options, with the file's own value kept when it is not among them (so it survives as is). */
function withCurrent(options: ChoiceOption[], current: string, unset: string | null): ChoiceOption[] {
  const out = unset !== null ? [{ value: '', label: unset }, ...options] : options;
  if (current !== '' && !out.some((o) => o.value === current)) out.push({ value: current, label: `${current} (as in the file)` });
  return out;
}

const yesNo = (current: string, unset: string | null) => withCurrent([{ value: '1', label: 'yes' }, { value: '0', label: 'no' }], current, unset);
const masks = (current: string, unsetLabel: string) => withCurrent(NETMASKS.map((m) => ({ value: m, label: m })), current, unsetLabel);

// ---- reading values

/** The value written in the file for a key of a block (quotes of quoted strings removed), '' when unset. */
function fileValue(settings: ReadonlyMap<string, { value: string | null; from: string }>, key: string): string {
  const s = settings.get(key);
  return s && s.from === 'file' && s.value !== null ? s.value : '';
}

function unsetHint(scope: Scope, key: string): string | undefined {
  const d = keySpec(scope, key)?.daemonDefault;
  return d !== null && d !== undefined ? `(unset: ${d})` : '(unset)';
}

function text(scope: Scope, key: string, label?: string): FieldSpec {
  const spec = keySpec(scope, key);
  return { id: key, label: label ?? spec?.label ?? key, kind: 'text', placeholder: unsetHint(scope, key), help: spec?.help, maxLength: 255 };
}

function choice(scope: Scope, key: string, options: ChoiceOption[], label?: string): FieldSpec {
  const spec = keySpec(scope, key);
  return { id: key, label: label ?? spec?.label ?? key, kind: 'choice', options, help: spec?.help };
}

const FIELD_KEYS: Record<FormKind, Record<string, FieldKey>> = { global: {}, redundancy: {}, virtual: {}, server: {}, scripts: {} };

function keyOf(kind: FormKind, id: string): FieldKey | undefined {
  return FIELD_KEYS[kind][id];
}

function register(kind: FormKind, scope: Scope, fields: readonly FieldSpec[]): void {
  for (const f of fields) {
    if (f.id === 'name' || f.id === 'marked_ports') continue;
    const key = f.id === 'vip' || f.id === 'device' ? 'address' : f.id === 'nat_ip' || f.id === 'nat_dev' ? 'nat_router' : f.id;
    FIELD_KEYS[kind][f.id] = { scope, key };
  }
}

// ---- the forms

const words = (v: string) => v.trim().split(/[ \t]+/).filter(Boolean);

export function globalForm(config: LvsConfig): FormDef {
  const s = config.global.settings;
  const v = (k: string) => fileValue(s, k);
  const nat = words(v('nat_router'));
  const network = v('network');
  const fields: FieldSpec[] = [
    text('global', 'primary'),
    text('global', 'primary_private'),
    choice('global', 'network', withCurrent([{ value: 'nat', label: 'NAT' }, { value: 'direct', label: 'Direct Routing' }, { value: 'tunnel', label: 'Tunneling' }], network, 'unset (NAT)')),
    { id: 'nat_ip', label: 'NAT Router IP', kind: 'text', placeholder: '(unset)', help: 'Floating gateway of the real servers, raised by the active router.', maxLength: 255 },
    choice('global', 'nat_nmask', masks(v('nat_nmask'), 'unset'), 'NAT Router netmask'),
    { id: 'nat_dev', label: 'NAT Router device', kind: 'text', placeholder: '(e.g. eth1:1)', help: 'The device the NAT router address is raised on.', maxLength: 255 },
    text('global', 'tcp_timeout'),
    text('global', 'tcpfin_timeout'),
    text('global', 'udp_timeout'),
  ];
  register('global', 'global', fields);
  const values: Record<string, string> = {
    primary: v('primary'), primary_private: v('primary_private'), network, nat_ip: nat[0] ?? '', nat_nmask: v('nat_nmask'), nat_dev: nat.slice(1).join(' '),
    tcp_timeout: v('tcp_timeout'), tcpfin_timeout: v('tcpfin_timeout'), udp_timeout: v('udp_timeout'),
  };
  return { kind: 'global', title: 'GLOBAL SETTINGS', fields, values, path: {}, isNew: false };
}

export function redundancyForm(config: LvsConfig): FormDef {
  const s = config.global.settings;
  const v = (k: string) => fileValue(s, k);
  const fields: FieldSpec[] = [
    choice('global', 'backup_active', withCurrent([{ value: '1', label: 'enabled' }, { value: '0', label: 'disabled' }], v('backup_active'), 'unset (disabled)'), 'Redundancy'),
    text('global', 'backup'),
    text('global', 'backup_private'),
    text('global', 'keepalive'),
    text('global', 'deadtime'),
    text('global', 'heartbeat_port'),
    choice('global', 'monitor_links', yesNo(v('monitor_links'), 'unset (no)')),
    choice('global', 'syncdaemon', yesNo(v('syncdaemon'), 'unset (no)')),
    text('global', 'syncd_iface'),
    text('global', 'syncd_id'),
  ];
  register('redundancy', 'global', fields);
  const values: Record<string, string> = {};
  for (const f of fields) values[f.id] = v(f.id);
  return { kind: 'redundancy', title: 'REDUNDANCY', fields, values, path: {}, isNew: false };
}

/** The ports the sidecar marks with `mark` for `protocol`, as "21, 10000:20000". */
export function markedPortsText(sidecar: Sidecar, mark: number, protocol: string): string {
  if (mark <= 0) return '';
  return marksFor(sidecar, mark)
    .filter((m) => m.protocol === protocol)
    .flatMap((m) => m.ports.map((p) => (p.from === p.to ? String(p.from) : `${p.from}:${p.to}`)))
    .join(', ');
}

/** VIRTUAL SERVER (spec §5 order); `v` null: a new one with Piranha's GUI defaults. */
export function virtualForm(v: VirtualServer | null, sidecar: Sidecar): FormDef {
  const val = (k: string) => (v ? fileValue(v.settings, k) : (keySpec('virtual', k)?.guiDefault ?? ''));
  const address = words(val('address'));
  const fields: FieldSpec[] = [
    { id: 'name', label: 'Name', kind: 'text', help: 'Letters, digits, "_", "." and "-".', maxLength: 64 },
    text('virtual', 'port'),
    choice('virtual', 'protocol', withCurrent([{ value: 'tcp', label: 'tcp' }, { value: 'udp', label: 'udp' }], val('protocol'), v ? 'unset (tcp)' : null)),
    { id: 'vip', label: 'Virtual IP Address', kind: 'text', help: 'The VIP clients connect to.', maxLength: 255 },
    choice('virtual', 'vip_nmask', masks(val('vip_nmask'), 'Unused')),
    text('virtual', 'sorry_server'),
    text('virtual', 'fwmark'),
    { id: 'marked_ports', label: 'Ports with this mark (yaml)', kind: 'text', placeholder: '(none; e.g. 80, 443, 10000:20000)', help: 'lvs-tui.yaml: the ports iptables marks with the firewall mark.', maxLength: 255 },
    { id: 'device', label: 'Device', kind: 'text', help: 'The interface alias the VIP is raised on (e.g. eth0:1).', maxLength: 64 },
    text('virtual', 'reentry'),
    text('virtual', 'timeout'),
    choice('virtual', 'quiesce_server', yesNo(val('quiesce_server'), v ? 'unset (no)' : null)),
    choice('virtual', 'load_monitor', withCurrent(['none', 'rup', 'ruptime', 'uptime'].map((x) => ({ value: x, label: x })), val('load_monitor'), v ? 'unset (none)' : null)),
    choice('virtual', 'scheduler', withCurrent(SCHEDULERS.map((x) => ({ value: x, label: `${SCHEDULER_LABELS[x]} (${x})` })), val('scheduler'), v ? 'unset (wlc)' : null)),
    text('virtual', 'persistent'),
    choice('virtual', 'pmask', masks(val('pmask'), 'Unused')),
  ];
  register('virtual', 'virtual', fields);
  const values: Record<string, string> = {};
  for (const f of fields) values[f.id] = val(f.id);
  values.name = v?.name ?? '';
  values.vip = address[0] ?? '';
  values.device = address.slice(1).join(' ');
  values.marked_ports = v ? markedPortsText(sidecar, v.fwmark, v.protocol) : '';
  return { kind: 'virtual', title: 'VIRTUAL SERVER', fields, values, path: v ? { virtual: v.name } : {}, isNew: v === null };
}

/** REAL SERVER: Name, Address, Port, Weight; `s` null: a new one with the GUI's defaults. */
export function serverForm(virtual: string, s: RealServer | null): FormDef {
  const val = (k: string) => (s ? fileValue(s.settings, k) : (keySpec('server', k)?.guiDefault ?? ''));
  const fields: FieldSpec[] = [
    { id: 'name', label: 'Name', kind: 'text', help: 'Letters, digits, "_", "." and "-".', maxLength: 64 },
    text('server', 'address'),
    { ...text('server', 'port'), placeholder: '(blank: the Application Port)' },
    text('server', 'weight'),
  ];
  register('server', 'server', fields);
  const values: Record<string, string> = { name: s?.name ?? '', address: val('address'), port: val('port'), weight: val('weight') };
  return { kind: 'server', title: 'REAL SERVER', fields, values, path: s ? { virtual, server: s.name } : { virtual }, isNew: s === null };
}

/** MONITORING SCRIPTS: Sending Program, Send, Expect, regex. */
export function scriptsForm(v: VirtualServer): FormDef {
  const fields: FieldSpec[] = [
    text('virtual', 'send_program'),
    text('virtual', 'send'),
    text('virtual', 'expect'),
    choice('virtual', 'use_regex', yesNo(fileValue(v.settings, 'use_regex'), 'unset (no)')),
  ];
  register('scripts', 'virtual', fields);
  const values: Record<string, string> = {};
  for (const f of fields) values[f.id] = fileValue(v.settings, f.id);
  return { kind: 'scripts', title: 'MONITORING SCRIPTS', fields, values, path: { virtual: v.name }, isNew: false };
}

// ---- accepting a form

export interface StagedOp {
  readonly label: string;
  readonly file: 'config' | 'sidecar';
  readonly config?: (doc: Document) => Document;
  readonly sidecar?: (doc: YamlDocument) => string;
}

export interface FormCheck {
  /** the edits to stage, in order; empty when nothing changed */
  readonly ops: readonly StagedOp[];
  /** errors by field id ('' for the form as a whole); any error blocks the form */
  readonly errors: Record<string, string>;
  readonly warnings: Record<string, string>;
  /** the name of the block after the edits (a new or renamed item) */
  readonly name: string | null;
}

class FieldError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

function parsePorts(textValue: string): PortRange[] {
  const out: PortRange[] = [];
  for (const part of textValue.split(/[\s,]+/).filter(Boolean)) {
    const m = /^(\d+)(?:[:-](\d+))?$/.exec(part);
    if (!m) throw new FieldError('marked_ports', `"${part}" is not a port or a range LOW:HIGH`);
    const from = Number(m[1]);
    const to = m[2] !== undefined ? Number(m[2]) : from;
    if (from < 1 || to > 65535 || from > to) throw new FieldError('marked_ports', `"${part}" is not within 1-65535 (LOW:HIGH, LOW <= HIGH)`);
    out.push({ from, to });
  }
  return out;
}

interface Trial {
  readonly doc: Document;
  readonly ops: StagedOp[];
  readonly name: string | null;
}

function describe(def: FormDef, name: string | null): string {
  if (def.kind === 'global') return 'GLOBAL SETTINGS';
  if (def.kind === 'redundancy') return 'REDUNDANCY';
  if (def.kind === 'server') return `virtual ${def.path.virtual}: server ${name ?? def.path.server}`;
  return `virtual ${name ?? def.path.virtual}`;
}

/** Builds the edits from the changed fields, applying them to `doc` as it goes (throws FieldError). */
function buildOps(def: FormDef, values: Readonly<Record<string, string>>, doc: Document): Trial {
  const ops: StagedOp[] = [];
  const changed = def.fields.filter((f) => def.isNew || values[f.id] !== def.values[f.id]).map((f) => f.id);
  const label = (what: string) => `${describe(def, values.name ?? null)}: ${what}`;
  const fieldLabel = (id: string) => def.fields.find((f) => f.id === id)?.label ?? id;
  const prepared = (scope: Scope, key: string, field: string, value: string) => {
    try {
      return prepareValue(scope, key, value, false);
    } catch (err) {
      throw new FieldError(field, (err as Error).message);
    }
  };
  let out = doc;
  const push = (op: StagedOp) => {
    if (op.config) out = op.config(out);
    ops.push(op);
  };

  if (def.isNew) {
    const scope = def.kind === 'server' ? 'server' : 'virtual';
    const name = values.name.trim();
    if (name === '') throw new FieldError('name', 'a name is required');
    const pairs: Array<[string, string]> = [];
    for (const f of def.fields) {
      const fk = keyOf(def.kind, f.id);
      if (!fk || f.id === 'device') continue;
      const value = f.id === 'vip' ? [values.vip.trim(), values.device.trim()].filter(Boolean).join(' ') : values[f.id].trim();
      if (f.id === 'vip' && (values.vip.trim() === '' || values.device.trim() === '')) throw new FieldError(values.vip.trim() === '' ? 'vip' : 'device', 'the VIP needs an address and a device');
      if (value !== '') prepared(scope, fk.key, f.id, value);
      pairs.push([fk.key, value]);
    }
    if (scope === 'virtual') pairs.push(['active', '0']);
    let attrs: Array<[string, string]>;
    try {
      attrs = newBlockAttrs(scope, pairs, false);
    } catch (err) {
      throw new FieldError('', (err as Error).message);
    }
    const parent = def.path;
    push({ label: `add ${scope} ${name}${scope === 'server' ? ` to virtual ${parent.virtual}` : ''}`, file: 'config', config: (d) => wrapName(() => addBlock(d, parent, name, attrs)) });
    if (def.kind === 'virtual') pushMarks(def, values, name, push, true);
    return { doc: out, ops, name };
  }

  const path = def.path;
  const scopeOf = (id: string) => keyOf(def.kind, id)?.scope ?? 'global';
  const setOrUnset = (key: string, field: string, value: string, what: string) => {
    const scope = scopeOf(field);
    if (value === '') push({ label: label(what), file: 'config', config: (d) => removeAttribute(d, path, key) });
    else {
      const formatted = prepared(scope, key, field, value);
      push({ label: label(what), file: 'config', config: (d) => setAttribute(d, path, key, formatted) });
    }
  };
  const pairs: Array<[string, string, string]> = [
    ['vip', 'device', 'address'],
    ['nat_ip', 'nat_dev', 'nat_router'],
  ];
  const done = new Set<string>();
  for (const [a, b, key] of pairs) {
    if (!changed.includes(a) && !changed.includes(b)) continue;
    done.add(a).add(b);
    const ip = values[a].trim();
    const dev = values[b].trim();
    if (key === 'address' && (ip === '' || dev === '')) throw new FieldError(ip === '' ? a : b, 'the VIP needs an address and a device');
    if (key === 'nat_router' && (ip === '') !== (dev === '')) throw new FieldError(ip === '' ? a : b, 'the NAT router needs an address and a device (or neither)');
    setOrUnset(key, a, ip ? `${ip} ${dev}` : '', fieldLabel(a));
  }
  for (const id of changed) {
    if (done.has(id) || id === 'name' || id === 'marked_ports') continue;
    const fk = keyOf(def.kind, id);
    if (!fk) continue;
    if (def.kind === 'server' && id === 'address' && values[id].trim() === '') throw new FieldError(id, 'the address is required');
    setOrUnset(fk.key, id, values[id].trim(), fieldLabel(id));
  }
  if (def.kind === 'virtual') pushMarks(def, values, path.virtual!, push, false);
  let name: string | null = def.kind === 'server' ? (path.server ?? null) : (path.virtual ?? null);
  if (changed.includes('name')) {
    const newName = values.name.trim();
    if (newName === '') throw new FieldError('name', 'a name is required');
    push({ label: label(`rename to ${newName}`), file: 'config', config: (d) => wrapName(() => renameBlock(d, path, newName)) });
    name = newName;
  }
  return { doc: out, ops, name };
}

/** addBlock/renameBlock refuse bad or taken names with an EditError: that is the Name field's error. */
function wrapName(fn: () => Document): Document {
  try {
    return fn();
  } catch (err) {
    if (err instanceof EditError && (err.code === 'invalid' || err.code === 'exists')) throw new FieldError('name', err.message);
    throw err;
  }
}

function pushMarks(def: FormDef, values: Readonly<Record<string, string>>, _name: string, push: (op: StagedOp) => void, isNew: boolean): void {
  const portsChanged = values.marked_ports !== def.values.marked_ports;
  const markChanged = values.fwmark !== def.values.fwmark || values.protocol !== def.values.protocol;
  if (!portsChanged && !(markChanged && values.marked_ports.trim() !== '') && !isNew) return;
  const ports = parsePorts(values.marked_ports);
  const mark = Number(values.fwmark.trim() || '0');
  if (ports.length && !(Number.isInteger(mark) && mark > 0)) throw new FieldError('marked_ports', 'marked ports need a firewall mark (a number above 0)');
  if (!ports.length && isNew) return;
  const protocol = (values.protocol || 'tcp') as MarkProtocol;
  const oldMark = Number(def.values.fwmark || '0');
  const oldProtocol = (def.values.protocol || 'tcp') as MarkProtocol;
  const label = `${describe(def, values.name || null)}: ports with mark ${mark || oldMark}`;
  if (!isNew && oldMark > 0 && def.values.marked_ports !== '' && (oldMark !== mark || oldProtocol !== protocol || !ports.length)) {
    push({ label, file: 'sidecar', sidecar: (doc) => removeFirewallMark(doc, oldMark, oldProtocol) });
  }
  if (ports.length) push({ label, file: 'sidecar', sidecar: (doc) => setFirewallMark(doc, { mark, protocol, ports }) });
}

const diagKey = (d: Diagnostic) => `${d.code}\u0000${d.message}`;

/** The key set on a line of the text (its first word), for mapping diagnostics to fields. */
function keyAtLine(bytes: Buffer, line: number): string | null {
  let start = 0;
  for (let i = 1; i < line; i++) {
    const nl = bytes.indexOf(10, start);
    if (nl < 0) return null;
    start = nl + 1;
  }
  const end = bytes.indexOf(10, start);
  const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)/.exec(bytes.subarray(start, end < 0 ? bytes.length : end).toString('latin1'));
  return m ? m[1] : null;
}

/**
 * Checks an accepted form against the staged document: the CLI's refusals first, then the
 * validator on the result. Errors the staged file already had do not block; new ones do, shown
 * at the field whose key the error's line sets (else for the whole form).
 */
export function checkForm(def: FormDef, values: Readonly<Record<string, string>>, doc: Document, before: readonly Diagnostic[], sidecarEditable: boolean): FormCheck {
  const errors: Record<string, string> = {};
  const warnings: Record<string, string> = {};
  let trial: Trial;
  try {
    trial = buildOps(def, values, doc);
  } catch (err) {
    if (err instanceof FieldError) return { ops: [], errors: { [err.field]: err.message }, warnings, name: null };
    if (err instanceof EditError) return { ops: [], errors: { '': err.message }, warnings, name: null };
    throw err;
  }
  if (!sidecarEditable && trial.ops.some((o) => o.file === 'sidecar')) {
    return { ops: [], errors: { marked_ports: 'lvs-tui.yaml has YAML errors: fix it first (lvs-tui check)' }, warnings, name: null };
  }
  if (!trial.ops.some((o) => o.file === 'config')) return { ops: trial.ops, errors, warnings, name: trial.name };
  const bytes = print(trial.doc);
  const after = validate(parse(bytes), { src: bytes });
  const seen = new Map<string, number>();
  for (const d of before) seen.set(diagKey(d), (seen.get(diagKey(d)) ?? 0) + 1);
  const fieldOfKey = (key: string | null): string => {
    if (key === null) return '';
    for (const f of def.fields) if (keyOf(def.kind, f.id)?.key === key) return f.id;
    return '';
  };
  for (const d of after) {
    const k = diagKey(d);
    const n = seen.get(k) ?? 0;
    if (n > 0) {
      seen.set(k, n - 1);
      continue;
    }
    const field = fieldOfKey(keyAtLine(bytes, d.span.line));
    const bag = d.severity === 'error' ? errors : warnings;
    if (!bag[field]) bag[field] = d.message;
  }
  return { ops: trial.ops, errors, warnings, name: trial.name };
}

export function hasFormErrors(check: FormCheck): boolean {
  return Object.keys(check.errors).length > 0;
}

/** The real server's port as shown in lists: its own, else the virtual's (in brackets). */
export function serverPortText(config: LvsConfig, virtual: string, s: RealServer): string {
  const own = effectiveSetting(config, 'port', virtual, s.name);
  return own && own.from === 'file' ? s.port : `(${s.port})`;
}
