// nanny runs send_program instead of sending `send`, and compares the program's output with
// `expect` by exact match, never as a regex: a `send` or `use_regex = 1` beside send_program is
// silently ignored, which usually means the check is not the one the admin meant.

import { cInt } from '../model';
import { DocRule, diag } from './rule';
import { valueSpan } from './spans';

export const monitorConflict: DocRule = {
  kind: 'doc',
  codes: ['monitor-conflict'],
  check({ config }, report) {
    for (const v of config.virtuals) {
      const program = v.settings.get('send_program');
      if (!program || program.value === null || program.value === '') continue;
      const send = v.settings.get('send');
      const sendSpan = send && send.value ? valueSpan(send) : null;
      if (sendSpan) report(diag('warning', 'monitor-conflict', `send is ignored because send_program is set in "${v.name}": nanny runs the program instead; remove one of them`, sendSpan));
      const regex = v.settings.get('use_regex');
      const regexSpan = regex && cInt(regex.value) === 1 ? valueSpan(regex) : null;
      if (regexSpan) report(diag('warning', 'monitor-conflict', `use_regex has no effect with send_program in "${v.name}": nanny compares the program's output with expect exactly; write the exact expected output or drop send_program`, regexSpan));
    }
  },
};
