import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLES } from '../../helpers/paths';
import { validateText } from './helpers';

// The spec's three samples all pass the C parser and describe working services: no errors, and no
// warnings either (each warning would need a justification here).
for (const name of ['nat-http-ftp.cf', 'direct-fwmark.cf', 'handwritten-dns.cf']) {
  test(`spec sample ${name} validates without errors or warnings`, () => {
    const diags = validateText(readFileSync(join(SAMPLES, name)));
    assert.deepEqual(diags.map((d) => `${d.span.line}:${d.span.column} ${d.severity} [${d.code}] ${d.message}`), []);
  });
}
