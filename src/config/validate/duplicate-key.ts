// A key set twice in one block: pulse keeps the last value without a word, so the earlier line is
// dead and misleading. Walks the tree with one Set per open block.

import { BlockNode, Node, hasNewline } from '../cst';
import { DocRule, Report, diag, keySpan } from './rule';

function visit(nodes: readonly Node[], lineNo: number, report: Report): number {
  const seen = new Map<string, number>();
  for (const n of nodes) {
    if (n.type === 'line') {
      if (n.kind === 'attr' && n.key !== null) {
        const first = seen.get(n.key);
        if (first !== undefined) report(diag('warning', 'duplicate-key', `"${n.key}" is already set on line ${first} in this block; pulse uses this last value and ignores the earlier one; remove one of them`, keySpan(n, lineNo)));
        seen.set(n.key, lineNo);
      }
      if (hasNewline(n)) lineNo++;
    } else lineNo = visitBlock(n, lineNo, report);
  }
  return lineNo;
}

function visitBlock(b: BlockNode, lineNo: number, report: Report): number {
  if (hasNewline(b.open)) lineNo++;
  lineNo = visit(b.body, lineNo, report);
  if (b.close && hasNewline(b.close)) lineNo++;
  return lineNo;
}

export const duplicateKey: DocRule = {
  kind: 'doc',
  codes: ['duplicate-key'],
  check({ doc }, report) {
    visit(doc.body, 1, report);
  },
};
