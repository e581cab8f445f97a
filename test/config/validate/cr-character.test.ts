import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../../src/config/parse';
import { validate } from '../../../src/config/validate';
import { VALID, at, first } from './helpers';

test('cr-character: CRLF line endings are reported once, at the first "\\r", with their count', () => {
  const text = VALID.join('\r\n') + '\r\n';
  assert.deepEqual(at(text, 'cr-character'), [[1, 14, 'error']]);
  assert.match(first(text, 'cr-character').message, new RegExp(`^${VALID.length} lines end with CRLF`));
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
  assert.deepEqual(crlf.filter((d) => d.code === 'cr-character').map((d) => [d.span.line, d.message.slice(0, 20)]), [[1, '2 lines end with CRL']]);
  assert.deepEqual(at(VALID, 'cr-character'), []);
});
