// The dashboard end to end: the real binary in a pseudo-terminal (tmux), at 80x24, on the demo
// router, under the TERM values admins have (xterm-256color, screen-256color, tmux-256color):
// no terminfo noise, box lines drawn as lines (blessed's ACS path draws `lqqk` under tmux), the
// DEMO label, live rows, `q` leaves and gives the terminal back, and the demo's root is removed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN } from '../helpers/paths';
import { needProgram } from '../helpers/require-tool';

const skip = needProgram('tmux', ['-V']);

function tmux(args: readonly string[]): string {
  const r = spawnSync('tmux', [...args], { encoding: 'utf8' });
  if (r.error) throw r.error;
  return r.stdout;
}

async function waitFor(session: string, what: RegExp, ms: number): Promise<string> {
  const until = Date.now() + ms;
  let screen = '';
  while (Date.now() < until) {
    screen = tmux(['capture-pane', '-p', '-t', session]);
    if (what.test(screen)) return screen;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what} on the screen:\n${screen}`);
}

const demoRoots = () => readdirSync(tmpdir()).filter((n) => n.startsWith('lvs-tui-demo-')).sort();

for (const term of ['xterm-256color', 'screen-256color', 'tmux-256color']) {
  test(`dashboard --demo in a ${term} terminal at 80x24`, { skip, timeout: 120_000 }, async () => {
    const session = `lvstui-dash-${process.pid}-${term}`;
    const dir = mkdtempSync(join(tmpdir(), 'lvs-tui-dash-'));
    const err = join(dir, 'stderr');
    const before = demoRoots();
    // the command runs under sh inside tmux; every part is ours, none is user text
    const cmd = `TERM=${term} ${process.execPath} ${BIN} dashboard --demo --interval 1 2>${err}; echo "EXIT=$?"; sleep 30`;
    tmux(['new-session', '-d', '-s', session, '-x', '80', '-y', '24', cmd]);
    try {
      const screen = await waitFor(session, /ftp1\s+192\.168\.10\.21:21/, 60_000);
      const lines = screen.split('\n');
      assert.ok(lines.every((l) => l.length <= 80), 'fits 80 columns');
      assert.match(lines[0], /lvs-tui dashboard {2}DEMO/);
      assert.match(screen, /┌─ routing table ─+┐/, 'box lines are lines');
      assert.doesNotMatch(screen, /lqq|qqk|mqq/, 'no ACS letters');
      assert.match(screen, /www\s+TCP 203\.0\.113\.100:80\s+(OK|DEGRADED)/);
      assert.match(screen, /web1\s+192\.168\.10\.11:80\s+(UP|RAMPING|QUIESCED|DOWN)\s+\d+\/100/);
      assert.match(screen, /q quit {2}p pause/);
      // the selection moves and the sparklines follow the selected service
      tmux(['send-keys', '-t', session, 'j']);
      await waitFor(session, /┌─ www ─/, 20_000);
      tmux(['send-keys', '-t', session, 'q']);
      const after = await waitFor(session, /EXIT=\d+/, 20_000);
      assert.match(after, /EXIT=0/);
      assert.doesNotMatch(after, /routing table/, 'the terminal is given back (alternate screen left)');
      assert.equal(readFileSync(err, 'utf8'), '', 'nothing on stderr (no terminfo errors)');
      assert.deepEqual(demoRoots(), before, 'the demo root is removed');
    } finally {
      spawnSync('tmux', ['kill-session', '-t', session]);
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
