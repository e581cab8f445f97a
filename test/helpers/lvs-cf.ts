// Shared checks for lvs.cf tests (round-trip, property and golden edit tests).

import assert from 'node:assert/strict';
import { Tokens } from '../../src/config/lexer';

/** Tokens are contiguous and cover every byte: starts[0] = 0, strictly increasing, starts[count] = length. */
export function assertTokensTile(toks: Tokens, length: number): void {
  const { starts, count } = toks;
  assert.equal(starts.length, count + 1, 'starts has count + 1 entries');
  assert.equal(starts[count], length, 'the last token ends at the end of the input');
  if (count === 0) {
    assert.equal(length, 0, 'no tokens only for empty input');
    return;
  }
  assert.equal(starts[0], 0, 'the first token starts at byte 0');
  for (let t = 0; t < count; t++) {
    if (starts[t + 1] <= starts[t]) assert.fail(`token ${t} is empty or goes backwards (${starts[t]} -> ${starts[t + 1]})`);
  }
}
