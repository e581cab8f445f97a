// send_program, active_cmd and inactive_cmd are split on spaces and run without a shell, from
// daemons whose PATH and working directory are not the admin's: give the program's absolute path.

import { Setting } from '../model';
import { DocRule, Report, diag } from './rule';
import { valueSpan } from './spans';

function check(s: Setting | undefined, report: Report): void {
  if (!s || s.from !== 'file' || s.value === null) return;
  const program = s.value.replace(/^['"]|['"]$/g, '').split(' ')[0];
  if (program === '' || program.startsWith('/')) return;
  const span = valueSpan(s);
  if (span) report(diag('warning', 'relative-program', `${s.key} runs "${program}" without a shell or a known PATH; write its absolute path (e.g. /usr/local/bin/${program})`, span));
}

export const relativeProgram: DocRule = {
  kind: 'doc',
  codes: ['relative-program'],
  check({ config }, report) {
    check(config.global.settings.get('active_cmd'), report);
    check(config.global.settings.get('inactive_cmd'), report);
    for (const v of config.virtuals) check(v.settings.get('send_program'), report);
  },
};
