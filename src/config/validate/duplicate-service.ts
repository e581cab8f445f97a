// Two active virtual servers on the same VIP, protocol and port (without a firewall mark) are one
// IPVS service: lvsd's second `ipvsadm -A` fails and the second block's servers never get traffic.

import { cInt } from '../model';
import { DocRule, diag } from './rule';
import { nameSpan, valueSpan } from './spans';

/** Numeric ports compare by value (80 = 080 is not worth it; 0x50 is); service names by text. */
const portKey = (p: string) => (/^[0-9]/.test(p) ? String(cInt(p)) : p);

export const duplicateService: DocRule = {
  kind: 'doc',
  codes: ['duplicate-service'],
  check({ config }, report) {
    const seen = new Map<string, string>();
    for (const v of config.virtuals) {
      if (v.kind !== 'virtual' || !v.active || v.fwmark !== 0 || v.vip === null) continue;
      const key = `${v.vip}|${v.protocol}|${portKey(v.port)}`;
      const first = seen.get(key);
      if (first === undefined) {
        seen.set(key, v.name);
        continue;
      }
      const span = valueSpan(v.settings.get('address')) ?? nameSpan(v.block, v.line);
      report(diag('error', 'duplicate-service', `"${v.name}" uses the same address, protocol and port (${v.vip} ${v.protocol}/${v.port}) as the active virtual server "${first}": lvsd cannot create it twice; merge them, change the port, or deactivate one`, span));
    }
  },
};
