import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VALID, at, insert } from './helpers';

const SECOND = ['virtual web {', '     active = 1', '     address = 10.0.0.101 eth0:2', '     server web2 {', '         address = 10.0.0.12', '         active = 1', '     }', '}'];

test('duplicate-name: a second virtual of the same name, on its name', () => {
  assert.deepEqual(at([...VALID, ...SECOND], 'duplicate-name'), [[18, 9, 'error']]);
});

test('duplicate-name: a second real server of the same name in one virtual', () => {
  assert.deepEqual(at(insert(17, '     server web1 {', '         address = 10.0.0.12', '     }'), 'duplicate-name'), [[17, 13, 'error']]);
});

test('duplicate-name: the same server name in two virtuals is fine', () => {
  const other = SECOND.map((l) => l.replace('virtual web', 'virtual web2').replace('server web2', 'server web1'));
  assert.deepEqual(at([...VALID, ...other], 'duplicate-name'), []);
  assert.deepEqual(at(VALID, 'duplicate-name'), []);
});
