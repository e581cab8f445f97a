// Lenient parser: builds the concrete syntax tree from bytes and never throws. A line it cannot
// understand becomes an 'opaque' line (the validator reports it); a `}` with no open block is opaque
// too, and a block the file never closes has `close: null`.

import { lex, Tokens, TK, isSignificant } from './lexer';
import { BlockKind, Document, LineNode, tokenKeyText, tokenText } from './cst';
import { Item, LINE_KINDS, LineTable, ParsedBlock, ParsedDocument, lineAt } from './parsed-tree';

const BLOCK_KINDS: ReadonlySet<string> = new Set(['virtual', 'server', 'failover']);

// Line kind codes: indices into LINE_KINDS.
const BLANK = 0, COMMENT = 1, ATTR = 2, OPEN = 3, CLOSE = 4, OPAQUE = 5;

export function parse(src: Uint8Array): Document {
  return parseTokens(lex(src));
}

interface OpenBlock {
  kind: BlockKind;
  name: string;
  openIndex: number;
  items: Item[];
}

export function parseTokens(toks: Tokens): Document {
  const { kinds, count } = toks;
  // Pass 1: line boundaries, so the table's arrays are allocated once at their exact size.
  let lines = 0;
  for (let t = 0; t < count; t++) if (kinds[t] === TK.NL) lines++;
  if (count > 0 && kinds[count - 1] !== TK.NL) lines++;
  const lineT0 = new Uint32Array(lines + 1);
  const lineKinds = new Uint8Array(lines);
  const keys: Array<string | null> = new Array(lines);
  const table: LineTable = { toks, lineT0, kinds: lineKinds, keys };

  const root: Item[] = [];
  const stack: OpenBlock[] = [];
  let t0 = 0;
  for (let i = 0; i < lines; i++) {
    let t1 = t0;
    while (t1 < count && kinds[t1] !== TK.NL) t1++;
    if (t1 < count) t1++; // take the newline
    lineT0[i] = t0;
    lineT0[i + 1] = t1;
    const kind = classify(toks, t0, t1, keys, i);
    lineKinds[i] = kind;
    if (kind === OPEN) {
      stack.push({ kind: blockKindOf(keys[i]), name: blockName(toks, t0, t1), openIndex: i, items: [] });
    } else if (kind === CLOSE) {
      const b = stack.pop();
      if (b) (stack.length ? stack[stack.length - 1].items : root).push(new ParsedBlock(table, b.kind, b.name, b.openIndex, trimmed(b.items), i));
      else {
        lineKinds[i] = OPAQUE; // a `}` with no open block
        root.push(i);
      }
    } else {
      (stack.length ? stack[stack.length - 1].items : root).push(i);
    }
    t0 = t1;
  }
  // Blocks the file never closes: keep them, with no closing line.
  while (stack.length) {
    const b = stack.pop()!;
    (stack.length ? stack[stack.length - 1].items : root).push(new ParsedBlock(table, b.kind, b.name, b.openIndex, trimmed(b.items), -1));
  }
  return new ParsedDocument(table, trimmed(root));
}

/**
 * An exact-size copy: arrays grown by push keep spare capacity (a 3-item array holds 17 slots),
 * which on 100,000 server blocks is megabytes of nothing.
 */
function trimmed<T>(items: T[]): T[] {
  return items.slice();
}

function blockKindOf(keyword: string | null): BlockKind {
  return keyword !== null && BLOCK_KINDS.has(keyword) ? (keyword as BlockKind) : 'other';
}

/** The block's name: the tokens between the keyword and the "{", as one string. */
function blockName(toks: Tokens, t0: number, t1: number): string {
  let name = '';
  let seenKeyword = false;
  let parts = 0;
  for (let t = t0; t < t1; t++) {
    const k = toks.kinds[t];
    if (!isSignificant(k)) continue;
    if (!seenKeyword) {
      seenKeyword = true;
      continue;
    }
    if (k === TK.LBRACE) break;
    let text = tokenText(toks, t);
    if (k === TK.STRING && text.length >= 2 && text[0] === text[text.length - 1]) text = text.slice(1, -1);
    name = parts++ === 0 ? text : `${name} ${text}`;
  }
  return name;
}

/** The line's kind code; stores the key of attr lines and the keyword of open lines in keys[i]. */
function classify(toks: Tokens, t0: number, t1: number, keys: Array<string | null>, i: number): number {
  const { kinds } = toks;
  let first = -1;
  let second = -1;
  let lbrace = -1;
  for (let t = t0; t < t1; t++) {
    const k = kinds[t];
    if (!isSignificant(k)) continue;
    if (first < 0) first = t;
    else if (second < 0) second = t;
    if (k === TK.LBRACE && lbrace < 0 && t !== first) lbrace = t;
  }
  keys[i] = null;
  if (first < 0) return BLANK;
  if (kinds[first] === TK.COMMENT) return COMMENT;
  if (kinds[first] === TK.RBRACE) return CLOSE;
  if (kinds[first] === TK.WORD && second >= 0 && kinds[second] === TK.EQ) {
    keys[i] = tokenKeyText(toks, first);
    return ATTR;
  }
  // A block header is KEYWORD NAME {; words after the "{" (a trailing comment) are the validator's
  // business, the block structure stays intact.
  if (kinds[first] === TK.WORD && lbrace >= 0) {
    keys[i] = tokenKeyText(toks, first);
    return OPEN;
  }
  return OPAQUE;
}

/** One line on its own (an edit's new or rewritten line), classified as it would be in a file. */
export function parseLine(bytes: Uint8Array): LineNode {
  const toks = lex(bytes);
  const keys: Array<string | null> = [null];
  const kind = classify(toks, 0, toks.count, keys, 0);
  const table: LineTable = { toks, lineT0: Uint32Array.of(0, toks.count), kinds: Uint8Array.of(kind), keys };
  return lineAt(table, 0);
}

export { LINE_KINDS };
