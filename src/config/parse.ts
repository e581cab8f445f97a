// Lenient parser: builds the concrete syntax tree from bytes and never throws. A line it cannot
// understand becomes an 'opaque' line (the validator reports it); a `}` with no open block is opaque
// too, and a block the file never closes has `close: null`.

import { lex, Tokens, TK, isSignificant } from './lexer';
import { BlockKind, BlockNode, Document, LineKind, LineNode, Node, tokenKeyText, tokenText } from './cst';

const BLOCK_KINDS: ReadonlySet<string> = new Set(['virtual', 'server', 'failover']);

export function parse(src: Uint8Array): Document {
  return parseTokens(lex(src));
}

interface OpenBlock {
  kind: BlockKind;
  name: string;
  open: LineNode;
  body: Node[];
}

export function parseTokens(toks: Tokens): Document {
  const root: Node[] = [];
  const stack: OpenBlock[] = [];
  const { kinds, count } = toks;
  let t0 = 0;
  while (t0 < count) {
    let t1 = t0;
    while (t1 < count && kinds[t1] !== TK.NL) t1++;
    if (t1 < count) t1++; // take the newline
    const line = classifyLine(toks, t0, t1);
    const into = stack.length ? stack[stack.length - 1].body : root;
    if (line.kind === 'open') {
      stack.push({ kind: blockKindOf(line.key), name: blockName(line), open: line, body: [] });
    } else if (line.kind === 'close') {
      const b = stack.pop();
      if (b) {
        const node: BlockNode = { type: 'block', kind: b.kind, name: b.name, open: b.open, body: b.body, close: line };
        (stack.length ? stack[stack.length - 1].body : root).push(node);
      } else {
        root.push({ ...line, kind: 'opaque' });
      }
    } else {
      into.push(line);
    }
    t0 = t1;
  }
  // Blocks the file never closes: keep them, with no closing line.
  while (stack.length) {
    const b = stack.pop()!;
    const node: BlockNode = { type: 'block', kind: b.kind, name: b.name, open: b.open, body: b.body, close: null };
    (stack.length ? stack[stack.length - 1].body : root).push(node);
  }
  return { body: root };
}

function blockKindOf(keyword: string | null): BlockKind {
  return keyword !== null && BLOCK_KINDS.has(keyword) ? (keyword as BlockKind) : 'other';
}

/** The block's name: the tokens between the keyword and the "{", as one string. */
function blockName(line: LineNode): string {
  const parts: string[] = [];
  let seenKeyword = false;
  for (let t = line.t0; t < line.t1; t++) {
    const k = line.toks.kinds[t];
    if (!isSignificant(k)) continue;
    if (!seenKeyword) {
      seenKeyword = true;
      continue;
    }
    if (k === TK.LBRACE) break;
    let text = tokenText(line.toks, t);
    if (k === TK.STRING && text.length >= 2 && text[0] === text[text.length - 1]) text = text.slice(1, -1);
    parts.push(text);
  }
  return parts.join(' ');
}

function classifyLine(toks: Tokens, t0: number, t1: number): LineNode {
  const { kinds } = toks;
  let first = -1;
  let second = -1;
  let last = -1;
  let significant = 0;
  for (let t = t0; t < t1; t++) {
    const k = kinds[t];
    if (!isSignificant(k)) continue;
    if (first < 0) first = t;
    else if (second < 0) second = t;
    last = t;
    significant++;
  }
  let kind: LineKind;
  let key: string | null = null;
  if (first < 0) kind = 'blank';
  else if (kinds[first] === TK.COMMENT) kind = 'comment';
  else if (kinds[first] === TK.RBRACE) kind = 'close';
  else if (kinds[first] === TK.WORD && second >= 0 && kinds[second] === TK.EQ) {
    kind = 'attr';
    key = tokenKeyText(toks, first);
  } else if (kinds[first] === TK.WORD && kinds[last] === TK.LBRACE && significant >= 2) {
    kind = 'open';
    key = tokenKeyText(toks, first);
  } else kind = 'opaque';
  return { type: 'line', kind, toks, t0, t1, key };
}

/** One line on its own (an edit's new or rewritten line), classified as it would be in a file. */
export function parseLine(bytes: Uint8Array): LineNode {
  const toks = lex(bytes);
  return classifyLine(toks, 0, toks.count);
}
