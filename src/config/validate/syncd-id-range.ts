// pulse passes syncd_id & 0xff to ipvsadm --syncid: 256 silently becomes 0 and no longer matches
// the other router's id.

import { rangeRule } from './numeric-range';

const SYNCID = { min: 0, max: 255, why: 'the sync id is taken modulo 256, so both routers may not agree; use 0 to 255' };

export const syncdIdRange = rangeRule('syncd-id-range', 'warning', (scope, key) => (scope === 'global' && key === 'syncd_id' ? SYNCID : undefined));
