// pulse resolves host names when it starts; one that does not resolve leaves that address unusable.
// The lookups are the caller's (no I/O here): only names it reported as failing are flagged.

import { Setting } from '../model';
import { DocRule, diag } from './rule';
import { valueSpan } from './spans';

const GLOBAL_HOST_KEYS = ['primary', 'primary_private', 'backup', 'backup_private', 'primary_shared', 'backup_shared', 'nat_router'];
const IP_LIKE = /^[0-9.]+$/;

export const unresolvedHost: DocRule = {
  kind: 'doc',
  codes: ['unresolved-host'],
  check({ config, ctx }, report) {
    const resolved = ctx.resolved;
    if (!resolved || resolved.size === 0) return;
    const checkHost = (s: Setting | undefined) => {
      if (!s || s.from !== 'file' || s.value === null) return;
      const host = s.value.split(' ')[0];
      if (!host || IP_LIKE.test(host) || resolved.get(host) !== false) return;
      const span = valueSpan(s);
      if (span) report(diag('warning', 'unresolved-host', `host name "${host}" does not resolve here: pulse resolves it at start and cannot use it; write the IP address or fix DNS / /etc/hosts`, span));
    };
    for (const k of GLOBAL_HOST_KEYS) checkHost(config.global.settings.get(k));
    for (const v of config.virtuals) {
      checkHost(v.settings.get('address'));
      for (const s of v.servers) checkHost(s.settings.get('address'));
    }
  },
};
