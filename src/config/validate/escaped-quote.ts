// In lvs.cf a quoted value ends at the next quote of the same kind; a backslash cannot escape it,
// so `"say \"hi\""` is cut after `say \` and pulse sees extra words.

import { LineRule, diag } from './rule';
import { factsOf } from './line-facts';
import { tokenLength } from './bytes';

export const escapedQuote: LineRule = {
  kind: 'line',
  codes: ['escaped-quote'],
  lines: ['attr', 'open', 'opaque'],
  check(e, report) {
    if (e.line.kind === 'blank' || e.line.kind === 'comment') return;
    const t = factsOf(e.line).escapedQuote;
    if (t < 0) return;
    const { starts } = e.line.toks;
    const column = starts[t] + tokenLength(e.line.toks, t) - 2 - starts[e.line.t0] + 1;
    report(diag('error', 'escaped-quote', 'a backslash cannot escape the closing quote: the value ends here and pulse fails on the rest; avoid that quote inside the value (use the other kind of quote, or a regex "." with use_regex = 1)', { line: e.lineNo, column, length: 2 }));
  },
};
