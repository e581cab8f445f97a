// Spans for document rules, which work from the model: a setting's value word, a block's name.

import { BlockNode, significantTokens, valueTokens } from '../cst';
import { Span } from '../diagnostic';
import { Setting } from '../model';
import { keySpan, tokenSpan } from './rule';

/** The n-th value word of a setting from the file (its key when the word is missing); null for defaults. */
export function valueSpan(s: Setting | undefined, n = 0): Span | null {
  if (!s || s.node === null || s.line === null) return null;
  const vals = valueTokens(s.node);
  return n < vals.length ? tokenSpan(s.node, s.line, vals[n]) : keySpan(s.node, s.line);
}

/** The name in a block's header (the keyword when the name is missing). */
export function nameSpan(block: BlockNode, lineNo: number): Span {
  const sig = significantTokens(block.open);
  return tokenSpan(block.open, lineNo, sig.length > 2 ? sig[1] : sig[0]);
}

export const FILE_START: Span = { line: 1, column: 1, length: 1 };
