// Piranha's GUI and lvs-tui find virtual and real servers by name: with two of the same name, edits
// go to the wrong one. Real-server names only need to be unique within their virtual.

import { BlockNode } from '../cst';
import { DocRule, Report, diag } from './rule';
import { nameSpan } from './spans';

interface Named {
  readonly name: string;
  readonly line: number;
  readonly block: BlockNode;
}

function checkUnique(items: readonly Named[], what: string, report: Report): void {
  const seen = new Map<string, number>();
  for (const it of items) {
    const key = `${it.block.kind} ${it.name}`;
    const first = seen.get(key);
    if (first === undefined) seen.set(key, it.line);
    else report(diag('error', 'duplicate-name', `${what} "${it.name}" is already defined on line ${first}; rename one of them`, nameSpan(it.block, it.line)));
  }
}

export const duplicateName: DocRule = {
  kind: 'doc',
  codes: ['duplicate-name'],
  check({ config }, report) {
    checkUnique(config.virtuals, 'virtual server', report);
    for (const v of config.virtuals) checkUnique(v.servers, `real server in "${v.name}"`, report);
  },
};
