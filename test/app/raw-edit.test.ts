// The visudo-like raw edit: the real editor runner (src/system/editor.ts: temp copy, spawn without a
// shell, stdio inherited) with a scripted EDITOR the test writes (a node program that edits the
// file it is given), then validation and the CLI's safe write pipeline on a temp root.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RawEdit } from '../../src/app/raw-edit';
import { editorArgv } from '../../src/system/editor';
import { SAMPLES } from '../helpers/paths';
import { testTui } from './session-helpers';

/** A root with lvs.cf, and an editor script: `node SCRIPT MODE FILE` edits FILE as MODE says. */
function setUp(content: string) {
  const root = mkdtempSync(join(tmpdir(), 'lvs-tui-raw-'));
  const ha = join(root, 'etc', 'sysconfig', 'ha');
  mkdirSync(ha, { recursive: true });
  const cfg = join(ha, 'lvs.cf');
  writeFileSync(cfg, content);
  const script = join(root, 'editor.js');
  writeFileSync(
    script,
    `const fs = require('fs');
const [mode, file] = process.argv.slice(2);
fs.appendFileSync(${JSON.stringify(join(root, 'editor.log'))}, JSON.stringify(process.argv.slice(2)) + '\\n');
const text = fs.readFileSync(file, 'utf8');
if (mode === 'fix') fs.writeFileSync(file, text.replace('     bogus_key = 1\\n', ''));
else if (mode === 'break') fs.writeFileSync(file, text.replace('serial_no = 12', 'serial_no = twelve'));
else if (mode === 'fail') process.exit(1);
`,
  );
  const tui = testTui(root);
  const env = (mode: string) => ({ ...process.env, VISUAL: '', EDITOR: `${process.execPath}  ${script} ${mode}` });
  return { root, cfg, tui, env, calls: () => readFileSync(join(root, 'editor.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as string[]), remove: () => rmSync(root, { recursive: true, force: true }) };
}

const NAT = readFileSync(join(SAMPLES, 'nat-http-ftp.cf'), 'utf8');
const BROKEN = NAT.replace('virtual ftp {\n', 'virtual ftp {\n     bogus_key = 1\n');
const direct = async <T>(fn: () => Promise<T>) => fn();

test('editorArgv: VISUAL, then EDITOR, split on blanks; vi when neither is set', () => {
  assert.deepEqual(editorArgv({ VISUAL: 'vim -u NONE', EDITOR: 'nano' }), ['vim', '-u', 'NONE']);
  assert.deepEqual(editorArgv({ VISUAL: '  ', EDITOR: ' nano  -w ' }), ['nano', '-w']);
  assert.deepEqual(editorArgv({}), ['vi']);
});

test('raw edit: a broken lvs.cf shows its errors with line:column; the editor fixes it; saved through the safe write (history kept)', async () => {
  const t = setUp(BROKEN);
  try {
    const raw = new RawEdit({ ctx: t.tui.ctx, bytes: readFileSync(t.cfg), env: t.env('fix') });
    await raw.validate();
    assert.ok(raw.errorCount() >= 1);
    const line = BROKEN.split('\n').indexOf('     bogus_key = 1') + 1;
    assert.ok(raw.diagnosticLines().some((l) => l.startsWith(`lvs.cf:${line}:6: error: `)), raw.diagnosticLines().join('\n'));
    let handedOver = 0;
    const why = await raw.runEditor(async (fn) => {
      handedOver++;
      return fn();
    });
    assert.equal(why, null);
    assert.equal(handedOver, 1);
    const [args] = t.calls();
    assert.equal(args[0], 'fix', 'EDITOR split on blanks: its own argument first, then the file');
    assert.match(args[1], /lvs-tui-edit-[^/]+\/lvs\.cf$/);
    assert.equal(existsSync(args[1]), false, 'the temporary copy is removed');
    assert.equal(raw.errorCount(), 0);
    assert.equal(raw.changed(), true);
    assert.equal(readFileSync(t.cfg, 'utf8'), BROKEN, 'nothing saved before the admin says so');
    const saved = await raw.save({ force: false });
    assert.equal(saved.ok, true, saved.message);
    assert.match(saved.message, /^wrote /);
    assert.equal(readFileSync(t.cfg, 'utf8'), NAT);
    assert.equal(saved.saved?.toString(), NAT);
    assert.equal(readdirSync(t.tui.ctx.paths.history).length > 0, true, 'the previous version is in the history');
  } finally {
    t.remove();
  }
});

test('raw edit: errors block the save unless forced; an editor that fails changes nothing; a file changed meanwhile is not overwritten', async () => {
  const t = setUp(NAT);
  try {
    const failing = new RawEdit({ ctx: t.tui.ctx, bytes: readFileSync(t.cfg), env: t.env('fail') });
    assert.match((await failing.runEditor(direct)) ?? '', /exited with status 1/);
    assert.equal(failing.changed(), false);

    const raw = new RawEdit({ ctx: t.tui.ctx, bytes: readFileSync(t.cfg), env: t.env('break') });
    assert.equal(await raw.runEditor(direct), null);
    assert.ok(raw.errorCount() >= 1, raw.diagnosticLines().join('\n'));
    const refused = await raw.save({ force: false });
    assert.equal(refused.ok, false);
    assert.match(refused.message, /not saved: \d+ errors?/);
    assert.equal(readFileSync(t.cfg, 'utf8'), NAT);

    writeFileSync(t.cfg, `${NAT}# someone else\n`);
    const conflict = await raw.save({ force: true });
    assert.equal(conflict.ok, false);
    assert.match(conflict.message, /changed on disk/);
    assert.equal(readFileSync(t.cfg, 'utf8'), `${NAT}# someone else\n`);

    writeFileSync(t.cfg, NAT);
    const forced = await raw.save({ force: true });
    assert.equal(forced.ok, true, forced.message);
    assert.match(forced.message, /despite \d+ errors? \(--force\)/);
    assert.match(readFileSync(t.cfg, 'utf8'), /serial_no = twelve/);

    const missing = new RawEdit({ ctx: t.tui.ctx, bytes: readFileSync(t.cfg), env: { VISUAL: '/nonexistent/editor' } });
    assert.match((await missing.runEditor(direct)) ?? '', /no such program/);
  } finally {
    t.remove();
  }
});
