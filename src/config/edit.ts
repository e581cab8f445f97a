// Edits on the concrete syntax tree. Each returns a new Document that shares every node it did not
// change, so printing it changes only the edited lines. New lines follow the layout Piranha's GUI
// writes (its key order, 5/9-space indents, double quotes, LF); an edited line keeps its own indent,
// spacing and newline.

import { BlockNode, Document, blockWith, LineNode, Node, hasNewline, lineBytes, lineEnd, lineStart, significantTokens, valueText, valueTokens } from './cst';
import { TK } from './lexer';
import { parse, parseLine } from './parse';
import { GUI_INDENT, GUI_ORDER, Scope, keySpec } from './schema';
import { cInt } from './model';

export interface BlockPath {
  readonly virtual?: string;
  readonly server?: string;
}

export type EditErrorCode = 'not-found' | 'exists' | 'ambiguous' | 'invalid';

export class EditError extends Error {
  constructor(readonly code: EditErrorCode, message: string) {
    super(message);
    this.name = 'EditError';
  }
}

export function scopeOf(path: BlockPath): Scope {
  return path.server !== undefined ? 'server' : path.virtual !== undefined ? 'virtual' : 'global';
}

export function describePath(path: BlockPath): string {
  if (path.server !== undefined) return `server "${path.server}" of virtual "${path.virtual}"`;
  if (path.virtual !== undefined) return `virtual "${path.virtual}"`;
  return 'the global settings';
}

/** Names that pulse, the GUI and ipvsadm all handle (spec §1: one token, no spaces). */
export const NAME_PATTERN = /^[A-Za-z0-9_.-]+$/;

/** The text a value is written as: string keys get double quotes, escapes are kept as typed. */
export function formatValue(scope: Scope, key: string, value: string): string {
  const spec = keySpec(scope, key);
  if (spec?.type === 'qstring') return `"${value}"`;
  return value;
}

// ---- building lines

const enc = (s: string) => Buffer.from(s, 'utf8');

const oneLine = (text: string): LineNode => parseLine(enc(text));
const oneLineFromBytes = parseLine;

function attrLine(indent: string, key: string, valueTextFormatted: string): LineNode {
  return oneLine(`${indent}${key} = ${valueTextFormatted}\n`);
}

function leadingBlanks(line: LineNode): string {
  const { kinds, starts, src } = line.toks;
  if (line.t1 <= line.t0 || kinds[line.t0] !== TK.WS) return '';
  return Buffer.from(src.subarray(starts[line.t0], starts[line.t0 + 1])).toString('latin1');
}

/**
 * The indent of new key lines in a body: that of its existing keys, so a tab-indented hand-written
 * file stays tab-indented; Piranha's 5/9 spaces when the body has no key yet.
 */
function keyIndent(body: readonly Node[], scope: Scope): string {
  const sibling = body.find((n): n is LineNode => n.type === 'line' && n.kind === 'attr');
  return sibling ? leadingBlanks(sibling) : GUI_INDENT[scope];
}

function withNewline(node: Node): Node {
  if (node.type === 'line') return hasNewline(node) ? node : oneLineFromBytes(Buffer.concat([lineBytes(node), enc('\n')]));
  if (node.close) return hasNewline(node.close) ? node : blockWith(node, { close: withNewline(node.close) as LineNode });
  // A block the file never closes ends with its last body node (or its open line): that is where
  // the newline goes, or the next text would be glued onto that line.
  if (node.body.length === 0) return blockWith(node, { open: withNewline(node.open) as LineNode });
  const body = node.body.slice();
  body[body.length - 1] = withNewline(body[body.length - 1]);
  return blockWith(node, { body });
}

/** Inserts nodes at index i, making sure the node before them ends with a newline. */
function insertAt(list: readonly Node[], i: number, nodes: Node[]): Node[] {
  const out = list.slice();
  if (i > 0) out[i - 1] = withNewline(out[i - 1]);
  out.splice(i, 0, ...nodes);
  return out;
}

// ---- finding blocks

function findBlockIndex(list: readonly Node[], kinds: readonly string[], name: string, what: string): number {
  let found = -1;
  for (let i = 0; i < list.length; i++) {
    const n = list[i];
    if (n.type === 'block' && kinds.includes(n.kind) && n.name === name) {
      if (found >= 0) throw new EditError('ambiguous', `${what} "${name}" is defined more than once; rename one first`);
      found = i;
    }
  }
  return found;
}

