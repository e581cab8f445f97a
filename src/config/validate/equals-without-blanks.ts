// pulse splits lines on blanks, so `active=1` is one word ("unknown command") and `key= value` a key
// named `key=`. The lexer makes "=" its own token, so the tree still sees an attribute; check the gap.

import { TK } from '../lexer';
import { LineRule, diag, tokenSpan } from './rule';
import { factsOf } from './line-facts';

export const equalsWithoutBlanks: LineRule = {
  kind: 'line',
  codes: ['equals-without-blanks'],
  lines: ['attr'],
  check(e, report) {
    if (e.line.kind !== 'attr') return;
    const f = factsOf(e.line);
    const eq = f.sig[f.eq];
    const { kinds } = e.line.toks;
    const blankBefore = kinds[eq - 1] === TK.WS;
    const blankAfter = eq + 1 < e.line.t1 && kinds[eq + 1] === TK.WS;
    // `key =` at the end of a line is a missing value, not a spacing problem
    if (blankBefore && (blankAfter || f.n === f.eq + 1)) return;
    report(diag('error', 'equals-without-blanks', `"=" needs a blank on both sides: pulse splits lines on blanks and reads "${e.line.key}${blankBefore ? ' ' : ''}=..." as an unknown command; write "${e.line.key} = value"`, tokenSpan(e.line, e.lineNo, eq)));
  },
};
