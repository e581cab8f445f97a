// The C parser splits a line into at most 100 words.

import { LineRule, diag, tokensSpan } from './rule';
import { factsOf } from './line-facts';

const MAX = 100;

export const tooManyTokens: LineRule = {
  kind: 'line',
  codes: ['too-many-tokens'],
  lines: ['attr', 'open', 'opaque', 'close'],
  check(e, report) {
    if (e.line.kind === 'blank' || e.line.kind === 'comment') return;
    const f = factsOf(e.line);
    if (f.n <= MAX) return;
    report(diag('error', 'too-many-tokens', `this line has ${f.n} words; pulse reads at most ${MAX} per line; shorten it`, tokensSpan(e.line, e.lineNo, f.sig[MAX], f.sig[f.n - 1])));
  },
};
