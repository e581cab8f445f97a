// Concrete syntax tree of lvs.cf. A node is one physical line (a range of tokens) or a block
// (`virtual NAME {` ... `}`) holding nodes. Printing concatenates the lines' bytes, so a tree nobody
// edited prints back exactly the input. Edits build new trees that share every untouched node.

import { Tokens, TK, isSignificant } from './lexer';
import { latin1Text, utf8Text } from './intern';

export type LineKind =
  | 'blank' // only blanks (and stray CRs)
  | 'comment' // first non-blank is "#"
  | 'attr' // KEY = VALUE...
  | 'open' // KIND NAME {
  | 'close' // }
  | 'opaque'; // anything the parser does not understand, kept as it is

export interface LineNode {
  readonly type: 'line';
  readonly kind: LineKind;
  readonly toks: Tokens;
  /** token range [t0, t1), the newline token included when the line has one */
  readonly t0: number;
  readonly t1: number;
  /** attr: the key; open: the block keyword; otherwise null */
  readonly key: string | null;
}

export type BlockKind = 'virtual' | 'server' | 'failover' | 'other';

export interface BlockNode {
  readonly type: 'block';
  readonly kind: BlockKind;
  readonly name: string;
  readonly open: LineNode;
  readonly body: readonly Node[];
  /** null when the file ends before the block's `}` */
  readonly close: LineNode | null;
}

export type Node = LineNode | BlockNode;

export interface Document {
  readonly body: readonly Node[];
}


export function lineStart(line: LineNode): number {
  return line.toks.starts[line.t0];
}
export function lineEnd(line: LineNode): number {
  return line.toks.starts[line.t1];
}
/** The line's bytes, its newline included. */
export function lineBytes(line: LineNode): Uint8Array {
  return line.toks.src.subarray(lineStart(line), lineEnd(line));
}
export function hasNewline(line: LineNode): boolean {
  return line.t1 > line.t0 && line.toks.kinds[line.t1 - 1] === TK.NL;
}
/** The newline bytes the line ends with ("" at the end of a file without a final newline). */
export function newlineOf(line: LineNode): string {
  if (!hasNewline(line)) return '';
  const s = line.toks.starts[line.t1 - 1];
  return latin1Text(line.toks.src, s, line.toks.starts[line.t1]);
}

/** Indices of the meaningful tokens of a line (no blanks, newlines or stray CRs). */
export function significantTokens(line: LineNode): number[] {
  const out: number[] = [];
  const kinds = line.toks.kinds;
  for (let t = line.t0; t < line.t1; t++) if (isSignificant(kinds[t])) out.push(t);
  return out;
}

export function tokenText(toks: Tokens, t: number): string {
  return utf8Text(toks.src, toks.starts[t], toks.starts[t + 1]);
}
export function tokenKeyText(toks: Tokens, t: number): string {
  return latin1Text(toks.src, toks.starts[t], toks.starts[t + 1]);
}

/** The value tokens of an attr line: everything significant after the first "=". */
export function valueTokens(line: LineNode): number[] {
  const { kinds } = line.toks;
  const out: number[] = [];
  let afterEq = false;
  for (let t = line.t0; t < line.t1; t++) {
    const k = kinds[t];
    if (!isSignificant(k)) continue;
    if (afterEq) out.push(t);
    else if (k === TK.EQ) afterEq = true;
  }
  return out;
}

/** The value of an attr line as the C parser sees it: the words joined by one space. */
export function valueText(line: LineNode): string {
  // Called for every attr line when the model is built: no intermediate arrays.
  const { kinds } = line.toks;
  let text: string | null = null;
  let afterEq = false;
  for (let t = line.t0; t < line.t1; t++) {
    const k = kinds[t];
    if (!isSignificant(k)) continue;
    if (!afterEq) {
      if (k === TK.EQ) afterEq = true;
      continue;
    }
    const word = tokenText(line.toks, t);
    text = text === null ? word : `${text} ${word}`;
  }
  return text ?? '';
}

export function isBlock(n: Node): n is BlockNode {
  return n.type === 'block';
}

/** Walks every line in file order with its 1-based line number (counting "\n" as editors do). */
export function forEachLine(doc: Document, fn: (line: LineNode, lineNo: number, parents: readonly BlockNode[]) => void): void {
  let lineNo = 1;
  const parents: BlockNode[] = [];
  const visit = (nodes: readonly Node[]) => {
    for (const n of nodes) {
      if (n.type === 'line') {
        fn(n, lineNo, parents);
        if (hasNewline(n)) lineNo++;
      } else {
        fn(n.open, lineNo, parents);
        if (hasNewline(n.open)) lineNo++;
        parents.push(n);
        visit(n.body);
        parents.pop();
        if (n.close) {
          fn(n.close, lineNo, parents);
          if (hasNewline(n.close)) lineNo++;
        }
      }
    }
  };
  visit(doc.body);
}

/**
 * A copy of a block with some parts replaced. Parsed blocks expose their parts through getters,
 * which object spread does not copy, so edits build blocks through this.
 */
export function blockWith(b: BlockNode, parts: Partial<Pick<BlockNode, 'name' | 'open' | 'body' | 'close'>>): BlockNode {
  return {
    type: 'block',
    kind: b.kind,
    name: parts.name ?? b.name,
    open: parts.open ?? b.open,
    body: parts.body ?? b.body,
    close: parts.close !== undefined ? parts.close : b.close,
  };
}
