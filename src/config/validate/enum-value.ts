// Keys with a fixed set of values; lvsd rejects other schedulers ("invalid argument", e.g. sed, nq).

import { LineRule, diag, tokenSpan } from './rule';
import { attrValue } from './line-facts';
import { tokenText } from '../cst';
import { tokenIs } from './bytes';

export const enumValue: LineRule = {
  kind: 'line',
  codes: ['invalid-value'],
  types: ['enum'],
  check(e, report) {
    const v = attrValue(e.line, e.scope);
    if (!v || v.spec.type !== 'enum' || !v.spec.values) return;
    for (const allowed of v.spec.values) if (tokenIs(e.line.toks, v.t, allowed)) return;
    const text = tokenText(e.line.toks, v.t);
    report(diag('error', 'invalid-value', `"${text}" is not a valid ${v.spec.key}; use one of: ${v.spec.values.join(', ')}`, tokenSpan(e.line, e.lineNo, v.t)));
  },
};
