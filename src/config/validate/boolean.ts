// Flags must be exactly 0 or 1: pulse fails with "boolean expected" otherwise.

import { LineRule, diag, tokenSpan } from './rule';
import { attrValue } from './line-facts';
import { byteAt, tokenLength } from './bytes';

export const notBoolean: LineRule = {
  kind: 'line',
  codes: ['not-boolean'],
  types: ['bool'],
  check(e, report) {
    const v = attrValue(e.line, e.scope);
    if (!v || v.spec.type !== 'bool') return;
    const b = byteAt(e.line.toks, v.t, 0);
    if (tokenLength(e.line.toks, v.t) === 1 && (b === 0x30 || b === 0x31)) return;
    report(diag('error', 'not-boolean', `"${v.spec.key}" must be 0 or 1: pulse fails with "boolean expected"`, tokenSpan(e.line, e.lineNo, v.t)));
  },
};
