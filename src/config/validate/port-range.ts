// TCP/UDP ports are 1..65535; ipvsadm, nanny and the heartbeat socket cannot use anything else.

import { rangeRule } from './numeric-range';

const PORT = { min: 1, max: 65535, why: 'use a port between 1 and 65535' };

export const portRange = rangeRule('port-range', 'error', (scope, key) => (key === 'port' && scope !== 'global') || (key === 'heartbeat_port' && scope === 'global') ? PORT : undefined);
