import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLES, SPEC_SAMPLES } from '../helpers/paths';
import { IN_CI } from '../helpers/require-tool';

test('spec samples: the test copies are the spec\'s files, byte for byte', (t) => {
  if (!existsSync(SPEC_SAMPLES)) {
    // CI lays shared/ beside the clone: there a missing spec is a failure, not a skip.
    assert.ok(!IN_CI, `${SPEC_SAMPLES} is missing`);
    t.skip('../shared/spec is not beside this checkout');
    return;
  }
  const names = readdirSync(SPEC_SAMPLES).filter((n) => n.endsWith('.cf')).sort();
  assert.ok(names.length >= 3);
  assert.deepEqual(readdirSync(SAMPLES).filter((n) => n.endsWith('.cf')).sort(), names);
  for (const n of names) assert.ok(readFileSync(join(SAMPLES, n)).equals(readFileSync(join(SPEC_SAMPLES, n))), n);
});
