// With service = lvs, pulse exits "no active lvs services defined" unless a virtual has active = 1.

import { DocRule, diag } from './rule';
import { FILE_START, nameSpan, valueSpan } from './spans';
import { hasStatements } from './empty-file';

export const noActiveVirtual: DocRule = {
  kind: 'doc',
  codes: ['no-active-virtual'],
  check({ doc, config }, report) {
    const service = config.global.settings.get('service')?.value ?? 'lvs';
    if (service !== 'lvs' || !hasStatements(doc)) return;
    const virtuals = config.virtuals.filter((v) => v.kind === 'virtual');
    if (virtuals.some((v) => v.active)) return;
    const first = virtuals[0];
    const span = first ? valueSpan(first.settings.get('active')) ?? nameSpan(first.block, first.line) : FILE_START;
    const what = first ? 'set active = 1 on at least one virtual server' : 'add a virtual server with active = 1';
    report(diag('error', 'no-active-virtual', `no virtual server is active: pulse exits with "no active lvs services defined"; ${what}`, span));
  },
};
