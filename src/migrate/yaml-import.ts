// `lvs-tui import FILE.yaml`: the YAML of `export --format yaml` (or one written by hand in its
// shape) read back into lvs.cf. Pure: text in, edits on the lvs.cf tree out, problems as
// diagnostics at YAML positions.
//
// Reading: a setting is `key: VALUE` or `key: {value, from, line}` (`line` is ignored). `from: file`
// (or no `from`) means the key is written in lvs.cf; `from: default` / `from: virtual` mean it is
// not (the daemons compute it), and its value must then be what they compute, or the import is
// refused at that line: an edited value is never silently dropped.
// Editing: only what differs changes: a key whose value is already the file's keeps its line, a
// key the YAML leaves out is removed, blocks are matched by name (a new name is a new block,
// added after the last one; a missing name is deleted). Block order in the YAML is not applied.

import { Document as YamlDocument, LineCounter, Node as YamlNode, Pair, Scalar, YAMLMap, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { Document } from '../config/cst';
import { Diagnostic } from '../config/diagnostic';
import { BlockPath, EditError, addBlock, removeAttribute, removeBlock, setAttribute } from '../config/edit';
import { LvsConfig, RealServer, Setting, VirtualServer, buildModel } from '../config/model';
import { Scope, keySpec } from '../config/schema';

export interface Pos {
  readonly line: number;
  readonly column: number;
  readonly length: number;
}

export interface WantedSetting {
  readonly key: string;
  readonly value: string;
  readonly inFile: boolean;
  readonly from: string;
  readonly pos: Pos;
}

export interface WantedServer {
  readonly name: string;
  readonly pos: Pos;
  readonly settings: readonly WantedSetting[];
}

export interface WantedVirtual {
  readonly name: string;
  readonly kind: 'virtual' | 'failover';
  readonly pos: Pos;
  readonly settings: readonly WantedSetting[];
  readonly servers: readonly WantedServer[];
}

export interface ImportIntent {
  readonly global: readonly WantedSetting[];
  readonly virtuals: readonly WantedVirtual[];
}

export interface ReadResult {
  readonly intent: ImportIntent | null;
  readonly problems: Diagnostic[];
}

class Reader {
  readonly problems: Diagnostic[] = [];
  constructor(private readonly lines: LineCounter) {}

  pos(node: YamlNode | Pair | null | undefined): Pos {
    const n = node && 'range' in node ? node : node && 'key' in node ? (node.key as YamlNode) : null;
    const r = n?.range;
    if (!r) return { line: 1, column: 1, length: 1 };
    const p = this.lines.linePos(r[0]);
    return { line: p.line, column: p.col, length: Math.max(1, Math.min(r[1], r[0] + 200) - r[0]) };
  }

  error(code: string, message: string, node: YamlNode | Pair | null | undefined): void {
    this.problems.push({ severity: 'error', code, message, span: this.pos(node) });
  }

  /** The map's entries by key text; unknown keys (other than `allowed`) are errors. */
  fields(map: YAMLMap, allowed: readonly string[], what: string): Map<string, { node: YamlNode | null; pair: Pair }> {
    const out = new Map<string, { node: YamlNode | null; pair: Pair }>();
    for (const pair of map.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : null;
      if (key === null || !allowed.includes(key)) {
        this.error('import-unknown-field', `${what} has no field ${key === null ? 'with a non-text name' : `"${key}"`}; the fields are: ${allowed.join(', ')}`, pair);
        continue;
      }
      out.set(key, { node: (pair.value as YamlNode | null) ?? null, pair });
    }
    return out;
  }

  text(node: YamlNode | null, what: string, at: YamlNode | Pair): string | null {
    if (!isScalar(node) || node.value === null || typeof node.value === 'object') {
      this.error('import-type', `${what} must be a value${node === null || (isScalar(node) && node.value === null) ? ' (it is empty)' : ''}`, node ?? at);
      return null;
    }
    return scalarText(node);
  }

  settings(node: YamlNode | null, at: Pair, where: string): WantedSetting[] | null {
    if (!isMap(node)) {
      this.error('import-type', `${where}: settings must be a mapping of key: value`, node ?? at);
      return null;
    }
    const out: WantedSetting[] = [];
    const seen = new Set<string>();
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : null;
      if (key === null) {
        this.error('import-type', `${where}: a setting's name must be text`, pair);
        continue;
      }
      if (seen.has(key)) this.error('import-duplicate', `${where}: ${key} is given twice`, pair);
      seen.add(key);
      const v = pair.value as YamlNode | null;
      if (isMap(v)) {
        const f = this.fields(v, ['value', 'from', 'line'], `setting ${key}`);
        const valueField = f.get('value');
        if (!valueField) {
          this.error('import-missing', `${where}: setting ${key} has no value (remove it to leave it unset)`, pair);
          continue;
        }
        const value = this.text(valueField.node, `the value of ${key}`, valueField.pair);
        const fromField = f.get('from');
        const from = fromField ? this.text(fromField.node, `the "from" of ${key}`, fromField.pair) : 'file';
        if (from !== null && from !== 'file' && from !== 'default' && from !== 'virtual') {
          this.error('import-from', `${where}: from: ${from} is not file, default or virtual`, fromField!.node ?? pair);
          continue;
        }
        if (value === null || from === null) continue;
        out.push({ key, value, inFile: from === 'file', from, pos: this.pos(valueField.node ?? pair) });
      } else {
        const value = this.text(v, `${where}: ${key}`, pair);
        if (value !== null) out.push({ key, value, inFile: true, from: 'file', pos: this.pos(v ?? pair) });
      }
    }
    return out;
  }

  section(top: Map<string, { node: YamlNode | null; pair: Pair }>, name: string): WantedSetting[] | null {
    const f = top.get(name);
    if (!f) {
      this.problems.push({ severity: 'error', code: 'import-missing', message: `no "${name}:" section (every section is needed: a missing one would remove its settings)`, span: { line: 1, column: 1, length: 1 } });
      return null;
    }
    if (!isMap(f.node)) {
      this.error('import-type', `${name} must be a mapping with "settings:"`, f.node ?? f.pair);
      return null;
    }
    const s = this.fields(f.node, ['settings'], name).get('settings');
    if (!s) {
      this.error('import-missing', `${name} has no "settings:"`, f.pair);
      return null;
    }
    return this.settings(s.node, s.pair, name);
  }

  block<T extends 'virtual' | 'server'>(node: YamlNode, kind: T, parent: string | null): (T extends 'virtual' ? WantedVirtual : WantedServer) | null {
    const what = parent === null ? 'a virtual' : `a server of virtual ${parent}`;
    if (!isMap(node)) {
      this.error('import-type', `${what} must be a mapping with name, settings${kind === 'virtual' ? ', servers' : ''}`, node);
      return null;
    }
    const allowed = kind === 'virtual' ? ['name', 'kind', 'line', 'settings', 'servers'] : ['name', 'line', 'settings'];
    const f = this.fields(node, allowed, what);
    const nameField = f.get('name');
    if (!nameField) {
      this.error('import-missing', `${what} has no name`, node);
      return null;
    }
    const name = this.text(nameField.node, 'name', nameField.pair);
    if (name === null) return null;
    const where = parent === null ? `virtual ${name}` : `server ${name} of virtual ${parent}`;
    const settingsField = f.get('settings');
    const settings = settingsField ? this.settings(settingsField.node, settingsField.pair, where) : (this.error('import-missing', `${where} has no "settings:"`, nameField.pair), null);
    if (kind === 'server') {
      return settings === null ? null : ({ name, pos: this.pos(nameField.node), settings } as WantedServer as never);
    }
    const kindField = f.get('kind');
    const k = kindField ? this.text(kindField.node, 'kind', kindField.pair) : 'virtual';
    if (k !== null && k !== 'virtual' && k !== 'failover') this.error('import-kind', `kind: ${k} is neither virtual nor failover`, kindField!.node ?? kindField!.pair);
    const serversField = f.get('servers');
    let servers: WantedServer[] | null = null;
    if (!serversField) this.error('import-missing', `${where} has no "servers:" (write servers: [] for none: a missing list would delete them)`, nameField.pair);
    else if (!isSeq(serversField.node)) this.error('import-type', `${where}: servers must be a list`, serversField.node ?? serversField.pair);
    else {
      servers = [];
      const names = new Set<string>();
      for (const item of serversField.node.items) {
        const s = this.block(item as YamlNode, 'server', name);
        if (!s) continue;
        if (names.has(s.name)) this.error('import-duplicate', `virtual ${name} has two servers named ${s.name}`, item as YamlNode);
        names.add(s.name);
        servers.push(s);
      }
    }
    if (settings === null || servers === null || (k !== 'virtual' && k !== 'failover')) return null;
    return { name, kind: k, pos: this.pos(nameField.node), settings, servers } as WantedVirtual as never;
  }
}

