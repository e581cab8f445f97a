import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VALID, at } from './helpers';

const BOM = '\ufeff';

test('byte-order-mark: a UTF-8 BOM at the start is an error over its 3 bytes, not an unknown key', () => {
  assert.deepEqual(at(BOM + VALID.join('\n') + '\n', 'byte-order-mark'), [[1, 1, 'error']]);
  assert.deepEqual(at(BOM + VALID.join('\n') + '\n', 'unknown-key'), []);
});

test('byte-order-mark: a BOM before an unknown key still reports the key; no BOM, no report', () => {
  assert.deepEqual(at(BOM + 'colour = 1\n' + VALID.join('\n') + '\n', 'unknown-key'), [[1, 1, 'error']]);
  assert.deepEqual(at(VALID, 'byte-order-mark'), []);
});