/** Applies fn to the body of the block at `path` (the document body for the global scope). */
function updateBody(doc: Document, path: BlockPath, fn: (body: readonly Node[], scope: Scope) => Node[]): Document {
  const root = doc.body.slice();
  if (path.virtual === undefined) return { body: fn(root, 'global') };
  const vi = findBlockIndex(root, ['virtual', 'failover'], path.virtual, 'virtual');
  if (vi < 0) throw new EditError('not-found', `no virtual server named "${path.virtual}"`);
  const v = root[vi] as BlockNode;
  let newV: BlockNode;
  if (path.server === undefined) newV = blockWith(v, { body: fn(v.body, 'virtual') });
  else {
    const vBody = v.body.slice();
    const si = findBlockIndex(vBody, ['server'], path.server, `server of virtual "${path.virtual}"`);
    if (si < 0) throw new EditError('not-found', `virtual "${path.virtual}" has no server named "${path.server}"`);
    const s = vBody[si] as BlockNode;
    vBody[si] = blockWith(s, { body: fn(s.body, 'server') });
    newV = blockWith(v, { body: vBody });
  }
  root[vi] = newV;
  return { body: root };
}

export function findBlock(doc: Document, path: BlockPath): BlockNode | null {
  if (path.virtual === undefined) return null;
  const vi = findBlockIndex(doc.body, ['virtual', 'failover'], path.virtual, 'virtual');
  if (vi < 0) return null;
  const v = doc.body[vi] as BlockNode;
  if (path.server === undefined) return v;
  const si = findBlockIndex(v.body, ['server'], path.server, 'server');
  return si < 0 ? null : (v.body[si] as BlockNode);
}

// ---- attributes

function lastAttrIndex(body: readonly Node[], key: string): number {
  for (let i = body.length - 1; i >= 0; i--) {
    const n = body[i];
    if (n.type === 'line' && n.kind === 'attr' && n.key === key) return i;
  }
  return -1;
}

/** Where a new key goes: after the last key that comes before it in the GUI's order. */
function insertionIndex(body: readonly Node[], scope: Scope, key: string): number {
  const order = GUI_ORDER[scope];
  const rank = (k: string) => {
    const r = order.indexOf(k);
    return r < 0 ? order.length : r;
  };
  const myRank = rank(key);
  let afterPreceding = -1;
  let firstFollowing = -1;
  let lastAttr = -1;
  let firstBlock = -1;
  body.forEach((n, i) => {
    if (n.type === 'block') {
      if (firstBlock < 0) firstBlock = i;
      return;
    }
    if (n.kind !== 'attr' || n.key === null) return;
    lastAttr = i;
    if (rank(n.key) <= myRank) afterPreceding = i + 1;
    else if (firstFollowing < 0) firstFollowing = i;
  });
  let at: number;
  if (afterPreceding >= 0) at = afterPreceding;
  else if (firstFollowing >= 0) at = firstFollowing;
  else if (lastAttr >= 0) at = lastAttr + 1;
  else if (firstBlock >= 0) at = firstBlock;
  else at = body.length;
  // Keys go before nested blocks: the GUI writes them so, and a server's default port is the
  // virtual's `port` as parsed so far.
  if (firstBlock >= 0 && at > firstBlock) at = firstBlock;
  return at;
}

/** Replaces the value of an existing attr line, keeping everything before the value. */
function replaceValue(line: LineNode, formatted: string): LineNode {
  const vals = valueTokens(line);
  const { src, starts } = line.toks;
  let cut: number;
  let prefix = '';
  if (vals.length) cut = starts[vals[0]];
  else {
    const sig = significantTokens(line);
    const eq = sig.find((t) => line.toks.kinds[t] === TK.EQ);
    cut = eq !== undefined ? starts[eq + 1] : lineEnd(line);
    prefix = ' ';
  }
  // Only the last line of a file lacks a newline; it keeps lacking it (an edit changes what it edits).
  const nl = hasNewline(line) ? Buffer.from(src.subarray(starts[line.t1 - 1], lineEnd(line))) : enc('');
  return oneLineFromBytes(Buffer.concat([src.subarray(lineStart(line), cut), enc(prefix + formatted), nl]));
}

/** Sets KEY to an already formatted value (see formatValue) in the block at `path`. */
export function setAttribute(doc: Document, path: BlockPath, key: string, formatted: string): Document {
  return updateBody(doc, path, (body, scope) => {
    const i = lastAttrIndex(body, key);
    if (i >= 0) {
      const out = body.slice();
      out[i] = replaceValue(body[i] as LineNode, formatted);
      return out;
    }
    return insertAt(body, insertionIndex(body, scope, key), [attrLine(keyIndent(body, scope), key, formatted)]);
  });
}

/** Removes every line setting KEY in the block at `path`; a missing key is not an error. */
export function removeAttribute(doc: Document, path: BlockPath, key: string): Document {
  return updateBody(doc, path, (body) => body.filter((n) => !(n.type === 'line' && n.kind === 'attr' && n.key === key)));
}

// ---- blocks

