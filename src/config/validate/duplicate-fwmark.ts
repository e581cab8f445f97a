// One IPVS service per firewall mark: with two active virtuals on the same mark the second
// `ipvsadm -A -f` fails and its servers join the first service. Only one of them active works,
// until someone activates the other (warning).

import { VirtualServer } from '../model';
import { DocRule, diag } from './rule';
import { nameSpan, valueSpan } from './spans';

export const duplicateFwmark: DocRule = {
  kind: 'doc',
  codes: ['duplicate-fwmark'],
  check({ config }, report) {
    const byMark = new Map<number, VirtualServer[]>();
    for (const v of config.virtuals) {
      if (v.kind !== 'virtual' || v.fwmark === 0) continue;
      const list = byMark.get(v.fwmark);
      if (list) list.push(v);
      else byMark.set(v.fwmark, [v]);
    }
    for (const [mark, list] of byMark) {
      for (let i = 1; i < list.length; i++) {
        const v = list[i];
        const clash = list.slice(0, i).find((o) => o.active && v.active) ?? list[0];
        const bothActive = clash.active && v.active;
        const span = valueSpan(v.settings.get('fwmark')) ?? nameSpan(v.block, v.line);
        const msg = `fwmark ${mark} is also used by "${clash.name}": ${bothActive ? 'lvsd cannot create the second service and its servers join the first' : 'activating both will break the second'}; put all ports of a mark in one virtual server or use another mark`;
        report(diag(bothActive ? 'error' : 'warning', 'duplicate-fwmark', msg, span));
      }
    }
  },
};
