// pulse fails on a blank-free quoted value followed by trailing blanks (`expect = "HTTP" `) [spec §1].
// Whether a quoted value with blanks inside is hit too is unverified, so that case is a warning.

import { TK } from '../lexer';
import { LineRule, diag } from './rule';
import { factsOf, isTerminated } from './line-facts';

const SP = 0x20, TAB = 0x09;

export const blankAfterString: LineRule = {
  kind: 'line',
  codes: ['blank-after-string'],
  lines: ['attr'],
  check(e, report) {
    const line = e.line;
    if (line.kind !== 'attr') return;
    const f = factsOf(line);
    const last = f.sig[f.n - 1];
    const { kinds, starts, src } = line.toks;
    if (kinds[last] !== TK.STRING || !isTerminated(line, last)) return;
    if (last + 1 >= line.t1 || kinds[last + 1] !== TK.WS) return;
    let blankInside = false;
    for (let p = starts[last]; p < starts[last + 1]; p++) if (src[p] === SP || src[p] === TAB) blankInside = true;
    const span = { line: e.lineNo, column: starts[last + 1] - starts[line.t0] + 1, length: starts[last + 2] - starts[last + 1] };
    if (blankInside) report(diag('warning', 'blank-after-string', 'blanks after a quoted value: pulse rejects them after a blank-free quoted value and may here too; remove the trailing blanks', span));
    else report(diag('error', 'blank-after-string', 'blanks after a quoted value make pulse fail; remove the trailing blanks', span));
  },
};
