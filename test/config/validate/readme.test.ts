import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from '../../helpers/paths';
import { RULES } from '../../../src/config/validate';

test('every rule code is documented once in src/config/validate/README.md, and nothing else', () => {
  const md = readFileSync(join(REPO, 'src', 'config', 'validate', 'README.md'), 'utf8');
  const documented = [...md.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]);
  const codes = RULES.flatMap((r) => r.codes);
  assert.deepEqual([...documented].sort(), [...codes].sort());
  assert.equal(new Set(codes).size, codes.length, 'codes are unique');
});
