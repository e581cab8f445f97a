import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VALID, at, replace } from './helpers';

test('non-contiguous-mask: ones that are not all on the left', () => {
  assert.deepEqual(at(replace(8, '     vip_nmask = 255.0.255.0'), 'non-contiguous-mask'), [[8, 18, 'error']]);
  assert.deepEqual(at(replace(4, 'nat_nmask = 255.255.255.1'), 'non-contiguous-mask'), [[4, 13, 'error']]);
});

test('non-contiguous-mask: proper masks, including 0.0.0.0 and /32, are fine', () => {
  for (const m of ['255.255.255.0', '255.255.254.0', '0.0.0.0', '255.255.255.255', '128.0.0.0']) {
    assert.deepEqual(at(replace(8, `     vip_nmask = ${m}`), 'non-contiguous-mask'), []);
  }
  assert.deepEqual(at(VALID, 'non-contiguous-mask'), []);
});
