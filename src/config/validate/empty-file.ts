// pulse refuses a file with nothing in it ("Empty configuration").

import { forEachLine } from '../cst';
import { DocRule, diag } from './rule';
import { FILE_START } from './spans';

export function hasStatements(doc: Parameters<typeof forEachLine>[0]): boolean {
  for (const n of doc.body) {
    if (n.type === 'block') return true;
    if (n.kind !== 'blank' && n.kind !== 'comment') return true;
  }
  return false;
}

export const emptyFile: DocRule = {
  kind: 'doc',
  codes: ['empty-file'],
  check({ doc }, report) {
    if (hasStatements(doc)) return;
    report(diag('error', 'empty-file', 'the configuration has no settings: pulse refuses it ("Empty configuration"); add the global settings and a virtual server', FILE_START));
  },
};
