// pulse raises a VIP shared by several virtual servers once, with the device and netmask of the
// first: a second virtual naming another device or vip_nmask for the same VIP is silently ignored
// for that part, so the VIP may come up on an interface the admin did not expect.

import { VirtualServer } from '../model';
import { DocRule, diag } from './rule';
import { valueSpan } from './spans';

export const vipDeviceMismatch: DocRule = {
  kind: 'doc',
  codes: ['vip-device-mismatch'],
  check({ config }, report) {
    const firstByVip = new Map<string, VirtualServer>();
    for (const v of config.virtuals) {
      if (v.kind !== 'virtual' || !v.active || v.vip === null || v.vip === '0.0.0.0') continue;
      const first = firstByVip.get(v.vip);
      if (!first) {
        firstByVip.set(v.vip, v);
        continue;
      }
      if (v.device !== null && first.device !== null && v.device !== first.device) {
        const span = valueSpan(v.settings.get('address'), 1);
        if (span) report(diag('warning', 'vip-device-mismatch', `VIP ${v.vip} is already raised on ${first.device} by "${first.name}"; pulse raises a shared VIP once, so ${v.device} is ignored; use the same device`, span));
      }
      const mask = v.settings.get('vip_nmask')?.value ?? null;
      const firstMask = first.settings.get('vip_nmask')?.value ?? null;
      if (mask !== null && firstMask !== null && mask !== firstMask) {
        const span = valueSpan(v.settings.get('vip_nmask'));
        if (span) report(diag('warning', 'vip-device-mismatch', `VIP ${v.vip} has vip_nmask ${firstMask} in "${first.name}"; pulse raises a shared VIP once, so ${mask} is ignored; use the same netmask`, span));
      }
    }
  },
};
