import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VALID, at, first, insert, replace } from './helpers';

test('port-after-servers: a port line after a server without its own port, on the port value', () => {
  const lines = insert(17, '     port = 8080');
  lines.splice(7, 1); // drop the port above the server
  assert.deepEqual(at(lines, 'port-after-servers'), [[16, 13, 'warning']]);
  assert.match(first(lines, 'port-after-servers').message, /"web1", which therefore still use port 80/);
});

test('port-after-servers: servers with their own port, or port first, are fine', () => {
  const own = insert(16, '         port = 8080');
  own.splice(17, 0, '     port = 8080');
  assert.deepEqual(at(own, 'port-after-servers'), []);
  assert.deepEqual(at(replace(8, '     port = 8080'), 'port-after-servers'), []);
  assert.deepEqual(at(VALID, 'port-after-servers'), []);
});
