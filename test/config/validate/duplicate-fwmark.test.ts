import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VALID, at, insert } from './helpers';

const other = (active: number, mark: number) => ['virtual web2 {', `     active = ${active}`, '     address = 10.0.0.101 eth0:2', `     fwmark = ${mark}`, '     server b {', '         address = 10.0.0.12', '         active = 1', '     }', '}'];
const marked = insert(8, '     fwmark = 80');

test('duplicate-fwmark: two active virtuals with the same mark: error on the second mark', () => {
  assert.deepEqual(at([...marked, ...other(1, 80)], 'duplicate-fwmark'), [[22, 15, 'error']]);
});

test('duplicate-fwmark: one of them inactive is a warning (breaks once both are active)', () => {
  assert.deepEqual(at([...marked, ...other(0, 80)], 'duplicate-fwmark'), [[22, 15, 'warning']]);
});

test('duplicate-fwmark: different marks, and mark 0, are fine', () => {
  assert.deepEqual(at([...marked, ...other(1, 443)], 'duplicate-fwmark'), []);
  assert.deepEqual(at([...VALID, ...other(1, 0).map((l) => l.replace('10.0.0.101', '10.0.0.102'))], 'duplicate-fwmark'), []);
});
