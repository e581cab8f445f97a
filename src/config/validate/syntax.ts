// Lines the parser could not read as `key = value`, `KIND NAME {`, `}`, a comment or a blank line.
// pulse stops on them ("unknown command"). Stray braces and broken block headers have their own codes.

import { TK } from '../lexer';
import { LineRule, diag, tokenSpan } from './rule';
import { factsOf } from './line-facts';
import { isBrokenHeader } from './block-shape';

export const syntax: LineRule = {
  kind: 'line',
  codes: ['syntax'],
  lines: ['opaque'],
  check(e, report) {
    if (e.line.kind !== 'opaque') return;
    const f = factsOf(e.line);
    const first = f.sig[0];
    if (e.line.toks.kinds[first] === TK.RBRACE || isBrokenHeader(e.line)) return;
    if (f.hash >= 0 && f.lbrace === f.hash - 1) return; // `virtual a { # x`: a trailing comment
    report(diag('error', 'syntax', 'pulse cannot read this line (it expects "key = value", "virtual NAME {", "server NAME {" or "}"); fix or remove it', tokenSpan(e.line, e.lineNo, first)));
  },
};