/** A scalar's text: strings as they are; numbers and the like as written in the YAML. */
function scalarText(node: Scalar): string {
  if (typeof node.value === 'string') return node.value;
  const src = (node as Scalar & { source?: string }).source;
  return typeof src === 'string' && src !== '' ? src : String(node.value);
}

/** Reads the YAML into what lvs.cf should hold; problems at YAML positions. */
export function readImportYaml(text: string): ReadResult {
  const lines = new LineCounter();
  const doc: YamlDocument = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, version: '1.2' });
  const r = new Reader(lines);
  for (const e of doc.errors) {
    const p = lines.linePos(e.pos[0]);
    r.problems.push({ severity: 'error', code: 'yaml-syntax', message: `YAML: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`, span: { line: p.line, column: p.col, length: Math.max(1, e.pos[1] - e.pos[0]) } });
  }
  if (doc.errors.length) return { intent: null, problems: r.problems };
  if (!isMap(doc.contents)) {
    r.error('import-type', 'the file must be a mapping with global, redundancy and virtuals (as `lvs-tui export --format yaml` writes)', doc.contents as YamlNode | null);
    return { intent: null, problems: r.problems };
  }
  const top = r.fields(doc.contents, ['file', 'global', 'redundancy', 'virtuals'], 'the file');
  const global = r.section(top, 'global');
  const redundancy = r.section(top, 'redundancy');
  const vf = top.get('virtuals');
  const virtuals: WantedVirtual[] = [];
  if (!vf) r.problems.push({ severity: 'error', code: 'import-missing', message: 'no "virtuals:" section (write virtuals: [] for none: a missing list would delete them)', span: { line: 1, column: 1, length: 1 } });
  else if (!isSeq(vf.node)) r.error('import-type', 'virtuals must be a list', vf.node ?? vf.pair);
  else {
    const names = new Set<string>();
    for (const item of vf.node.items) {
      const v = r.block(item as YamlNode, 'virtual', null);
      if (!v) continue;
      if (names.has(v.name)) r.error('import-duplicate', `two virtuals are named ${v.name}`, item as YamlNode);
      names.add(v.name);
      virtuals.push(v);
    }
  }
  if (global && redundancy) {
    const inGlobal = new Set(global.map((s) => s.key));
    for (const s of redundancy) if (inGlobal.has(s.key)) r.problems.push({ severity: 'error', code: 'import-duplicate', message: `${s.key} is in both global and redundancy`, span: s.pos });
  }
  r.problems.sort((a, b) => a.span.line - b.span.line || a.span.column - b.span.column);
  if (r.problems.length || !global || !redundancy) return { intent: null, problems: r.problems };
  return { intent: { global: [...global, ...redundancy], virtuals }, problems: [] };
}

