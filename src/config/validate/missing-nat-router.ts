// In NAT mode (also the default when `network` is missing) the real servers route their replies
// through the floating nat_router address; without it a failover leaves them without a gateway, and
// a hand-written file that forgot `network = direct` ends up in NAT mode.

import { DocRule, diag } from './rule';
import { nameSpan, valueSpan } from './spans';

export const missingNatRouter: DocRule = {
  kind: 'doc',
  codes: ['missing-nat-router'],
  check({ config }, report) {
    const g = config.global;
    if (g.network !== 'nat' || g.natRouter !== null) return;
    const firstActive = config.virtuals.find((v) => v.active);
    if (!firstActive) return;
    const network = g.settings.get('network');
    const span = valueSpan(network) ?? nameSpan(firstActive.block, firstActive.line);
    const why = network?.from === 'file' ? 'network = nat' : 'without a network line the mode is NAT';
    report(diag('warning', 'missing-nat-router', `${why} but nat_router is not set: the real servers need it as their gateway; add nat_router = IP DEVICE and nat_nmask, or set network = direct or tunnel`, span));
  },
};