/** A new block's text, indented like an existing block of its kind (Piranha's layout otherwise). */
function blockText(kind: 'virtual' | 'server', name: string, attrs: ReadonlyArray<readonly [string, string]>, like?: BlockNode, keyword: string = kind): string {
  const outer = like ? leadingBlanks(like.open) : GUI_INDENT[kind === 'virtual' ? 'global' : 'virtual'];
  const inner = like ? keyIndent(like.body, kind) : GUI_INDENT[kind];
  const lines = [`${outer}${keyword} ${name} {`];
  for (const [k, v] of attrs) lines.push(`${inner}${k} = ${v}`);
  lines.push(`${outer}}`);
  return lines.join('\n') + '\n';
}

function checkName(name: string, what: string): void {
  if (!NAME_PATTERN.test(name)) {
    throw new EditError('invalid', `${what} name ${JSON.stringify(name)} is not allowed: use letters, digits, "_", "." and "-" only`);
  }
}

/**
 * Adds `virtual NAME { ... }` (path = {}; `failover NAME` with keyword 'failover') or
 * `server NAME { ... }` (path = {virtual}) with the given formatted attributes, after the last
 * block of its kind.
 */
export function addBlock(doc: Document, path: BlockPath, name: string, attrs: ReadonlyArray<readonly [string, string]>, keyword: 'virtual' | 'failover' = 'virtual'): Document {
  const kind: 'virtual' | 'server' = path.virtual === undefined ? 'virtual' : 'server';
  checkName(name, kind);
  return updateBody(doc, path, (body) => {
    const kinds = kind === 'virtual' ? ['virtual', 'failover'] : ['server'];
    if (body.some((n) => n.type === 'block' && kinds.includes(n.kind) && n.name === name)) {
      throw new EditError('exists', `a ${kind} named "${name}" already exists`);
    }
    let at = body.length;
    for (let i = body.length - 1; i >= 0; i--) {
      const n = body[i];
      if (n.type === 'block' && kinds.includes(n.kind)) {
        at = i + 1;
        break;
      }
    }
    const like = body.find((n): n is BlockNode => n.type === 'block' && n.kind === kind);
    const node = parse(enc(blockText(kind, name, attrs, like, kind === 'virtual' ? keyword : 'server'))).body[0] as BlockNode;
    return insertAt(body, at, [node]);
  });
}

export function removeBlock(doc: Document, path: BlockPath): Document {
  if (path.virtual === undefined) throw new EditError('invalid', 'name the virtual server to delete');
  if (path.server === undefined) {
    const vi = findBlockIndex(doc.body, ['virtual', 'failover'], path.virtual, 'virtual');
    if (vi < 0) throw new EditError('not-found', `no virtual server named "${path.virtual}"`);
    return { body: doc.body.filter((_, i) => i !== vi) };
  }
  const server = path.server;
  return updateBody(doc, { virtual: path.virtual }, (body) => {
    const si = findBlockIndex(body, ['server'], server, `server of virtual "${path.virtual}"`);
    if (si < 0) throw new EditError('not-found', `virtual "${path.virtual}" has no server named "${server}"`);
    return body.filter((_, i) => i !== si);
  });
}

/** Renames a block by replacing its name token only. */
export function renameBlock(doc: Document, path: BlockPath, newName: string): Document {
  const kind = path.server !== undefined ? 'server' : 'virtual';
  checkName(newName, kind);
  const block = findBlock(doc, path);
  if (!block) throw new EditError('not-found', `no ${describePath(path)}`);
  if (block.name === newName) return doc;
  const siblings = path.server !== undefined ? { virtual: path.virtual } : {};
  if (findBlock(doc, path.server !== undefined ? { ...siblings, server: newName } : { virtual: newName })) {
    throw new EditError('exists', `a ${kind} named "${newName}" already exists`);
  }
  const sig = significantTokens(block.open);
  const { src, starts, kinds } = block.open.toks;
  // name tokens: between the keyword and the first "{"
  const brace = sig.findIndex((t, i) => i > 0 && kinds[t] === TK.LBRACE);
  if (brace < 2) throw new EditError('invalid', `the header of ${describePath(path)} has no name to replace`);
  const from = starts[sig[1]];
  const to = starts[sig[brace - 1] + 1];
  const open = oneLineFromBytes(Buffer.concat([src.subarray(lineStart(block.open), from), enc(newName), src.subarray(to, lineEnd(block.open))]));
  const renamed: BlockNode = blockWith(block, { name: newName, open });
  if (path.server === undefined) {
    return { body: doc.body.map((n) => (n === block ? renamed : n)) };
  }
  return updateBody(doc, { virtual: path.virtual }, (body) => body.map((n) => (n === block ? renamed : n)));
}

/** `serial_no` + 1 when the file has one, as Piranha does on every save. */
export function bumpSerial(doc: Document): Document {
  const i = lastAttrIndex(doc.body, 'serial_no');
  if (i < 0) return doc;
  const line = doc.body[i] as LineNode;
  const current = cInt(valueText(line));
  return setAttribute(doc, {}, 'serial_no', String(current + 1));
}
