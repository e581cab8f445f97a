// With use_regex = 1 nanny compiles expect as a POSIX extended regex; one that does not compile
// fails every check. JavaScript's RegExp is close enough to catch unbalanced brackets and the like.

import { cInt } from '../model';
import { DocRule, diag } from './rule';
import { valueSpan } from './spans';

export const invalidRegex: DocRule = {
  kind: 'doc',
  codes: ['invalid-regex'],
  check({ config }, report) {
    for (const v of config.virtuals) {
      if (cInt(v.settings.get('use_regex')?.value ?? null) !== 1) continue;
      const expect = v.settings.get('expect');
      if (!expect || expect.value === null) continue;
      try {
        new RegExp(expect.value);
      } catch (err) {
        const why = err instanceof Error ? err.message.replace(/^Invalid regular expression: /, '') : 'invalid';
        const span = valueSpan(expect);
        if (span) report(diag('warning', 'invalid-regex', `use_regex = 1 but expect is not a valid regular expression (${why}): every check would fail; fix the pattern or set use_regex = 0`, span));
      }
    }
  },
};
