// Shared shape of the numeric range rules: a well-formed number of the given keys, outside bounds.

import { tokenText } from '../cst';
import { Severity } from '../diagnostic';
import { Scope } from '../schema';
import { LineRule, diag, tokenSpan } from './rule';
import { attrValue } from './line-facts';
import { numberOf } from './bytes';

export interface Bounds {
  readonly min: number;
  readonly max: number;
  /** why the bounds are what they are, and what to do */
  readonly why: string;
}

export function rangeRule(code: string, severity: Severity, boundsOf: (scope: Scope, key: string) => Bounds | undefined): LineRule {
  return {
    kind: 'line',
    codes: [code],
    types: ['int', 'port', 'rport'],
    check(e, report) {
      if (e.line.kind !== 'attr' || e.scope === null || e.line.key === null) return;
      const b = boundsOf(e.scope, e.line.key);
      if (!b) return;
      const v = attrValue(e.line, e.scope);
      if (!v) return;
      const toks = e.line.toks;
      const n = numberOf(toks, v.t, () => tokenText(toks, v.t));
      if (n === null || (n >= b.min && n <= b.max)) return;
      report(diag(severity, code, `${e.line.key} = ${n} is outside ${b.min}..${b.max}: ${b.why}`, tokenSpan(e.line, e.lineNo, v.t)));
    },
  };
}
