import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VALID, validateText } from './helpers';

test('the base configuration of the rule tests is clean', () => {
  assert.deepEqual(validateText(VALID.join('\n') + '\n'), []);
});
