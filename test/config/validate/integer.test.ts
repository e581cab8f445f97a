import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VALID, at, first, replace } from './helpers';

test('not-decimal: hex and octal numbers are warnings (strtol reads them, people misread them)', () => {
  assert.deepEqual(at(replace(15, '         weight = 0x10'), 'not-decimal'), [[15, 19, 'warning']]);
  const octal = replace(8, '     port = 010');
  assert.deepEqual(at(octal, 'not-decimal'), [[8, 13, 'warning']]);
  assert.match(first(octal, 'not-decimal').message, /octal \(8\)/);
});

test('not-a-number: words where a number is required, and a service name as real-server port', () => {
  assert.deepEqual(at(replace(15, '         weight = heavy'), 'not-a-number'), [[15, 19, 'error']]);
  assert.deepEqual(at(insert15('         port = http'), 'not-a-number'), [[15, 17, 'error']]);
  assert.deepEqual(at(replace(8, '     port = 80x'), 'not-a-number'), [[8, 13, 'error']]);
});

test('integers: decimals, and a service name as the virtual port, are fine', () => {
  assert.deepEqual(at(replace(8, '     port = http'), 'not-a-number'), []);
  assert.deepEqual(at(VALID, 'not-a-number'), []);
  assert.deepEqual(at(VALID, 'not-decimal'), []);
});

function insert15(line: string): string[] {
  const lines = [...VALID];
  lines.splice(14, 0, line);
  return lines;
}
