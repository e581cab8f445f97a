// Shared by the block rules: whether a line looks like a block header (a block keyword with a "{"),
// even one the parser kept as opaque because something follows the "{".

import { LineNode } from '../cst';
import { TK } from '../lexer';
import { factsOf } from './line-facts';
import { tokenLength } from './bytes';

const KEYWORDS = ['virtual', 'server', 'failover'];

/** Whether token t is the word `virtual`, `server` or `failover` (compared byte by byte). */
export function isBlockKeyword(line: LineNode, t: number): boolean {
  const { src, starts, kinds } = line.toks;
  if (kinds[t] !== TK.WORD) return false;
  const len = tokenLength(line.toks, t);
  outer: for (const k of KEYWORDS) {
    if (k.length !== len) continue;
    for (let i = 0; i < len; i++) if (src[starts[t] + i] !== k.charCodeAt(i)) continue outer;
    return true;
  }
  return false;
}

/** An opaque line starting with a block keyword and holding a "{": a malformed block header. */
export function isBrokenHeader(line: LineNode): boolean {
  if (line.kind !== 'opaque') return false;
  const f = factsOf(line);
  return isBlockKeyword(line, f.sig[0]) && f.lbrace > 0;
}
