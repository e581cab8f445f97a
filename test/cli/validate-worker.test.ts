// lvs.cf validated on a worker thread (what sync does while it talks to the backup) gives exactly
// the diagnostics of validate() on this thread: the sample files, mutations of them (broken
// files with errors) and random text.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildModel } from '../../src/config/model';
import { parse } from '../../src/config/parse';
import { validate } from '../../src/config/validate';
import { checkOnWorker } from '../../src/cli/validate-worker';
import { sendProgramsOf } from '../../src/sync/sync-files';
import { SAMPLES } from '../helpers/paths';
import { mutate, randomLvsText } from '../helpers/lvs-gen';
import { rng } from '../helpers/prng';

function here(bytes: Buffer) {
  const doc = parse(bytes);
  const config = buildModel(doc);
  return { programs: sendProgramsOf(config), diagnostics: validate(doc, { src: bytes, config }) };
}

test('lvs.cf checked on a worker thread: the same send_program lines and diagnostics as on this thread, errors included', async () => {
  const samples = readdirSync(SAMPLES).filter((f) => f.endsWith('.cf')).map((f) => readFileSync(join(SAMPLES, f)));
  const r = rng(20261126);
  const inputs = [...samples, ...samples.flatMap((s) => [mutate(r, s, 6), mutate(r, s, 6), mutate(r, s, 6)]), randomLvsText(r, 200), Buffer.alloc(0)];
  let errors = 0;
  let programs = 0;
  for (const bytes of inputs) {
    const want = here(bytes);
    const w = checkOnWorker(bytes);
    try {
      assert.deepEqual({ programs: await w.programs, diagnostics: await w.diagnostics() }, want, bytes.toString('latin1').slice(0, 200));
    } finally {
      w.stop();
    }
    errors += want.diagnostics.filter((d) => d.severity === 'error').length;
    programs += want.programs.length;
  }
  assert.ok(errors > 0, 'some of the inputs have errors');
  assert.ok(programs > 0, 'some of the inputs have send_program lines');
});

test('lvs.cf on a worker thread: the send_program lines come without validating; stop() ends it and what it did not send is null', async () => {
  const bytes = readFileSync(join(SAMPLES, 'handwritten-dns.cf'));
  const w = checkOnWorker(bytes);
  assert.deepEqual(await w.programs, here(bytes).programs);
  w.stop();
  assert.equal(await w.diagnostics(), null);
});
