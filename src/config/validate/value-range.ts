// Times the daemons divide by or sleep on must be positive; counts and timeouts cannot be negative.
// persistent = 0 and reentry = 0 are meaningful (no persistence; re-add after one good check).
// serial_no is information only, so any number is left alone.

import { Bounds, rangeRule } from './numeric-range';

const BIG = 2 ** 31 - 1;
const POSITIVE: Bounds = { min: 1, max: BIG, why: 'it must be at least 1 second' };
const NON_NEGATIVE: Bounds = { min: 0, max: BIG, why: 'it cannot be negative' };

const VIRTUAL = new Map<string, Bounds>([
  ['timeout', POSITIVE],
  ['reentry', NON_NEGATIVE],
  ['persistent', NON_NEGATIVE],
  ['fwmark', NON_NEGATIVE],
]);
const GLOBAL = new Map<string, Bounds>([
  ['keepalive', POSITIVE],
  ['deadtime', POSITIVE],
  ['tcp_timeout', NON_NEGATIVE],
  ['tcpfin_timeout', NON_NEGATIVE],
  ['udp_timeout', NON_NEGATIVE],
]);

export const valueRange = rangeRule('value-range', 'error', (scope, key) => (scope === 'virtual' ? VIRTUAL.get(key) : scope === 'global' ? GLOBAL.get(key) : undefined));
