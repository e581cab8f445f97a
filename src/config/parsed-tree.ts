// The tree as the parser builds it, stored compactly. A 10,000-service file has 650,000 lines; an
// object per line kept the parsed tree at ~80 MB. Here a parsed line is an index into a line table
// (typed arrays), and a LineNode object is made only when someone reads a block's `open`, `close` or
// `body` (short-lived garbage). Blocks stay objects, so block identity is stable across reads. Edits
// build plain BlockNode/Document objects that share these parsed blocks.

import { Tokens } from './lexer';
import { BlockKind, BlockNode, Document, LineKind, LineNode, Node } from './cst';

export const LINE_KINDS: readonly LineKind[] = ['blank', 'comment', 'attr', 'open', 'close', 'opaque'];

export interface LineTable {
  readonly toks: Tokens;
  /** line i is tokens [lineT0[i], lineT0[i + 1]) */
  readonly lineT0: Uint32Array;
  /** index into LINE_KINDS */
  readonly kinds: Uint8Array;
  /** the key of attr lines, the keyword of open lines, else null */
  readonly keys: ReadonlyArray<string | null>;
}

export function lineAt(table: LineTable, i: number): LineNode {
  return { type: 'line', kind: LINE_KINDS[table.kinds[i]], toks: table.toks, t0: table.lineT0[i], t1: table.lineT0[i + 1], key: table.keys[i] };
}

/** A body item: a line index of the table, or a nested block. */
export type Item = number | ParsedBlock;

function materialize(table: LineTable, items: readonly Item[]): Node[] {
  const out: Node[] = new Array(items.length);
  for (let i = 0; i < items.length; i++) {
    const it = items[i];
    out[i] = typeof it === 'number' ? lineAt(table, it) : it;
  }
  return out;
}

export class ParsedBlock implements BlockNode {
  get type(): 'block' {
    return 'block';
  }
  constructor(
    readonly table: LineTable,
    readonly kind: BlockKind,
    readonly name: string,
    readonly openIndex: number,
    readonly items: readonly Item[],
    /** -1 when the file ends before the block's `}` */
    readonly closeIndex: number,
  ) {}
  get open(): LineNode {
    return lineAt(this.table, this.openIndex);
  }
  get close(): LineNode | null {
    return this.closeIndex < 0 ? null : lineAt(this.table, this.closeIndex);
  }
  get body(): Node[] {
    return materialize(this.table, this.items);
  }
}

export class ParsedDocument implements Document {
  constructor(
    readonly table: LineTable,
    readonly items: readonly Item[],
  ) {}
  get body(): Node[] {
    return materialize(this.table, this.items);
  }
}
