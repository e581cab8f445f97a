// An active virtual server with no real servers accepts connections and drops them.

import { DocRule, diag } from './rule';
import { nameSpan } from './spans';

export const noServers: DocRule = {
  kind: 'doc',
  codes: ['no-servers'],
  check({ config }, report) {
    for (const v of config.virtuals) {
      if (v.kind !== 'virtual' || !v.active || v.servers.length > 0 || v.name === '') continue;
      report(diag('warning', 'no-servers', `active virtual server "${v.name}" has no real servers: clients connecting to it get no answer; add a server block or deactivate it`, nameSpan(v.block, v.line)));
    }
  },
};
