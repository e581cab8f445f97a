import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VALID, at, first, replace } from './helpers';

test('invalid-value: a scheduler lvsd rejects, with the allowed list in the message', () => {
  const lines = replace(11, '     scheduler = sed');
  assert.deepEqual(at(lines, 'invalid-value'), [[11, 18, 'error']]);
  assert.match(first(lines, 'invalid-value').message, /rr, wrr, lc, wlc, lblc, lblcr, dh, sh/);
});

test('invalid-value: network, protocol, service, load_monitor, rsh_command', () => {
  assert.deepEqual(at(replace(4, 'network = dr'), 'invalid-value'), [[4, 11, 'error']]);
  assert.deepEqual(at(replace(3, 'service = LVS'), 'invalid-value'), [[3, 11, 'error']]);
  assert.deepEqual(at(replace(11, '     protocol = sctp'), 'invalid-value'), [[11, 17, 'error']]);
  assert.deepEqual(at(replace(11, '     load_monitor = snmp'), 'invalid-value'), [[11, 21, 'error']]);
  assert.deepEqual(at(replace(3, 'rsh_command = telnet'), 'invalid-value'), [[3, 15, 'error']]);
});

test('invalid-value: allowed values are fine', () => {
  for (const s of ['rr', 'wrr', 'lc', 'wlc', 'lblc', 'lblcr', 'dh', 'sh']) assert.deepEqual(at(replace(11, `     scheduler = ${s}`), 'invalid-value'), []);
  assert.deepEqual(at(VALID, 'invalid-value'), []);
});
