// lvsd strips double quotes only: a single-quoted send/expect/program reaches nanny with literal
// ' characters, so the check sends or expects the wrong bytes.

import { TK } from '../lexer';
import { LineRule, diag, tokenSpan } from './rule';
import { attrValue, isTerminated } from './line-facts';
import { byteAt } from './bytes';

const SQ = 0x27;

export const singleQuoted: LineRule = {
  kind: 'line',
  codes: ['single-quoted'],
  types: ['qstring'],
  check(e, report) {
    const v = attrValue(e.line, e.scope);
    if (!v || v.spec.type !== 'qstring') return;
    if (e.line.toks.kinds[v.t] !== TK.STRING || byteAt(e.line.toks, v.t, 0) !== SQ || !isTerminated(e.line, v.t)) return;
    report(diag('warning', 'single-quoted', `"${v.spec.key}" is in single quotes: lvsd strips only double quotes, so nanny gets the ' characters too; use double quotes`, tokenSpan(e.line, e.lineNo, v.t)));
  },
};
