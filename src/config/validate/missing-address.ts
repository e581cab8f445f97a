// An active virtual server needs its VIP (lvsd cannot raise or serve it otherwise) and an active
// real server needs its address. 0.0.0.0 is what the GUI writes for a new item: a placeholder.
// Inactive items are not started, so an unfinished one is only a warning for virtuals.

import { DocRule, diag } from './rule';
import { nameSpan, valueSpan } from './spans';

export const missingAddress: DocRule = {
  kind: 'doc',
  codes: ['missing-address'],
  check({ config }, report) {
    for (const v of config.virtuals) {
      // an inactive 0.0.0.0 is the GUI's untouched new item: fine until someone activates it
      if (v.name === '') continue; // a header without a name: block-header says so
      if (v.kind === 'virtual' && (v.vip === null || (v.vip === '0.0.0.0' && v.active))) {
        const span = valueSpan(v.settings.get('address')) ?? nameSpan(v.block, v.line);
        const sev = v.active ? 'error' : 'warning';
        report(diag(sev, 'missing-address', `virtual server "${v.name}" has no virtual IP: lvsd cannot raise or serve it; set address = VIP DEVICE (e.g. 203.0.113.100 eth0:1)`, span));
      }
      for (const s of v.servers) {
        if (!s.active || (s.address !== '0.0.0.0' && s.address !== '')) continue;
        const span = valueSpan(s.settings.get('address')) ?? nameSpan(s.block, s.line);
        report(diag('error', 'missing-address', `active real server "${s.name}" has no address: nanny would check 0.0.0.0; set address = IP`, span));
      }
    }
  },
};
