// ipvsadm takes real-server weights 0..65535 (0 = no new connections).

import { rangeRule } from './numeric-range';

const WEIGHT = { min: 0, max: 65535, why: 'ipvsadm accepts weights 0 to 65535' };

export const weightRange = rangeRule('weight-range', 'error', (scope, key) => (scope === 'server' && key === 'weight' ? WEIGHT : undefined));
