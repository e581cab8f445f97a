import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../src/config/parse';
import { validate } from '../../src/config/validate';

test('unknown-key: a key the block does not accept is an error at its column', () => {
  const src = 'primary = 10.0.0.1\nvirtual a {\n     active = 1\n     address = 10.0.0.5 eth0:1\n     expect_program = "x"\n     server s {\n         nmask = 255.255.255.0\n     }\n}\n';
  const diags = validate(parse(Buffer.from(src))).filter((d) => d.code === 'unknown-key');
  assert.deepEqual(
    diags.map((d) => [d.span.line, d.span.column, d.severity]),
    [
      [5, 6, 'error'],
      [7, 10, 'error'],
    ],
  );
  assert.match(diags[0].message, /expect_program/);
});
