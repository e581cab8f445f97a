// A real server's default port is the virtual's `port` as parsed so far: a `port` line after the
// server blocks does not reach servers without their own port (they keep 80 or an older value).

import { DocRule, diag } from './rule';
import { valueSpan } from './spans';

export const portAfterServers: DocRule = {
  kind: 'doc',
  codes: ['port-after-servers'],
  check({ config }, report) {
    for (const v of config.virtuals) {
      const port = v.settings.get('port');
      if (!port || port.line === null) continue;
      // the last `port` line is the one that counts; any earlier one is before it
      const stale = v.servers.filter((s) => s.line < port.line! && s.settings.get('port')?.from !== 'file');
      if (stale.length === 0) continue;
      const span = valueSpan(port);
      if (span) report(diag('warning', 'port-after-servers', `port comes after the server block${stale.length > 1 ? 's' : ''} ${stale.map((s) => `"${s.name}"`).join(', ')}, which therefore still use port ${stale[0].port}; move port above the server blocks`, span));
    }
  },
};
