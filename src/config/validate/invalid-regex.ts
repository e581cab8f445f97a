// With use_regex = 1 nanny compiles expect as a POSIX extended regex; one that does not compile
// fails every check. Judged by POSIX rules (the check tester's translation), not JavaScript's:
// `a**` is fine for glibc, `a{x` is not.

import { cInt } from '../model';
import { compilePosixExtended } from '../posix-regex';
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
      const compiled = compilePosixExtended(expect.value);
      if (compiled.ok) continue;
      const span = valueSpan(expect);
      if (span) report(diag('warning', 'invalid-regex', `use_regex = 1 but expect is not a valid POSIX extended regular expression (${compiled.error}): every check would fail; fix the pattern or set use_regex = 0`, span));
    }
  },
};
