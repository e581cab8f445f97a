// pulse knows `virtual` and `failover` blocks at the top level and `server` blocks inside them;
// any other keyword or nesting is refused.

import { LineRule, diag, tokenSpan } from './rule';
import { factsOf } from './line-facts';

export const misplacedBlock: LineRule = {
  kind: 'line',
  codes: ['misplaced-block'],
  lines: ['open'],
  check(e, report) {
    const b = e.own;
    // scope null: inside a block already reported
    if (e.line.kind !== 'open' || !b || e.scope === null) return;
    let msg: string | null = null;
    if (b.kind === 'other') msg = `unknown block "${e.line.key}": pulse knows only virtual (with server blocks inside) and failover`;
    else if (b.kind === 'server' && e.scope !== 'virtual') msg = 'a server block belongs inside a virtual block; move it there';
    else if (b.kind !== 'server' && e.scope !== 'global') msg = `a ${b.kind} block belongs at the top level; close the enclosing block first`;
    if (msg) report(diag('error', 'misplaced-block', msg, tokenSpan(e.line, e.lineNo, factsOf(e.line).sig[0])));
  },
};
