// Edits of lvs-tui.yaml that keep the admin's file: the document (from parseSidecar) locates what
// changes, yaml renders only the new values, and the new text is the old one with just those spans
// replaced. Everything else (comments, their alignment, blank lines, quoting, `[80, 443]` spacing)
// stays byte for byte, which `String(document)` would not guarantee: yaml's printer re-spaces
// aligned comments and flow lists. An edit that changes nothing returns the same text. The document
// is refreshed in place from the new text, so edits can follow each other on it.

import { Document, Node, Pair, Scalar, YAMLMap, YAMLSeq, isCollection, isMap, isScalar, isSeq, parseDocument, visit } from 'yaml';
import { MarkProtocol, PortRange } from './sidecar-model';
import { rememberSource, sourceOf } from './sidecar-source';

export type SidecarPath = ReadonlyArray<string | number>;

export class SidecarEditError extends Error {
  constructor(
    readonly code: 'sidecar-not-editable' | 'sidecar-bad-path',
    message: string,
  ) {
    super(message);
    this.name = 'SidecarEditError';
  }
}

export interface FirewallMarkInput {
  readonly mark: number;
  /** default tcp */
  readonly protocol?: MarkProtocol;
  /** ports, `{from, to}` ranges or "LOW:HIGH" strings */
  readonly ports: ReadonlyArray<number | string | PortRange>;
  /** omitted or null: take the VIP of the virtual with this fwmark; `a.b.c.d/32` is written as `a.b.c.d` */
  readonly vip?: string | null;
}

/** Sets `path` to `value` (plain data); `undefined` removes it. Mappings are replaced key by key. */
export function setSidecarValue(document: Document, path: SidecarPath, value: unknown): string {
  return edit(document, (e) => (value === undefined ? e.remove(path) : e.set(path, value)));
}

export function removeSidecarValue(document: Document, path: SidecarPath): string {
  return setSidecarValue(document, path, undefined);
}

/** Adds the mark entry, or updates the one with the same mark and protocol (and vip, when several). */
export function setFirewallMark(document: Document, input: FirewallMarkInput): string {
  return edit(document, (e) => {
    const protocol = input.protocol ?? 'tcp';
    const entries = markEntries(document);
    const same = entries.filter((x) => x.mark === input.mark && x.protocol === protocol);
    const vip = input.vip ? input.vip.replace(/\/32$/, '') : null;
    const target = same.length > 1 ? (same.find((x) => x.vip === vip) ?? same[0]) : same[0];
    const ports = input.ports.map(portValue);
    const value: Record<string, unknown> = { mark: input.mark };
    // Keep what the admin wrote where it means the same: an implicit tcp, ports in their own notation.
    if (!(target && !target.map.has('protocol') && protocol === 'tcp')) value.protocol = protocol;
    const oldPorts = target?.map.get('ports', true);
    value.ports = oldPorts && isCollection(oldPorts) && samePorts(oldPorts.toJSON() as unknown[], ports) ? oldPorts.toJSON() : ports;
    if (vip) value.vip = vip;
    if (target) e.set(['firewall_marks', target.index], value);
    else e.set(['firewall_marks', entries.length], value);
  });
}

/** Removes every entry of the mark (of one protocol when given). */
export function removeFirewallMark(document: Document, mark: number, protocol?: MarkProtocol): string {
  return edit(document, (e) => {
    const doomed = markEntries(document).filter((x) => x.mark === mark && (protocol === undefined || x.protocol === protocol));
    // From the last one, so earlier positions stay valid.
    for (const x of doomed.reverse()) e.remove(['firewall_marks', x.index]);
  });
}

interface MarkEntry {
  readonly index: number;
  readonly mark: unknown;
  readonly protocol: unknown;
  readonly vip: unknown;
  readonly map: YAMLMap;
}

function markEntries(document: Document): MarkEntry[] {
  const seq = document.get('firewall_marks', true);
  if (!isSeq(seq)) return [];
  const out: MarkEntry[] = [];
  seq.items.forEach((item, index) => {
    if (isMap(item)) out.push({ index, map: item, mark: item.get('mark'), protocol: item.get('protocol') ?? 'tcp', vip: item.get('vip') ?? null });
  });
  return out;
}