/** Formats a value for lvs.cf and refuses what cannot be written (the CLI's own rules, as for `set`). */
export type PrepareValue = (scope: Scope, key: string, value: string) => string;

export interface ImportPlan {
  readonly doc: Document;
  readonly problems: Diagnostic[];
  /** lvs.cf line (of the result) → the YAML position it came from */
  readonly origins: ReadonlyMap<number, Pos>;
}

const fileValue = (settings: ReadonlyMap<string, Setting>, key: string): string | null => {
  const s = settings.get(key);
  return s && s.from === 'file' ? s.value : null;
};

/** The keys lvs.cf has in a block (from the file, not inherited). */
function fileKeys(settings: ReadonlyMap<string, Setting>): string[] {
  return [...settings.keys()].filter((k) => settings.get(k)!.from === 'file');
}

/** Applies the intent to the current lvs.cf tree, changing only what differs. */
export function planImport(current: Document, intent: ImportIntent, prepare: PrepareValue): ImportPlan {
  const problems: Diagnostic[] = [];
  const fail = (code: string, message: string, pos: Pos) => problems.push({ severity: 'error', code, message, span: pos });
  let doc = current;
  const attempt = (pos: Pos, fn: () => Document) => {
    try {
      doc = fn();
    } catch (err) {
      if (err instanceof Error && (err instanceof EditError || err.name === 'RefusedError')) fail('import-refused', err.message, pos);
      else throw err;
    }
  };
  const syncSettings = (path: BlockPath, scope: Scope, have: ReadonlyMap<string, Setting>, want: readonly WantedSetting[]) => {
    const written = new Map(want.filter((w) => w.inFile).map((w) => [w.key, w]));
    for (const key of fileKeys(have)) if (!written.has(key)) attempt({ line: 1, column: 1, length: 1 }, () => removeAttribute(doc, path, key));
    for (const w of written.values()) {
      if (fileValue(have, w.key) === w.value) continue;
      attempt(w.pos, () => setAttribute(doc, path, w.key, prepare(scope, w.key, w.value)));
    }
  };
  const attrsOf = (scope: Scope, want: readonly WantedSetting[]): Array<[string, string]> | null => {
    const out: Array<[string, string]> = [];
    let ok = true;
    for (const w of want.filter((x) => x.inFile)) {
      try {
        out.push([w.key, prepare(scope, w.key, w.value)]);
      } catch (err) {
        if (!(err instanceof Error) || err.name !== 'RefusedError') throw err;
        fail('import-refused', err.message, w.pos);
        ok = false;
      }
    }
    return ok ? out : null;
  };

  const model = buildModel(current);
  syncSettings({}, 'global', model.global.settings, intent.global);
  const wantedNames = new Set(intent.virtuals.map((v) => v.name));
  for (const v of model.virtuals) if (!wantedNames.has(v.name)) attempt({ line: 1, column: 1, length: 1 }, () => removeBlock(doc, { virtual: v.name }));
  for (const wv of intent.virtuals) {
    const have = model.virtuals.find((v) => v.name === wv.name);
    if (!have) {
      const attrs = attrsOf('virtual', wv.settings);
      if (!attrs) continue;
      attempt(wv.pos, () => addBlock(doc, {}, wv.name, attrs, wv.kind));
      for (const ws of wv.servers) {
        const sattrs = attrsOf('server', ws.settings);
        if (sattrs) attempt(ws.pos, () => addBlock(doc, { virtual: wv.name }, ws.name, sattrs));
      }
      continue;
    }
    if (have.kind !== wv.kind) {
      fail('import-refused', `${wv.name} is a ${have.kind} block in lvs.cf, not a ${wv.kind}`, wv.pos);
      continue;
    }
    syncSettings({ virtual: wv.name }, 'virtual', have.settings, wv.settings);
    const serverNames = new Set(wv.servers.map((s) => s.name));
    for (const s of have.servers) if (!serverNames.has(s.name)) attempt(wv.pos, () => removeBlock(doc, { virtual: wv.name, server: s.name }));
    for (const ws of wv.servers) {
      const hs = have.servers.find((s) => s.name === ws.name);
      if (hs) syncSettings({ virtual: wv.name, server: ws.name }, 'server', hs.settings, ws.settings);
      else {
        const sattrs = attrsOf('server', ws.settings);
        if (sattrs) attempt(ws.pos, () => addBlock(doc, { virtual: wv.name }, ws.name, sattrs));
      }
    }
  }
  problems.sort((a, b) => a.span.line - b.span.line || a.span.column - b.span.column);
  if (problems.length) return { doc: current, problems, origins: new Map() };

  // Values the YAML says the daemons compute must be what they compute from the result.
  const result = buildModel(doc);
  checkComputed(result, intent, fail);
  return { doc, problems, origins: originsOf(result, intent) };
}

