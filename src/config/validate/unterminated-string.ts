// A quote with no closing quote on its line: the C parser cannot find the value's end.

import { TK } from '../lexer';
import { LineRule, diag, tokenSpan } from './rule';
import { factsOf, isTerminated } from './line-facts';

export const unterminatedString: LineRule = {
  kind: 'line',
  codes: ['unterminated-string'],
  lines: ['attr', 'open', 'opaque', 'close'],
  check(e, report) {
    if (e.line.kind === 'blank' || e.line.kind === 'comment') return;
    const f = factsOf(e.line);
    const { kinds } = e.line.toks;
    for (let i = 0; i < f.n; i++) {
      const t = f.sig[i];
      if (kinds[t] !== TK.STRING || isTerminated(e.line, t)) continue;
      report(diag('error', 'unterminated-string', 'this quoted value has no closing quote on its line; add the closing quote', tokenSpan(e.line, e.lineNo, t)));
      return;
    }
  },
};