function portValue(p: number | string | PortRange): number | string {
  if (typeof p === 'object') return p.from === p.to ? p.from : `${p.from}:${p.to}`;
  return p;
}

function samePorts(a: unknown[], b: unknown[]): boolean {
  const norm = (xs: unknown[]) => xs.map((x) => String(x).trim().replace(/^(\d+):\1$/, '$1')).join(',');
  return norm(a) === norm(b);
}

// ---------------------------------------------------------------------------------------------

interface Patch {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

function edit(document: Document, run: (e: Editor) => void): string {
  if (document.errors.length) throw new SidecarEditError('sidecar-not-editable', 'lvs-tui.yaml has YAML errors; fix them (lvs-tui check) before changing it');
  const text = sourceOf(document) ?? String(document);
  let current = text;
  let doc = sourceOf(document) === undefined ? parseDocument(text) : document;
  // Each step patches the text and re-reads it, so the next step sees true positions.
  const editor = new Editor(() => ({ text: current, doc }), (patches) => {
    current = applyPatches(current, patches);
    doc = parseDocument(current);
  });
  run(editor);
  if (current !== text) refresh(document, current);
  return current;
}

/** Makes `document` the parse of `text` (same object: callers may hold it). */
function refresh(document: Document, text: string): void {
  const fresh = parseDocument(text);
  document.contents = fresh.contents;
  document.commentBefore = fresh.commentBefore;
  document.comment = fresh.comment;
  document.errors.splice(0, document.errors.length, ...fresh.errors);
  document.warnings.splice(0, document.warnings.length, ...fresh.warnings);
  rememberSource(document, text);
}

function applyPatches(text: string, patches: readonly Patch[]): string {
  let out = text;
  for (const p of [...patches].sort((a, b) => b.start - a.start)) out = out.slice(0, p.start) + p.text + out.slice(p.end);
  return out;
}

function isEmptyNull(n: unknown): boolean {
  return n === null || n === undefined || (isScalar(n) && n.value === null && (!n.range || n.range[0] === n.range[1]));
}

function sameData(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isScalarData(x: unknown): boolean {
  return x === null || typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean';
}

class Editor {
  constructor(
    private readonly state: () => { text: string; doc: Document },
    private readonly commit: (patches: Patch[]) => void,
  ) {}

  set(path: SidecarPath, value: unknown): void {
    const { doc } = this.state();
    const root = doc.contents as Node | null;
    if (isEmptyNull(root)) return this.appendTop(nest(path, value));
    if (!isMap(root)) throw new SidecarEditError('sidecar-not-editable', 'lvs-tui.yaml is not a mapping of settings; cannot edit it');
    this.setIn(root, path, value);
  }

  remove(path: SidecarPath): void {
    const { doc, text } = this.state();
    let node: Node | null = doc.contents as Node | null;
    for (let i = 0; i < path.length - 1; i++) {
      node = child(node, path[i]);
      if (node === null) return;
    }
    const key = path[path.length - 1];
    if (isMap(node)) {
      const pair = findPair(node, key);
      if (!pair) return;
      if (node.flow) return this.replaceWhole(node, withoutKey(node.toJSON(), key));
      this.commit([removePair(text, node, pair)]);
    } else if (isSeq(node) && typeof key === 'number') {
      const item = node.items[key] as Node | undefined;
      if (item === undefined) return;
      if (node.flow) return this.replaceWhole(node, (node.toJSON() as unknown[]).filter((_, i) => i !== key));
      this.commit([removeItem(text, node, key)]);
    }
  }

  private setIn(map: YAMLMap, path: SidecarPath, value: unknown): void {
    const [key, ...rest] = path;
    if (typeof key !== 'string') throw new SidecarEditError('sidecar-bad-path', `a mapping has names, not ${String(key)}`);
    const pair = findPair(map, key);
    if (!pair) {
      if (map.flow) return this.replaceWhole(map, { ...(map.toJSON() as Record<string, unknown>), ...(nest([key], nest(rest, value)) as Record<string, unknown>) });
      return this.insertPair(map, key, nest(rest, value));
    }
    const v = pair.value as Node | null;
    if (rest.length === 0) return this.replaceValue(pair, v, value);
    if (isMap(v)) return this.setIn(v, rest, value);
    if (isSeq(v) && typeof rest[0] === 'number') return this.setInSeq(v, rest, value);
    return this.replaceValue(pair, v, nest(rest, value));
  }

  private setInSeq(seq: YAMLSeq, path: SidecarPath, value: unknown): void {
    const [index, ...rest] = path as [number, ...SidecarPath];
    if (index > seq.items.length || index < 0) throw new SidecarEditError('sidecar-bad-path', `no item ${index} to set (the list has ${seq.items.length})`);
    if (index === seq.items.length) {
      if (seq.flow) return this.replaceWhole(seq, [...(seq.toJSON() as unknown[]), nest(rest, value)]);
      return this.appendItem(seq, nest(rest, value));
    }
    const item = seq.items[index] as Node | null;
    if (rest.length === 0) return this.replaceItem(seq, index, value);
    if (isMap(item)) return this.setIn(item, rest, value);
    if (isSeq(item) && typeof rest[0] === 'number') return this.setInSeq(item, rest, value);
    return this.replaceItem(seq, index, nest(rest, value));
  }

  /** A pair's value becomes `value`: per key into block mappings, per item into block lists, else re-rendered. */
  private replaceValue(pair: Pair, v: Node | null, value: unknown): void {
    if (v && !isEmptyNull(v) && sameData(v.toJSON(), value)) return;
    if (this.mergeInto(v, value)) return;
    const { text } = this.state();
    const key = pair.key as Node;
    const colon = text.indexOf(':', key.range![1]);
    const indent = columnOf(text, key.range![0]);
    if (isScalar(v) && !isEmptyNull(v) && isScalarData(value)) return this.commit([{ start: v.range![0], end: v.range![1], text: renderScalar(value, v.type) }]);
    if (v && isCollection(v) && v.flow && flowable(value)) return this.commit([{ start: v.range![0], end: v.range![1], text: renderFlow(value) }]);
    const rendered = renderAfterColon(value, indent, style(this.state().doc, text));
    if (!v || isEmptyNull(v)) {
      // `key:   # comment` with nothing yet: a block goes under the line, the comment stays on it
      const eol = rendered.startsWith('\n') ? text.indexOf('\n', colon) : -1;
      const at = rendered.startsWith('\n') ? (eol < 0 ? text.length : eol) : colon + 1;
      return this.commit([{ start: at, end: at, text: rendered }]);
    }
    this.commit([{ start: colon + 1, end: contentEnd(text, v), text: rendered }]);
  }

  private replaceItem(seq: YAMLSeq, index: number, value: unknown): void {
    const item = seq.items[index] as Node | null;
    if (item && !isEmptyNull(item) && sameData(item.toJSON(), value)) return;
    if (this.mergeInto(item, value)) return;
    const { text, doc } = this.state();
    if (isScalar(item) && !isEmptyNull(item) && isScalarData(value)) return this.commit([{ start: item.range![0], end: item.range![1], text: renderScalar(value, item.type) }]);
    if (item && isCollection(item) && item.flow && flowable(value)) return this.commit([{ start: item.range![0], end: item.range![1], text: renderFlow(value) }]);
    const lines = renderLines([value], style(doc, text));
    const col = columnOf(text, seqDash(text, seq, index));
    const body = lines.map((l, i) => (i === 0 ? l.replace(/^- ?/, '') : ' '.repeat(col) + l)).join('\n');
    if (item && !isEmptyNull(item)) this.commit([{ start: item.range![0], end: contentEnd(text, item), text: body }]);
    else {
      const dash = seqDash(text, seq, index);
      this.commit([{ start: dash + 1, end: dash + 1, text: ' ' + body }]);
    }
  }

  /** Block mapping ← object: key by key (comments on untouched keys stay). Block list ← array: item by item. */
  private mergeInto(v: Node | null, value: unknown): boolean {
    if (isMap(v) && !v.flow && isPlainObject(value) && Object.keys(value).length > 0) {
      const keys = Object.keys(value);
      const old = (v.items as Pair[]).map((p) => (isScalar(p.key) ? p.key.value : p.key)).filter((k): k is string => typeof k === 'string');
      // Removals first (from the end), then sets in the new order; positions are re-read after each.
      const path = this.pathOf(v);
      for (const k of [...old].reverse()) if (!keys.includes(k)) this.remove([...path, k]);
      for (const k of keys) this.set([...path, k], value[k]);
      return true;
    }
    if (isSeq(v) && !v.flow && Array.isArray(value) && value.length > 0) {
      const path = this.pathOf(v);
      for (let i = v.items.length - 1; i >= value.length; i--) this.remove([...path, i]);
      value.forEach((x, i) => this.set([...path, i], x));
      return true;
    }
    return false;
  }

  /** The path of a node in the current document (nodes change on every re-read, paths do not). */
  private pathOf(target: Node): Array<string | number> {
    const { doc } = this.state();
    let found: Array<string | number> | null = null;
    const walk = (n: unknown, path: Array<string | number>): void => {
      if (found) return;
      if (n === target) {
        found = path;
        return;
      }
      if (isMap(n)) for (const p of n.items as Pair[]) walk(p.value, [...path, String(isScalar(p.key) ? p.key.value : p.key)]);
      else if (isSeq(n)) n.items.forEach((x, i) => walk(x, [...path, i]));
    };
    walk(doc.contents, []);
    if (!found) throw new Error('sidecar-edit: node not in its document');
    return found;
  }

  private replaceWhole(node: Node, value: unknown): void {
    const { text, doc } = this.state();
    const path = this.pathOf(node);
    if (path.length === 0) {
      this.commit([{ start: node.range![0], end: contentEnd(text, node), text: renderLines(value, style(doc, text)).join('\n') }]);
      return;
    }
    const parent = doc.getIn(path.slice(0, -1), true) as Node;
    const last = path[path.length - 1];
    if (isMap(parent)) this.replaceValueForced(findPair(parent, String(last))!, node, value);
    else this.replaceItem(parent as YAMLSeq, last as number, value);
  }

  private replaceValueForced(pair: Pair, v: Node, value: unknown): void {
    const { text, doc } = this.state();
    if (isCollection(v) && v.flow && flowable(value)) return this.commit([{ start: v.range![0], end: v.range![1], text: renderFlow(value) }]);
    const key = pair.key as Node;
    const colon = text.indexOf(':', key.range![1]);
    this.commit([{ start: colon + 1, end: contentEnd(text, v), text: renderAfterColon(value, columnOf(text, key.range![0]), style(doc, text)) }]);
  }

  private insertPair(map: YAMLMap, key: string, value: unknown): void {
    const { text, doc } = this.state();
    const first = (map.items[0] as Pair).key as Node;
    const col = columnOf(text, first.range![0]);
    const at = lineEndAfter(text, contentEnd(text, map));
    const lines = renderLines({ [key]: value }, style(doc, text)).map((l) => ' '.repeat(col) + l);
    this.commit([{ start: at, end: at, text: (at > 0 && text[at - 1] !== '\n' ? '\n' : '') + lines.join('\n') + '\n' }]);
  }

  private appendItem(seq: YAMLSeq, value: unknown): void {
    const { text, doc } = this.state();
    if (seq.items.length === 0) throw new SidecarEditError('sidecar-not-editable', 'an empty block list cannot be extended');
    const col = columnOf(text, seqDash(text, seq, 0));
    const at = lineEndAfter(text, contentEnd(text, seq));
    const lines = renderLines([value], style(doc, text)).map((l) => ' '.repeat(col) + l);
    this.commit([{ start: at, end: at, text: (at > 0 && text[at - 1] !== '\n' ? '\n' : '') + lines.join('\n') + '\n' }]);
  }

  private appendTop(value: unknown): void {
    const { text, doc } = this.state();
    const lines = renderLines(value, style(doc, text));
    const sep = text.length > 0 && !text.endsWith('\n') ? '\n' : '';
    this.commit([{ start: text.length, end: text.length, text: sep + lines.join('\n') + '\n' }]);
  }
}

function child(node: Node | null, key: string | number): Node | null {
  if (isMap(node)) return (findPair(node, String(key))?.value as Node | null) ?? null;
  if (isSeq(node) && typeof key === 'number') return (node.items[key] as Node | undefined) ?? null;
  return null;
}

function findPair(map: YAMLMap, key: string | number): Pair | undefined {
  return (map.items as Pair[]).find((p) => isScalar(p.key) && String(p.key.value) === String(key));
}

function withoutKey(obj: unknown, key: string | number): unknown {
  const out = { ...(obj as Record<string, unknown>) };
  delete out[String(key)];
  return out;
}

/** Wraps `value` in mappings/lists for the missing part of a path. */
function nest(path: SidecarPath, value: unknown): unknown {
  let v = value;
  for (let i = path.length - 1; i >= 0; i--) v = typeof path[i] === 'number' ? [v] : { [path[i] as string]: v };
  return v;
}

// --- positions -------------------------------------------------------------------------------

function lineStartOf(text: string, pos: number): number {
  return text.lastIndexOf('\n', pos - 1) + 1;
}

function columnOf(text: string, pos: number): number {
  return pos - lineStartOf(text, pos);
}

/** Just after the newline ending the line that holds pos-1 (the end of the text when none). */
function lineEndAfter(text: string, pos: number): number {
  const nl = text.indexOf('\n', Math.max(0, pos - 1));
  return nl < 0 ? text.length : nl + 1;
}

/** Where a node's text ends, without the line breaks and blank lines a block collection's range takes. */
function contentEnd(text: string, node: Node): number {
  let end = node.range![1];
  const start = node.range![0];
  while (end > start && /[\s]/.test(text[end - 1])) end--;
  return end;
}

/** The position of the `-` of a block list's item. */
function seqDash(text: string, seq: YAMLSeq, index: number): number {
  const item = seq.items[index] as Node | null;
  const from = item && item.range ? item.range[0] : seq.range![0];
  const dash = text.lastIndexOf('-', from);
  return dash < 0 ? seq.range![0] : dash;
}

function removePair(text: string, map: YAMLMap, pair: Pair): Patch {
  const key = pair.key as Node;
  const value = pair.value as Node | null;
  const start = key.range![0];
  const lineStart = lineStartOf(text, start);
  const end = value && value.range ? Math.max(contentEnd(text, value), key.range![1]) : key.range![1];
  if (/^\s*$/.test(text.slice(lineStart, start))) return wholeLines(text, lineStart, lineEndAfter(text, end), map.items[0] === pair);
  // `- mark: 80`: the first key of a list item shares its line with the dash; the next key moves up.
  const i = map.items.indexOf(pair);
  const next = map.items[i + 1] as Pair | undefined;
  if (next) return { start, end: (next.key as Node).range![0], text: '' };
  return { start, end: end, text: '{}' };
}

function removeItem(text: string, seq: YAMLSeq, index: number): Patch {
  const item = seq.items[index] as Node | null;
  const dash = seqDash(text, seq, index);
  const end = item && item.range && !isEmptyNull(item) ? contentEnd(text, item) : dash + 1;
  return wholeLines(text, lineStartOf(text, dash), lineEndAfter(text, end), index === 0);
}

/**
 * Removes lines [start, end). A blank line that separated the removed lines from the next ones goes
 * with them when nothing (or a blank line) is left above, so no gap opens under the parent key.
 */
function wholeLines(text: string, start: number, end: number, first: boolean): Patch {
  const prevBlank = start >= 2 && /^[ \t]*$/.test(text.slice(lineStartOf(text, start - 1), start - 1));
  const nextLineEnd = lineEndAfter(text, end + 1);
  const nextBlank = end < text.length && /^[ \t\r]*\n?$/.test(text.slice(end, nextLineEnd));
  return { start, end: (first || prevBlank) && nextBlank ? nextLineEnd : end, text: '' };
}

// --- rendering -------------------------------------------------------------------------------

interface Style {
  readonly indent: number;
  readonly indentSeq: boolean;
}

/** The file's own indentation: the step of its first nested mapping, and whether lists are indented under their key. */
function style(doc: Document, text: string): Style {
  let indent = 0;
  let indentSeq: boolean | null = null;
  visit(doc, {
    Pair(_, pair) {
      const k = pair.key as Node | null;
      const v = pair.value as Node | null;
      if (!k?.range || !v?.range || !isCollection(v) || v.flow) return;
      const kc = columnOf(text, k.range[0]);
      if (isMap(v) && indent === 0 && v.items.length) {
        const ck = ((v.items[0] as Pair).key as Node).range;
        if (ck && lineStartOf(text, ck[0]) !== lineStartOf(text, k.range[0])) indent = columnOf(text, ck[0]) - kc;
      }
      if (isSeq(v) && indentSeq === null && v.items.length) indentSeq = columnOf(text, seqDash(text, v, 0)) > kc;
      return indent > 0 && indentSeq !== null ? visit.BREAK : undefined;
    },
  });
  return { indent: indent > 0 && indent <= 8 ? indent : 2, indentSeq: indentSeq ?? true };
}

/** A new value as YAML lines: lists of plain values in flow style (`[80, 443]`), port ranges quoted. */
function renderLines(value: unknown, s: Style): string[] {
  const doc = new Document(value);
  visit(doc, {
    Seq(_, seq) {
      if (seq.items.every((x) => isScalar(x))) seq.flow = true;
    },
    Scalar(_, sc) {
      // "10000:20000" reads as a number in YAML 1.1 (sexagesimal); quoted it is a string everywhere.
      if (typeof sc.value === 'string' && /^\d+:\d+$/.test(sc.value)) sc.type = Scalar.QUOTE_DOUBLE;
    },
  });
  const out = doc.toString({ indent: s.indent, indentSeq: s.indentSeq, lineWidth: 0, flowCollectionPadding: false });
  return out.replace(/\n$/, '').split('\n');
}

/** A list or mapping of plain values on one line: `[80, 443]`, `{iptables: /etc/iptables/rules.v4}`. */
function renderFlow(value: unknown): string {
  const doc = new Document(value);
  visit(doc, {
    Map(_, m) {
      m.flow = true;
    },
    Seq(_, seq) {
      seq.flow = true;
    },
    Scalar(_, sc) {
      if (typeof sc.value === 'string' && /^\d+:\d+$/.test(sc.value)) sc.type = Scalar.QUOTE_DOUBLE;
    },
  });
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false }).replace(/\n$/, '');
}

function flowable(value: unknown): boolean {
  if (Array.isArray(value)) return value.every(isScalarData);
  if (isPlainObject(value)) return Object.values(value).every(isScalarData);
  return isScalarData(value);
}

function renderScalar(value: unknown, type: Scalar['type']): string {
  const doc = new Document(value);
  const sc = doc.contents;
  // Keep the admin's quoting for strings when it can hold the new one.
  if (isScalar(sc) && typeof value === 'string' && (type === Scalar.QUOTE_DOUBLE || type === Scalar.QUOTE_SINGLE)) sc.type = type;
  if (isScalar(sc) && typeof value === 'string' && /^\d+:\d+$/.test(value)) sc.type = Scalar.QUOTE_DOUBLE;
  return doc.toString({ lineWidth: 0 }).replace(/\n$/, '');
}

/** What follows `key:` for a new value of a key at column `indent`. */
function renderAfterColon(value: unknown, indent: number, s: Style): string {
  const lines = renderLines({ k: value }, s);
  const first = lines[0].slice(2); // after "k:"
  const rest = lines.slice(1).map((l) => ' '.repeat(indent) + l);
  return [first, ...rest].join('\n');
}
