// Property tests for the lvs.cf core, with a seeded PRNG (test/helpers/prng.ts): a failure prints
// LVS_PROPERTY_SEED=<n> to replay it. Inputs: random bytes, random text over the lvs.cf alphabet,
// mutated corpus files (never throw, always print back byte for byte), and random edit sequences on
// valid files (only edited lines change, comments survive, the model reflects the edit).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lex } from '../../src/config/lexer';
import { parse } from '../../src/config/parse';
import { print } from '../../src/config/print';
import { buildModel } from '../../src/config/model';
import { validate } from '../../src/config/validate';
import { FIXTURES } from '../helpers/paths';
import { assertTokensTile } from '../helpers/lvs-cf';
import { baseSeed, forAll } from '../helpers/prng';
import { mutate, randomBytes, randomLvsText } from '../helpers/lvs-gen';
import { EditCase, checkEdit, randomEditCase } from '../helpers/edit-property';

const CORPUS = join(FIXTURES, 'corpus');
/** Files pulse would accept (or that only break the GUI): the seeds for mutations and edits. */
const VALID = [
  'spec-nat-http-ftp.cf', 'spec-direct-fwmark.cf', 'spec-handwritten-dns.cf',
  'gui-nat-basic.cf', 'gui-direct-routing.cf', 'gui-tunnel.cf', 'gui-many-virtuals.cf', 'gui-redundancy-private-heartbeat.cf',
  'gui-timeouts.cf', 'gui-sorry-server.cf', 'gui-send-program.cf', 'gui-persistence-pmask.cf', 'gui-quiesce.cf',
  'hand-tabs.cf', 'hand-crlf.cf', 'hand-comments-everywhere.cf', 'hand-runs-of-spaces.cf', 'hand-failover-blocks.cf',
  'hand-no-final-newline.cf', 'hand-unknown-keys.cf',
].map((name) => ({ name, bytes: readFileSync(join(CORPUS, name)) }));

const SEED = baseSeed();
/** LVS_PROPERTY_SCALE=20 runs twenty times as many cases (for a long hunt; the default stays fast). */
const SCALE = Math.max(1, Number(process.env.LVS_PROPERTY_SCALE ?? 1) || 1);

const showBytes = (b: Buffer) => (b.length > 400 ? `${b.length} bytes, starting ${JSON.stringify(b.subarray(0, 400).toString('latin1'))}` : JSON.stringify(b.toString('latin1')));

/** The read-only pipeline on any input: nothing throws and printing is the identity. */
function checkLossless(src: Buffer): void {
  assertTokensTile(lex(src), src.length);
  const doc = parse(src);
  const out = print(doc);
  assert.equal(Buffer.compare(out, src), 0, 'print(parse(src)) differs from src');
  const config = buildModel(doc);
  validate(doc, { src, config });
}

test('random bytes: lossless, nothing throws', () => {
  forAll('random bytes', SEED, 400 * SCALE, (r) => randomBytes(r, 600), checkLossless, showBytes);
});

test('random text over the lvs.cf alphabet: lossless, nothing throws', () => {
  forAll('lvs.cf alphabet', SEED, 600 * SCALE, (r) => randomLvsText(r, 120), checkLossless, showBytes);
});

test('mutated corpus files: lossless, nothing throws', () => {
  forAll('mutations', SEED, 400 * SCALE, (r) => mutate(r, r.pick(VALID).bytes, 6), checkLossless, showBytes);
});

test('random edit sequences keep untouched lines and comments, and the model follows', () => {
  forAll<EditCase>('edits', SEED, 150 * SCALE, (r) => randomEditCase(r, r.pick(VALID)), checkEdit, (c) => `${c.file} + decorations, ops ${JSON.stringify(c.ops)}`);
});
