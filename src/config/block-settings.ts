// A block's settings as a read-only Map view over its key lines. The model keeps one small index per
// block ([key, line number, line] triples) and makes Setting objects when they are asked for: on a
// 10,000-service file, a Setting object (and a LineNode) per key line kept ~70 MB alive.

import { LineNode, valueText } from './cst';
import { LINE_KINDS, ParsedBlock, ParsedDocument, lineAt } from './parsed-tree';

const ATTR = LINE_KINDS.indexOf('attr');
import { Scope, keySpec } from './schema';
import type { Setting } from './model';

/** lvsd strips double quotes (not single ones) from quoted values. */
export function unquote(text: string): string {
  return text.length >= 2 && text[0] === '"' && text[text.length - 1] === '"' ? text.slice(1, -1) : text;
}

/** A key's value as the daemons store it: double quotes of quoted-string keys removed. */
export function storedValue(scope: Scope, key: string, raw: string): string {
  return keySpec(scope, key)?.type === 'qstring' ? unquote(raw) : raw;
}

/** A key line: an index into the parsed line table, or a line object (edited documents). */
export type LineRef = number | LineNode;

export class BlockSettings implements ReadonlyMap<string, Setting> {
  /** edited blocks: flat [key, lineNo, ref, ...] in file order; null for a parsed block */
  private index: Array<string | number | LineNode> | null = null;

  /**
   * A parsed block is read straight from the line table: its lines are contiguous, so line `it`
   * has number `base + it`. Other blocks are indexed through add().
   */
  constructor(
    private readonly scope: Scope,
    private readonly parsed: ParsedBlock | ParsedDocument | null,
    private readonly base: number,
    /** a setting the block has when it has no line of its own (a server's port from its virtual) */
    private readonly fallback: Setting | null = null,
  ) {
    if (!parsed) this.index = [];
  }

  /** Records a key line of an edited block (the model builder calls this in file order). */
  add(key: string, lineNo: number, ref: LineNode): void {
    this.index!.push(key, lineNo, ref);
  }

  /** Drops the spare capacity push left (the builder calls this once the block is read). */
  seal(): void {
    if (this.index) this.index = this.index.slice();
  }

  /** Every key line in file order: fn(key, lineNo, ref); stops when fn returns true. */
  private scan(fn: (key: string, lineNo: number, ref: LineRef) => boolean | void, backwards = false): void {
    if (this.index) {
      const ix = this.index;
      if (backwards) {
        for (let i = ix.length - 3; i >= 0; i -= 3) if (fn(ix[i] as string, ix[i + 1] as number, ix[i + 2] as LineRef)) return;
      } else {
        for (let i = 0; i < ix.length; i += 3) if (fn(ix[i] as string, ix[i + 1] as number, ix[i + 2] as LineRef)) return;
      }
      return;
    }
    const { table, items } = this.parsed!;
    const n = items.length;
    for (let j = 0; j < n; j++) {
      const it = items[backwards ? n - 1 - j : j];
      if (typeof it !== 'number' || table.kinds[it] !== ATTR) continue;
      if (fn(table.keys[it]!, this.base + it, it)) return;
    }
  }

  /** The Setting of one key line. */
  make(key: string, lineNo: number, ref: LineRef): Setting {
    const node = typeof ref === 'number' ? lineAt(this.parsed!.table, ref) : ref;
    const raw = valueText(node);
    return { key, value: storedValue(this.scope, key, raw), from: 'file', line: lineNo, node };
  }

  get(key: string): Setting | undefined {
    let found: Setting | undefined;
    this.scan((k, lineNo, ref) => {
      if (k !== key) return false;
      found = this.make(k, lineNo, ref);
      return true;
    }, true);
    if (found) return found;
    return this.fallback && this.fallback.key === key ? this.fallback : undefined;
  }

  has(key: string): boolean {
    let found = this.fallback !== null && this.fallback.key === key;
    if (!found) this.scan((k) => (found = k === key));
    return found;
  }

  /** Distinct keys in the order of their first line, as a Map set in file order would give. */
  keys(): MapIterator<string> {
    const seen = new Set<string>();
    this.scan((k) => {
      seen.add(k);
    });
    if (this.fallback) seen.add(this.fallback.key);
    return seen.values();
  }

  get size(): number {
    return [...this.keys()].length;
  }

  *entries(): MapIterator<[string, Setting]> {
    for (const k of this.keys()) yield [k, this.get(k)!];
  }

  *values(): MapIterator<Setting> {
    for (const k of this.keys()) yield this.get(k)!;
  }

  [Symbol.iterator](): MapIterator<[string, Setting]> {
    return this.entries();
  }

  forEach(fn: (value: Setting, key: string, map: ReadonlyMap<string, Setting>) => void): void {
    for (const [k, v] of this.entries()) fn(v, k, this);
  }
}
