// In NAT mode replies must come back through the router, so the real servers sit on the NAT
// router's subnet (nat_router + nat_nmask). One outside it is routed some other way (warning: it
// may be reachable through another route, but replies usually bypass the router).

import { DocRule, diag } from './rule';
import { valueSpan } from './spans';
import { ipv4FromString } from './bytes';

export const outsideNatSubnet: DocRule = {
  kind: 'doc',
  codes: ['outside-nat-subnet'],
  check({ config }, report) {
    const g = config.global;
    if (g.network !== 'nat') return;
    const router = ipv4FromString(g.natRouter);
    const mask = ipv4FromString(g.settings.get('nat_nmask')?.value ?? null);
    if (router < 0 || mask < 0) return;
    const net = (router & mask) >>> 0;
    for (const v of config.virtuals) {
      for (const s of v.servers) {
        const ip = ipv4FromString(s.address);
        if (ip < 0 || ip === 0 || ((ip & mask) >>> 0) === net) continue;
        const span = valueSpan(s.settings.get('address'));
        if (span) report(diag('warning', 'outside-nat-subnet', `real server ${s.address} is outside the NAT router's subnet (${g.natRouter} / ${g.settings.get('nat_nmask')?.value}): its replies will not come back through the router; use an address on that subnet or check network/nat_nmask`, span));
      }
    }
  },
};
