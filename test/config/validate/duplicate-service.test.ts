import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VALID, at } from './helpers';

const other = (address: string, extra: string[] = []) => ['virtual web2 {', '     active = 1', `     address = ${address}`, ...extra, '     server b {', '         address = 10.0.0.12', '         active = 1', '     }', '}'];

test('duplicate-service: two active virtuals on the same VIP, protocol and port', () => {
  // the second has no port line: the default 80 is the same service
  assert.deepEqual(at([...VALID, ...other('10.0.0.100 eth0:2')], 'duplicate-service'), [[20, 16, 'error']]);
  assert.deepEqual(at([...VALID, ...other('10.0.0.100 eth0:1', ['     port = 0x50'])], 'duplicate-service'), [[20, 16, 'error']]);
});

test('duplicate-service: another port, protocol or VIP, a firewall mark, or an inactive twin are fine', () => {
  for (const extra of [['     port = 443'], ['     protocol = udp'], ['     fwmark = 80']]) {
    assert.deepEqual(at([...VALID, ...other('10.0.0.100 eth0:1', extra)], 'duplicate-service'), []);
  }
  assert.deepEqual(at([...VALID, ...other('10.0.0.101 eth0:1')], 'duplicate-service'), []);
  const inactive = other('10.0.0.100 eth0:1').map((l) => (l === '     active = 1' ? '     active = 0' : l));
  assert.deepEqual(at([...VALID, ...inactive], 'duplicate-service'), []);
});
