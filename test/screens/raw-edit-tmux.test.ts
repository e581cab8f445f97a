// The visudo-like raw edit end to end: the real binary in a pseudo-terminal (tmux, 80x24) on a
// broken lvs.cf, the real `vi` started by it on a temporary copy (the admin deletes the bad line and
// writes), then the validated save through the safe write pipeline; and a scripted $EDITOR that
// breaks the file, whose save is refused until forced.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, SAMPLES } from '../helpers/paths';
import { needProgram } from '../helpers/require-tool';
import { withTmux } from '../helpers/tmux';

const skip = needProgram('tmux', ['-V']) || needProgram('vi', ['--version']);

const GOOD = readFileSync(join(SAMPLES, 'nat-http-ftp.cf'), 'utf8');
// an unclosed block: too broken for the forms, so the raw edit opens by itself
const BROKEN = GOOD.replace('virtual ftp {\n', 'virtual ftp {\n     server {\n');
const BAD_LINE = BROKEN.split('\n').indexOf('     server {') + 1;

function root(content: string): { dir: string; cfg: string } {
  const dir = mkdtempSync(join(tmpdir(), 'lvs-tui-rawtmux-'));
  const ha = join(dir, 'etc', 'sysconfig', 'ha');
  mkdirSync(ha, { recursive: true });
  writeFileSync(join(ha, 'lvs.cf'), content);
  return { dir, cfg: join(ha, 'lvs.cf') };
}

test('raw edit: a broken lvs.cf opens read-only with its diagnostics; real vi fixes it; saved; the terminal is given back', { skip, timeout: 120_000 }, async () => {
  const r = root(BROKEN);
  try {
    const cmd = [process.execPath, BIN, '--root', r.dir];
    await withTmux(cmd, { env: { LANG: 'C.UTF-8', VISUAL: 'vi', EDITOR: 'vi', HOME: r.dir }, unset: ['NO_COLOR'] }, async (pane) => {
      const first = await pane.waitFor(/As on disk: \d+ errors?/);
      assert.match(first, new RegExp(`lvs\\.cf:${BAD_LINE}:\\d+: error: `));
      assert.match(first, /READ-ONLY/);
      pane.keys('e');
      // vi names the temp copy it edits (the start of a long path is cut to "<")
      await pane.waitFor(/\/lvs-tui-edit-\w+\/lvs\.cf" \d+L/);
      pane.type(`:${BAD_LINE}`);
      pane.keys('Enter');
      pane.type('dd');
      pane.type(':wq');
      pane.keys('Enter');
      await pane.waitFor(/EDITED TEXT, NOT SAVED: 0 errors/);
      assert.equal(pane.flags().alternateScreen, true, 'the TUI took its screen back');
      assert.equal(readFileSync(r.cfg, 'utf8'), BROKEN, 'nothing saved yet');
      pane.keys('s');
      await pane.waitFor(/Save /);
      pane.keys('y');
      await pane.waitFor(/wrote /);
      assert.equal(readFileSync(r.cfg, 'utf8'), GOOD);
      assert.ok(readdirSync(join(r.dir, 'var', 'lib', 'lvs-tui', 'history')).length > 0, 'the broken version is in the history');
      pane.keys('q');
      assert.equal(await pane.waitForExit(), 0);
      assert.equal(pane.flags().alternateScreen, false);
    });
  } finally {
    // retried: vi may still be writing in it as the pane is killed (seen as ENOTEMPTY, which hid the test's own failure)
    rmSync(r.dir, { recursive: true, force: true, maxRetries: 5 });
  }
});

test('raw edit: E on tab 1, a scripted $EDITOR that breaks the file: save refused until forced', { skip, timeout: 120_000 }, async () => {
  const r = root(GOOD);
  const editor = join(r.dir, 'break.js');
  writeFileSync(editor, `const fs = require('fs'); const f = process.argv[process.argv.length - 1]; fs.writeFileSync(f, fs.readFileSync(f, 'utf8').replace('serial_no = 12', 'serial_no = twelve'));\n`);
  try {
    const cmd = [process.execPath, BIN, '--root', r.dir];
    await withTmux(cmd, { env: { LANG: 'C.UTF-8', VISUAL: `${process.execPath} ${editor}` }, unset: ['NO_COLOR'] }, async (pane) => {
      await pane.waitFor(/CONTROL\/MONITORING/);
      pane.keys('E');
      await pane.waitFor(/As on disk: 0 errors/);
      pane.keys('e');
      const edited = await pane.waitFor(/EDITED TEXT, NOT SAVED: [1-9]\d* errors?/);
      assert.match(edited, /lvs\.cf:1:\d+: error: /);
      pane.keys('s');
      await pane.waitFor(/F force: save with the errors/);
      pane.keys('c');
      assert.equal(readFileSync(r.cfg, 'utf8'), GOOD);
      pane.keys('s');
      await pane.waitFor(/F force/);
      pane.keys('F');
      await pane.waitFor(/wrote /);
      assert.match(readFileSync(r.cfg, 'utf8'), /serial_no = twelve/);
      pane.keys('q');
      assert.equal(await pane.waitForExit(), 0);
    });
  } finally {
    // retried: vi may still be writing in it as the pane is killed (seen as ENOTEMPTY, which hid the test's own failure)
    rmSync(r.dir, { recursive: true, force: true, maxRetries: 5 });
  }
});
