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

function reportDuplicate(it: Named, first: number, what: string, report: Report): void {
  report(diag('error', 'duplicate-name', `${what} "${it.name}" is already defined on line ${first}; rename one of them`, nameSpan(it.block, it.line)));
}

/** Few servers per virtual: comparing pairs is cheaper than a Map each. */
function checkSmall(items: readonly Named[], what: string, report: Report): void {
  for (let i = 1; i < items.length; i++) {
    for (let j = 0; j < i; j++) {
      if (items[j].name === items[i].name) {
        reportDuplicate(items[i], items[j].line, what, report);
        break;
      }
    }
  }
}

function checkLarge(items: readonly Named[], what: string, report: Report): void {
  const seen = new Map<string, number>();
  for (const it of items) {
    const first = seen.get(it.name);
    if (first === undefined) seen.set(it.name, it.line);
    else reportDuplicate(it, first, what, report);
  }
}

const check = (items: readonly Named[], what: string, report: Report) => (items.length <= 16 ? checkSmall : checkLarge)(items, what, report);

export const duplicateName: DocRule = {
  kind: 'doc',
  codes: ['duplicate-name'],
  check({ config }, report) {
    check(config.virtuals.filter((v) => v.kind === 'virtual'), 'virtual server', report);
    check(config.virtuals.filter((v) => v.kind === 'failover'), 'failover service', report);
    for (const v of config.virtuals) if (v.servers.length > 1) check(v.servers, `real server in "${v.name}"`, report);
  },
};