function effectiveValue(scope: Scope, settings: ReadonlyMap<string, Setting>, key: string): string | null {
  return settings.get(key)?.value ?? keySpec(scope, key)?.daemonDefault ?? null;
}

function checkComputed(result: LvsConfig, intent: ImportIntent, fail: (code: string, message: string, pos: Pos) => void): void {
  const check = (scope: Scope, settings: ReadonlyMap<string, Setting>, want: readonly WantedSetting[]) => {
    for (const w of want) {
      if (w.inFile) continue;
      const got = effectiveValue(scope, settings, w.key);
      if (got === w.value) continue;
      fail(
        'import-computed',
        `${w.key} is marked from: ${w.from}, but the daemons would use ${got === null ? 'no value' : `"${got}"`}, not "${w.value}": to set it, drop the "from" (or write from: file); to leave it to them, remove the key`,
        w.pos,
      );
    }
  };
  check('global', result.global.settings, intent.global);
  for (const wv of intent.virtuals) {
    const v = result.virtuals.find((x) => x.name === wv.name);
    if (!v) continue;
    check('virtual', v.settings, wv.settings);
    for (const ws of wv.servers) {
      const s = v.servers.find((x) => x.name === ws.name);
      if (s) check('server', s.settings, ws.settings);
    }
  }
}

function originsOf(result: LvsConfig, intent: ImportIntent): Map<number, Pos> {
  const out = new Map<number, Pos>();
  const map = (settings: ReadonlyMap<string, Setting>, want: readonly WantedSetting[]) => {
    for (const w of want) {
      const s = settings.get(w.key);
      if (s && s.from === 'file' && s.line !== null) out.set(s.line, w.pos);
    }
  };
  map(result.global.settings, intent.global);
  for (const wv of intent.virtuals) {
    const v: VirtualServer | undefined = result.virtuals.find((x) => x.name === wv.name);
    if (!v) continue;
    out.set(v.line, wv.pos);
    map(v.settings, wv.settings);
    for (const ws of wv.servers) {
      const s: RealServer | undefined = v.servers.find((x) => x.name === ws.name);
      if (!s) continue;
      out.set(s.line, ws.pos);
      map(s.settings, ws.settings);
    }
  }
  return out;
}

/** Whether the YAML sets serial_no itself (then the write keeps it rather than adding one). */
export function setsSerial(intent: ImportIntent, current: LvsConfig): boolean {
  const w = intent.global.find((s) => s.key === 'serial_no' && s.inFile);
  return w !== undefined && w.value !== fileValue(current.global.settings, 'serial_no');
}
