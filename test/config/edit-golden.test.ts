// Golden edit pairs: test/fixtures/edits/<case>/{before.cf, op.json, after.cf}. Each case applies
// op.json (one operation or a list, in order) with the edit.ts functions and must produce after.cf
// byte for byte. A case whose op.json carries "error" expects an EditError with that code instead
// (and has no after.cf). The op format is described in test/fixtures/edits/README.md.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '../../src/config/parse';
import { print } from '../../src/config/print';
import { EditError } from '../../src/config/edit';
import { FIXTURES } from '../helpers/paths';
import { EditOp, applyOp, parseOps } from '../helpers/edit-ops';

const EDITS = join(FIXTURES, 'edits');
const cases = readdirSync(EDITS, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

test('there are at least 20 golden edit cases', () => {
  assert.ok(cases.length >= 20, `only ${cases.length} cases in ${EDITS}`);
});

/** A readable diff of two byte strings: the first differing line, with newlines made visible. */
function firstDifference(got: Buffer, want: Buffer): string {
  const g = got.toString('latin1').split('\n');
  const w = want.toString('latin1').split('\n');
  for (let i = 0; i < Math.max(g.length, w.length); i++) {
    if (g[i] !== w[i]) return `line ${i + 1}: got ${JSON.stringify(g[i] ?? '<end>')}, want ${JSON.stringify(w[i] ?? '<end>')}`;
  }
  return 'same lines, different bytes';
}

for (const name of cases) {
  test(`golden edit ${name}`, () => {
    const dir = join(EDITS, name);
    const before = readFileSync(join(dir, 'before.cf'));
    const spec: unknown = JSON.parse(readFileSync(join(dir, 'op.json'), 'utf8'));
    const { ops, error } = parseOps(spec);
    const run = () => ops.reduce((doc, op: EditOp) => applyOp(doc, op), parse(before));
    if (error !== undefined) {
      assert.throws(run, (e: unknown) => e instanceof EditError && e.code === error);
      assert.equal(existsSync(join(dir, 'after.cf')), false, 'an error case has no after.cf');
      return;
    }
    const got = print(run());
    const want = readFileSync(join(dir, 'after.cf'));
    if (Buffer.compare(got, want) !== 0) assert.fail(`${name}: ${firstDifference(got, want)}`);
    // the edited file is itself lossless
    assert.equal(Buffer.compare(print(parse(got)), got), 0);
  });
}
