// pulse only knows whole-line comments: `port = 80 # web` fails with "unexpected arguments".
// After a `}` the C parser ignores the rest of the line, so `} # end` is left alone.

import { lineEnd } from '../cst';
import { TK } from '../lexer';
import { LineRule, diag } from './rule';
import { factsOf } from './line-facts';

export const trailingComment: LineRule = {
  kind: 'line',
  codes: ['trailing-comment'],
  lines: ['attr', 'open', 'opaque'],
  check(e, report) {
    const k = e.line.kind;
    if (k === 'blank' || k === 'comment' || k === 'close') return;
    const f = factsOf(e.line);
    if (f.hash < 0 || e.line.toks.kinds[f.sig[0]] === TK.RBRACE) return;
    const t = f.sig[f.hash];
    const { starts } = e.line.toks;
    const last = f.sig[f.n - 1];
    const span = { line: e.lineNo, column: starts[t] - starts[e.line.t0] + 1, length: Math.min(starts[last + 1], lineEnd(e.line)) - starts[t] };
    const after = k === 'open' ? 'a block header' : 'a value';
    report(diag('error', 'trailing-comment', `comment after ${after}: pulse fails with "unexpected arguments"; move the comment to a line of its own`, span));
  },
};
