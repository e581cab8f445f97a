// Edit operations as data (the golden cases' op.json, the property tests' random edits) and how
// they map onto the edit.ts functions. "enable"/"disable" set `active` as Piranha's (DE)ACTIVATE
// buttons do; "add" without attrs writes the GUI's defaults for a new item.

import { Document } from '../../src/config/cst';
import { BlockPath, EditErrorCode, addBlock, bumpSerial, formatValue, removeAttribute, removeBlock, renameBlock, scopeOf, setAttribute } from '../../src/config/edit';
import { guiDefaultsFor } from '../../src/config/schema';

export type EditOp =
  | { readonly op: 'set'; readonly path: BlockPath; readonly key: string; readonly value: string }
  | { readonly op: 'unset'; readonly path: BlockPath; readonly key: string }
  | { readonly op: 'add'; readonly path: BlockPath; readonly name: string; readonly attrs?: ReadonlyArray<readonly [string, string]> }
  | { readonly op: 'delete'; readonly path: BlockPath }
  | { readonly op: 'rename'; readonly path: BlockPath; readonly name: string }
  | { readonly op: 'enable' | 'disable'; readonly path: BlockPath }
  | { readonly op: 'bumpSerial' };

export function applyOp(doc: Document, op: EditOp): Document {
  switch (op.op) {
    case 'set':
      return setAttribute(doc, op.path, op.key, formatValue(scopeOf(op.path), op.key, op.value));
    case 'unset':
      return removeAttribute(doc, op.path, op.key);
    case 'add': {
      // path {} adds a virtual; path {virtual} adds a server to it
      const scope = op.path.virtual === undefined ? 'virtual' : 'server';
      const attrs = (op.attrs ?? guiDefaultsFor(scope)).map(([k, v]) => [k, formatValue(scope, k, v)] as const);
      return addBlock(doc, op.path, op.name, attrs);
    }
    case 'delete':
      return removeBlock(doc, op.path);
    case 'rename':
      return renameBlock(doc, op.path, op.name);
    case 'enable':
    case 'disable':
      return setAttribute(doc, op.path, 'active', op.op === 'enable' ? '1' : '0');
    case 'bumpSerial':
      return bumpSerial(doc);
  }
}

const OPS = new Set(['set', 'unset', 'add', 'delete', 'rename', 'enable', 'disable', 'bumpSerial']);

function isPath(x: unknown): x is BlockPath {
  if (typeof x !== 'object' || x === null) return false;
  const p = x as Record<string, unknown>;
  return Object.keys(p).every((k) => (k === 'virtual' || k === 'server') && typeof p[k] === 'string');
}

/** Checks one op read from JSON; throws with the reason when it is malformed. */
function checkOp(x: unknown): EditOp {
  if (typeof x !== 'object' || x === null) throw new Error(`op must be an object: ${JSON.stringify(x)}`);
  const o = x as Record<string, unknown>;
  if (typeof o.op !== 'string' || !OPS.has(o.op)) throw new Error(`unknown op ${JSON.stringify(o.op)}`);
  if (o.op !== 'bumpSerial' && !isPath(o.path)) throw new Error(`op ${o.op} needs a path {virtual?, server?}`);
  const str = (k: string) => {
    if (typeof o[k] !== 'string') throw new Error(`op ${o.op} needs a string "${k}"`);
  };
  if (o.op === 'set') (str('key'), str('value'));
  if (o.op === 'unset') str('key');
  if (o.op === 'add' || o.op === 'rename') str('name');
  if (o.attrs !== undefined && !(Array.isArray(o.attrs) && o.attrs.every((a) => Array.isArray(a) && a.length === 2 && a.every((s) => typeof s === 'string')))) {
    throw new Error('attrs must be [[key, value], ...]');
  }
  return x as EditOp;
}

/** op.json: an op, a list of ops, or {"ops": [...], "error": CODE} for an edit that must fail. */
export function parseOps(json: unknown): { ops: EditOp[]; error?: EditErrorCode } {
  if (Array.isArray(json)) return { ops: json.map(checkOp) };
  const o = json as Record<string, unknown>;
  if (o && Array.isArray(o.ops)) return { ops: o.ops.map(checkOp), error: o.error as EditErrorCode | undefined };
  if (o && typeof o.error === 'string') {
    const { error, ...op } = o;
    return { ops: [checkOp(op)], error: error as EditErrorCode };
  }
  return { ops: [checkOp(json)] };
}
