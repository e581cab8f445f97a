// pulse refuses the whole file on a key its parser does not know for that block ("unknown command").

import { specOf } from './line-facts';
import { BOM } from './byte-order-mark';
import { keySpec } from '../schema';
import { LineRule, diag, keySpan } from './rule';

export const unknownKey: LineRule = {
  kind: 'line',
  codes: ['unknown-key'],
  lines: ['attr'],
  check(e, report) {
    if (e.line.kind !== 'attr' || e.scope === null || e.line.key === null) return;
    if (specOf(e.line, e.scope)) return;
    if (e.lineNo === 1 && e.line.key.startsWith(BOM) && keySpec(e.scope, e.line.key.slice(BOM.length))) return; // byte-order-mark says it
    const where = e.scope === 'global' ? 'at the top level' : `in a ${e.scope} block`;
    report(diag('error', 'unknown-key', `unknown key "${e.line.key}" ${where}: pulse refuses the file ("unknown command"); remove or correct it`, keySpan(e.line, e.lineNo)));
  },
};
