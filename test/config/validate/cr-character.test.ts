import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../../src/config/parse';
import { validate } from '../../../src/config/validate';
import { VALID, at, first } from './helpers';

test('cr-character: CRLF line endings are reported on every line at the "\\r"', () => {
  const text = VALID.join('\r\n') + '\r\n';
  const diags = at(text, 'cr-character');
  assert.equal(diags.length, VALID.length);
  assert.deepEqual(diags[0], [1, 14, 'error']);
  assert.deepEqual(diags[6], [7, 33, 'error']);
});

test('cr-character: a lone "\\r" inside a line, and one inside a comment', () => {
  const lines = [...VALID];
  lines[1] = 'primary = 10.0\r.0.1';
  lines.splice(2, 0, '# note\rmore');
  const diags = at(lines, 'cr-character');
  assert.deepEqual(diags, [
    [2, 15, 'error'],
    [3, 7, 'error'],
  ]);
  assert.match(first(lines, 'cr-character').message, /carriage return/);
});

test('cr-character: checked from the tree when no source bytes are given; LF files are clean', () => {
  const crlf = validate(parse(Buffer.from(VALID.slice(0, 2).join('\r\n') + '\r\n')));
  assert.deepEqual(crlf.filter((d) => d.code === 'cr-character').map((d) => d.span.line), [1, 2]);
  assert.deepEqual(at(VALID, 'cr-character'), []);
});
