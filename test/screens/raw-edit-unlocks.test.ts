// A session read-only because lvs.cf was broken becomes editable once the raw $EDITOR flow saved a
// valid file (read-only decided as `lvs-tui` decides it); with --read-only it stays read-only.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SAMPLES } from '../helpers/paths';
import { openOnDemo } from './demo-tui';

async function withBrokenRoot(fn: (root: string, good: string) => Promise<void>): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'lvs-tui-unlock-'));
  const ha = join(root, 'etc', 'sysconfig', 'ha');
  mkdirSync(ha, { recursive: true });
  const good = readFileSync(join(SAMPLES, 'nat-http-ftp.cf'), 'utf8');
  writeFileSync(join(ha, 'lvs.cf'), good.replace('virtual ftp {\n', 'virtual ftp {\n     server {\n'));
  const editor = join(root, 'fix.js');
  writeFileSync(editor, `const fs = require('fs'); const f = process.argv[2]; fs.writeFileSync(f, fs.readFileSync(f, 'utf8').replace('     server {\\n', ''));\n`);
  const saved = process.env.VISUAL;
  process.env.VISUAL = `${process.execPath} ${editor}`;
  try {
    await fn(root, good);
  } finally {
    if (saved === undefined) delete process.env.VISUAL;
    else process.env.VISUAL = saved;
    rmSync(root, { recursive: true, force: true });
  }
}

async function fixInEditor(t: ReturnType<typeof openOnDemo>): Promise<string> {
  await t.waitFor(/As on disk: \d+ errors?/);
  assert.match(t.handle.text().split('\n')[22], /READ-ONLY/);
  await t.keys('e');
  await t.waitFor(/EDITED TEXT, NOT SAVED: 0 errors/);
  await t.keys('s');
  await t.waitFor(/Save /);
  await t.keys('y');
  return t.waitFor(/wrote /);
}

test('raw edit saves a valid file: the read-only session (broken file) becomes editable, and an edit is staged', { timeout: 30_000 }, async () => {
  await withBrokenRoot(async (root, good) => {
    const t = openOnDemo(null, { root, tab: 1, readOnlyFlag: false });
    try {
      const after = await fixInEditor(t);
      assert.doesNotMatch(after.split('\n')[22], /READ-ONLY/, 'editable now');
      assert.doesNotMatch(after, /still read-only/);
      assert.equal(readFileSync(join(root, 'etc', 'sysconfig', 'ha', 'lvs.cf'), 'utf8'), good);
      await t.keys('4', ' ');
      await t.waitFor(/1 change pending/);
      assert.equal(t.session.pendingCount(), 1);
    } finally {
      await t.close();
    }
  });
});

test('raw edit under --read-only: the text is edited and checked but not saved; the session stays read-only', { timeout: 30_000 }, async () => {
  await withBrokenRoot(async (root) => {
    const path = join(root, 'etc', 'sysconfig', 'ha', 'lvs.cf');
    const before = readFileSync(path);
    const t = openOnDemo(null, { root, tab: 1, readOnlyFlag: true });
    try {
      await t.waitFor(/As on disk: \d+ errors?/);
      await t.keys('e');
      await t.waitFor(/EDITED TEXT, NOT SAVED: 0 errors/);
      await t.keys('s');
      const refused = await t.waitFor(/NOT SAVED: opened with --read-only/);
      assert.match(refused.split('\n')[22], /READ-ONLY/);
      assert.ok(refused.split('\n')[22].length <= 80);
      assert.deepEqual(readFileSync(path), before, 'the file is untouched');
    } finally {
      await t.close();
    }
  });
});
