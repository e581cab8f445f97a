// Round-trip over the fixture corpus (test/fixtures/corpus, see its README): every file, however
// broken, prints back byte for byte, its tokens tile the bytes exactly, and nothing throws.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { lex } from '../../src/config/lexer';
import { parse } from '../../src/config/parse';
import { print } from '../../src/config/print';
import { buildModel } from '../../src/config/model';
import { validate } from '../../src/config/validate';
import { FIXTURES } from '../helpers/paths';
import { assertTokensTile } from '../helpers/lvs-cf';

const CORPUS = join(FIXTURES, 'corpus');
const files = readdirSync(CORPUS).filter((f) => f.endsWith('.cf')).sort();

test('the corpus holds at least 25 files', () => {
  assert.ok(files.length >= 25, `only ${files.length} files in ${CORPUS}`);
});

for (const name of files) {
  test(`round-trip ${name}`, () => {
    const src = readFileSync(join(CORPUS, name));
    assertTokensTile(lex(src), src.length);
    const doc = parse(src);
    const out = print(doc);
    // compare as Buffers so a failure names the first differing byte instead of dumping 300 kB
    if (Buffer.compare(out, src) !== 0) {
      let i = 0;
      while (i < out.length && i < src.length && out[i] === src[i]) i++;
      assert.fail(`${name}: output differs from input at byte ${i} (lengths ${out.length} vs ${src.length})`);
    }
    const config = buildModel(doc);
    validate(doc, { src, config });
  });
}

/** A few files whose structure is easy to state: the parser reads them the way pulse would. */
const SHAPES: Record<string, { virtuals: string[]; servers: number[] }> = {
  'spec-nat-http-ftp.cf': { virtuals: ['www', 'ftp'], servers: [1, 1] },
  'hand-crlf.cf': { virtuals: ['web'], servers: [1] },
  'hand-tabs.cf': { virtuals: ['web'], servers: [1] },
  'hand-no-blanks-around-equals.cf': { virtuals: ['web'], servers: [1] },
  'hand-quoted-braces-and-hash.cf': { virtuals: ['web'], servers: [1] },
  'hand-failover-blocks.cf': { virtuals: ['web', 'ftp'], servers: [0, 0] },
  'hand-unbalanced-unclosed.cf': { virtuals: ['web'], servers: [1] },
  'hand-utf8-bytes.cf': { virtuals: ['café'], servers: [1] },
  'gui-many-virtuals.cf': { virtuals: Array.from({ length: 40 }, (_, i) => `app${String(i).padStart(2, '0')}`), servers: Array(40).fill(4) },
};

for (const [name, shape] of Object.entries(SHAPES)) {
  test(`structure of ${name}`, () => {
    const config = buildModel(parse(readFileSync(join(CORPUS, name))));
    assert.deepEqual(config.virtuals.map((v) => v.name), shape.virtuals);
    assert.deepEqual(config.virtuals.map((v) => v.servers.length), shape.servers);
  });
}

test('a CRLF file reads the same values as its LF twin', () => {
  const crlf = buildModel(parse(readFileSync(join(CORPUS, 'hand-crlf.cf'))));
  const lf = buildModel(parse(readFileSync(join(CORPUS, 'hand-no-final-newline.cf'))));
  assert.equal(crlf.virtuals[0].port, lf.virtuals[0].port);
  assert.equal(crlf.virtuals[0].settings.get('send')?.value, lf.virtuals[0].settings.get('send')?.value);
  assert.equal(crlf.virtuals[0].servers[0].address, '10.0.0.1');
});
