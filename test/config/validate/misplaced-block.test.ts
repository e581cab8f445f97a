import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VALID, at, insert } from './helpers';

test('misplaced-block: a server at the top level, a virtual inside a virtual, an unknown block', () => {
  assert.deepEqual(at(insert(5, 'server s {', '}'), 'misplaced-block'), [[5, 1, 'error']]);
  assert.deepEqual(at(insert(12, '     virtual inner {', '     }'), 'misplaced-block'), [[12, 6, 'error']]);
  assert.deepEqual(at(insert(5, 'service web {', '   active = 1', '}'), 'misplaced-block'), [[5, 1, 'error']]);
});

test('misplaced-block: blocks inside an unknown block are not reported again', () => {
  assert.deepEqual(at(insert(5, 'group g {', '   server s {', '   }', '}'), 'misplaced-block'), [[5, 1, 'error']]);
});

test('misplaced-block: virtual and failover at the top, server in virtual, are fine', () => {
  assert.deepEqual(at([...VALID, 'failover f {', '     active = 0', '}'], 'misplaced-block'), []);
  assert.deepEqual(at(VALID, 'misplaced-block'), []);
});
