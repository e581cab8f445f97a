// The dashboard end to end: the real binary in a pseudo-terminal (tmux), at 80x24, on the demo
// router, under the TERM values admins have (xterm-256color, screen-256color, tmux-256color):
// no terminfo noise, box lines drawn as lines (blessed's ACS path draws `lqqk` under tmux), the
// DEMO label, live rows, `q` leaves and gives the terminal back, and the demo's root is removed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN } from '../helpers/paths';
import { needProgram } from '../helpers/require-tool';
import { withTmux } from '../helpers/tmux';

const skip = needProgram('tmux', ['-V']);

for (const term of ['xterm-256color', 'screen-256color', 'tmux-256color']) {
  test(`dashboard --demo in a ${term} terminal at 80x24`, { skip, timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lvs-tui-dash-'));
    const err = join(dir, 'stderr');
    // the demo's root goes under a TMPDIR of this test's own (other tests share /tmp)
    const tmp = join(dir, 'tmp');
    mkdirSync(tmp);
    try {
      const cmd = [process.execPath, BIN, 'dashboard', '--demo', '--interval', '1'];
      await withTmux(cmd, { env: { TERM: term, LANG: 'C.UTF-8', TMPDIR: tmp }, unset: ['NO_COLOR'], stderrFile: err }, async (pane) => {
        const screen = await pane.waitFor(/ftp1\s+192\.168\.10\.21:21/, 60_000);
        const lines = screen.split('\n');
        assert.ok(lines.every((l) => l.length <= 80), 'fits 80 columns');
        assert.match(lines[0], /lvs-tui dashboard {2}DEMO/);
        assert.match(screen, /┌─ routing table (\d+-\d+ of \d+ )?─+┐/, 'box lines are lines');
        assert.doesNotMatch(screen, /lqq|qqk|mqq/, 'no ACS letters');
        assert.match(screen, /www\s+TCP 203\.0\.113\.100:80\s+(OK|DEGRADED)/);
        assert.match(screen, /web1\s+192\.168\.10\.11:80\s+(UP|RAMPING|QUIESCED|DOWN)\s+\d+\/100/);
        assert.match(screen, /q quit {2}p pause/);
        assert.match(readdirSync(tmp).join(' '), /^lvs-tui-demo-\w+$/, 'the demo runs in its own root under TMPDIR');
        // the selection moves and the sparklines follow the selected service
        pane.keys('j');
        await pane.waitFor(/┌─ www ─/);
        pane.keys('q');
        assert.equal(await pane.waitForExit(), 0);
        assert.equal(pane.flags().alternateScreen, false, 'the terminal is given back (alternate screen left)');
        assert.doesNotMatch(pane.screen(), /routing table/);
        assert.equal(readFileSync(err, 'utf8'), '', 'nothing on stderr (no terminfo errors)');
        assert.deepEqual(readdirSync(tmp), [], 'the demo root is removed');
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
