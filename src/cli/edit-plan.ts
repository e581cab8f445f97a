// Turns an edit command's arguments into an operation on the tree (pure). Checks what the validator
// cannot see in the written file: a value with a line break would inject lines, a double quote
// cannot be escaped in a quoted value, an empty value is meant as unset; unknown keys and several
// words for a one-word key are refused unless --force.

import { Document } from '../config/cst';
import { BlockPath, addBlock, removeBlock, renameBlock, setAttribute, removeAttribute, formatValue, describePath } from '../config/edit';
import { GUI_ORDER, Scope, guiDefaultsFor, keySpec } from '../config/schema';
import { RefusedError, UsageError } from './errors';

export type Pair = readonly [key: string, value: string];

export type EditCommand =
  | { readonly kind: 'set'; readonly path: BlockPath; readonly pairs: readonly Pair[] }
  | { readonly kind: 'unset'; readonly path: BlockPath; readonly keys: readonly string[] }
  | { readonly kind: 'add'; readonly path: BlockPath; readonly name: string; readonly pairs: readonly Pair[] }
  | { readonly kind: 'delete'; readonly path: BlockPath }
  | { readonly kind: 'rename'; readonly path: BlockPath; readonly newName: string }
  | { readonly kind: 'activate'; readonly path: BlockPath; readonly active: boolean };

const KEY_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function parsePair(word: string, command: string): Pair {
  const eq = word.indexOf('=');
  if (eq <= 0) throw new UsageError(`expected KEY=VALUE, got "${word}"`, command);
  return [word.slice(0, eq), word.slice(eq + 1)];
}

export function checkKeyName(key: string): void {
  if (!KEY_NAME.test(key)) throw new RefusedError(`"${key}" is not a key name`);
}

function where(scope: Scope): string {
  return scope === 'global' ? 'at the top level' : `in a ${scope} block`;
}

/** Checks a value and returns it as it will be written (see formatValue). */
export function prepareValue(scope: Scope, key: string, value: string, force: boolean): string {
  checkKeyName(key);
  if (/[\r\n]/.test(value)) throw new RefusedError(`the value of ${key} contains a line break; lvs.cf values are one line`);
  if (value.trim() === '') throw new RefusedError(`empty value for ${key}: use \`lvs-tui unset ${key}\` to remove it`);
  const spec = keySpec(scope, key);
  if (!spec && !force) {
    throw new RefusedError(`unknown key "${key}" ${where(scope)}: pulse would refuse the file ("unknown command"); use --force to write it anyway`);
  }
  if (spec?.type === 'qstring') {
    if (value.includes('"')) throw new RefusedError(`the value of ${key} contains a double quote, which pulse's parser cannot escape`);
    return formatValue(scope, key, value);
  }
  const trimmed = value.trim();
  const words = trimmed.split(/[ \t]+/);
  if (spec?.type === 'addr-dev') {
    if (words.length !== 2 && !force) {
      const example = key === 'nat_router' ? "'nat_router=192.168.10.254 eth1:1'" : "'address=10.0.0.5 eth0:1'";
      throw new RefusedError(`${key} takes an address and a device as one argument, e.g. ${example}`);
    }
    return formatValue(scope, key, words.join(' '));
  }
  if (spec && spec.type !== 'list' && words.length > 1 && !force) throw new RefusedError(`${key} takes one word, not "${trimmed}"`);
  return formatValue(scope, key, spec?.type === 'list' ? value : trimmed);
}

function scopeOfPath(path: BlockPath): Scope {
  return path.server !== undefined ? 'server' : path.virtual !== undefined ? 'virtual' : 'global';
}

/**
 * A new block's lines: the GUI's defaults overridden by the given pairs (an empty value leaves the
 * key out), in the GUI's key order.
 */
export function newBlockAttrs(scope: 'virtual' | 'server', pairs: readonly Pair[], force: boolean): Array<[string, string]> {
  if (!pairs.some(([k]) => k === 'address')) {
    const example = scope === 'virtual' ? "'address=10.0.0.5 eth0:1'" : 'address=192.168.10.11';
    throw new RefusedError(`a new ${scope} needs an address: add ${example}`);
  }
  const values = new Map<string, string>();
  for (const [k, v] of guiDefaultsFor(scope)) values.set(k, formatValue(scope, k, v));
  for (const [k, v] of pairs) {
    // KEY= leaves a default out of the new block, like the GUI's BLANK SEND / BLANK EXPECT.
    if (v === '' && k !== 'address') {
      checkKeyName(k);
      values.delete(k);
    } else values.set(k, prepareValue(scope, k, v, force));
  }
  const order = GUI_ORDER[scope];
  const known = order.filter((k) => values.has(k));
  const extra = [...values.keys()].filter((k) => !order.includes(k));
  return [...known, ...extra].map((k) => [k, values.get(k)!]);
}

/** Applies the command to the tree; throws EditError (from the core) or RefusedError. */
export function applyEdit(doc: Document, cmd: EditCommand, force: boolean): Document {
  switch (cmd.kind) {
    case 'set': {
      const scope = scopeOfPath(cmd.path);
      let out = doc;
      for (const [k, v] of cmd.pairs) out = setAttribute(out, cmd.path, k, prepareValue(scope, k, v, force));
      return out;
    }
    case 'unset': {
      let out = doc;
      for (const k of cmd.keys) {
        checkKeyName(k);
        out = removeAttribute(out, cmd.path, k);
      }
      return out;
    }
    case 'add': {
      const scope = cmd.path.virtual === undefined ? 'virtual' : 'server';
      return addBlock(doc, cmd.path, cmd.name, newBlockAttrs(scope, cmd.pairs, force));
    }
    case 'delete':
      return removeBlock(doc, cmd.path);
    case 'rename':
      return renameBlock(doc, cmd.path, cmd.newName);
    case 'activate':
      return setAttribute(doc, cmd.path, 'active', cmd.active ? '1' : '0');
  }
}

/** Did the command set serial_no itself? Then lvs-tui does not bump it on top. */
export function touchesSerial(cmd: EditCommand): boolean {
  if (cmd.path.virtual !== undefined) return false;
  if (cmd.kind === 'set') return cmd.pairs.some(([k]) => k === 'serial_no');
  if (cmd.kind === 'unset') return cmd.keys.includes('serial_no');
  return false;
}

export { describePath };
