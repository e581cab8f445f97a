import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from '../../helpers/paths';
import { validateText } from './helpers';

// The round-trip corpus (test/fixtures/corpus) holds GUI-written files and deliberately broken hand
// edits and binary noise. On every one the validator must not throw and every span must lie on its
// line; the files Piranha's GUI writes (but the one showing its 80-byte cut) must have no errors.
const CORPUS = join(FIXTURES, 'corpus');
const files = readdirSync(CORPUS).filter((f) => f.endsWith('.cf'));

/** Byte length of each line (without its newline), 1-based like the spans. */
function lineLengths(src: Buffer): number[] {
  const out = [0];
  let start = 0;
  for (let i = 0; i <= src.length; i++) {
    if (i === src.length || src[i] === 0x0a) {
      out.push(i - start);
      start = i + 1;
    }
  }
  return out;
}

test('validator on the corpus: never throws, spans lie on their lines', () => {
  assert.ok(files.length > 0);
  for (const f of files) {
    const src = readFileSync(join(CORPUS, f));
    const lengths = lineLengths(src);
    for (const d of validateText(src)) {
      const where = `${f}:${d.span.line}:${d.span.column} [${d.code}]`;
      assert.ok(d.span.line >= 1 && d.span.line < lengths.length, where);
      assert.ok(d.span.column >= 1 && d.span.length >= 1, where);
      // a span may cover the "\r" of a CRLF or reach one past an empty line's end (1:1 of an empty file)
      assert.ok(d.span.column + d.span.length - 1 <= Math.max(1, lengths[d.span.line]), where);
      assert.match(d.code, /^[a-z0-9]+(-[a-z0-9]+)*$/, where);
    }
  }
});

test('files written by Piranha\'s GUI have no errors', () => {
  for (const f of files.filter((x) => x.startsWith('gui-') && x !== 'gui-80-byte-cut-lines.cf')) {
    const errors = validateText(readFileSync(join(CORPUS, f))).filter((d) => d.severity === 'error');
    assert.deepEqual(errors.map((d) => `${f}:${d.span.line}:${d.span.column} ${d.message} [${d.code}]`), []);
  }
});
