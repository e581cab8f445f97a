// Why a TUI session is read-only: the flag, the permissions, errors that make an edit unsafe.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readOnlyReason } from '../../src/app/read-only';
import { validate } from '../../src/config/validate';
import { parse } from '../../src/config/parse';

const diags = (text: string) => validate(parse(Buffer.from(text)), {});

test('read-only: --read-only, then an unwritable file, then structural errors; plain value errors stay editable', () => {
  const ok = 'virtual www {\n     address = 10.0.0.1 eth0:1\n}\n';
  assert.equal(readOnlyReason({ flag: false, notWritable: null, diagnostics: diags(ok), fileName: 'lvs.cf' }), null);
  assert.equal(readOnlyReason({ flag: true, notWritable: 'x', diagnostics: [], fileName: 'lvs.cf' }), 'opened with --read-only');
  assert.equal(readOnlyReason({ flag: false, notWritable: '/etc/lvs.cf is not writable by this user', diagnostics: [], fileName: 'lvs.cf' }), '/etc/lvs.cf is not writable by this user');
  const syntax = readOnlyReason({ flag: false, notWritable: null, diagnostics: diags('virtual www {\n     port 80\n}\n'), fileName: 'lvs.cf' });
  assert.match(syntax ?? '', /^lvs\.cf:2:6: .*\[syntax\]; fix the file as text first$/);
  const unclosed = readOnlyReason({ flag: false, notWritable: null, diagnostics: diags('virtual www {\n     port = 80\n'), fileName: 'lvs.cf' });
  assert.match(unclosed ?? '', /^lvs\.cf:1:13: the virtual block "www" is never closed.*\[unclosed-block\]/);
  const badIp = diags('virtual www {\n     address = 10.0.0.300 eth0:1\n}\n');
  assert.ok(badIp.some((d) => d.severity === 'error'));
  assert.equal(readOnlyReason({ flag: false, notWritable: null, diagnostics: badIp, fileName: 'lvs.cf' }), null, 'a bad value is fixed in its form');
});
