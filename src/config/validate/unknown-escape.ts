// nanny converts only \\ \r \n \t \' \" in send/expect; any other backslash sequence (a regex's \d)
// appears to spin its conversion loop forever (spec §1, inferred from the source).

import { LineRule, diag } from './rule';
import { attrValue } from './line-facts';

const BACKSLASH = 0x5c;
// \\ " ' n r t
const KNOWN = new Set([0x5c, 0x22, 0x27, 0x6e, 0x72, 0x74]);

export const unknownEscape: LineRule = {
  kind: 'line',
  codes: ['unknown-escape'],
  types: ['qstring'],
  check(e, report) {
    if (e.line.kind !== 'attr' || (e.line.key !== 'send' && e.line.key !== 'expect')) return;
    const v = attrValue(e.line, e.scope);
    if (!v) return;
    const { src, starts } = e.line.toks;
    const end = starts[v.t + 1];
    for (let p = starts[v.t]; p < end - 1; p++) {
      if (src[p] !== BACKSLASH) continue;
      const next = src[p + 1];
      if (KNOWN.has(next)) {
        p++;
        continue;
      }
      const seq = String.fromCharCode(BACKSLASH, next);
      report(diag('warning', 'unknown-escape', `nanny only understands \\\\ \\r \\n \\t \\' \\" here; "${seq}" may hang its check; write the character without the backslash (in a regex use a bracket expression such as [0-9])`, { line: e.lineNo, column: p - starts[e.line.t0] + 1, length: 2 }));
      return;
    }
  },
};
