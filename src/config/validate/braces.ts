// Every `}` must close a block and every block must be closed; otherwise the nesting pulse sees is
// not the one the file's indentation suggests.

import { TK } from '../lexer';
import { LineRule, diag, tokenSpan } from './rule';
import { factsOf } from './line-facts';

export const braces: LineRule = {
  kind: 'line',
  codes: ['unmatched-brace', 'unclosed-block'],
  lines: ['opaque', 'open'],
  check(e, report) {
    const line = e.line;
    if (line.kind === 'opaque') {
      const f = factsOf(line);
      if (line.toks.kinds[f.sig[0]] !== TK.RBRACE) return;
      report(diag('error', 'unmatched-brace', '"}" closes no block; remove it, or check the block headers above (a block opened on a line pulse rejects is not open)', tokenSpan(line, e.lineNo, f.sig[0])));
    } else if (line.kind === 'open' && e.own && e.own.close === null) {
      const f = factsOf(line);
      report(diag('error', 'unclosed-block', `the ${line.key} block "${e.own.name}" is never closed; add a "}" at its end`, tokenSpan(line, e.lineNo, f.sig[f.lbrace])));
    }
  },
};
