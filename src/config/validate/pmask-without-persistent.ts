// lvsd passes `-M pmask` only with persistence (persistent > 0): otherwise pmask does nothing.
// 255.255.255.255 is lvsd's "unset".

import { DocRule, diag } from './rule';
import { valueSpan } from './spans';

export const pmaskWithoutPersistent: DocRule = {
  kind: 'doc',
  codes: ['pmask-without-persistent'],
  check({ config }, report) {
    for (const v of config.virtuals) {
      const pmask = v.settings.get('pmask');
      if (!pmask || pmask.value === null || pmask.value === '255.255.255.255' || v.persistent > 0) continue;
      const span = valueSpan(pmask);
      if (span) report(diag('warning', 'pmask-without-persistent', `pmask has no effect without persistence: set persistent (seconds) in "${v.name}" or remove pmask`, span));
    }
  },
};
