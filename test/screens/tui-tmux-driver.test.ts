// The tmux driver the end-to-end TUI tests stand on (test/helpers/tmux.ts): the pane has the TERM
// and environment asked for, literal text arrives as typed (quotes, $, spaces), key names are keys,
// the exit status and signal deaths are reported, resize changes the pane, and --netns runs the
// command inside the namespace.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withNetns } from '../helpers/netns';
import { needProgram, needRootNamespaces } from '../helpers/require-tool';
import { withTmux } from '../helpers/tmux';

const skip = needProgram('tmux', ['-V']);

test('tmux driver: TERM and environment, literal text, keys, exit status', { skip, timeout: 30_000 }, async () => {
  const script = 'printf "term=%s lang=%s color=%s\\n" "$TERM" "$LANG" "${NO_COLOR-unset}"; read line; printf "got:%s\\n" "$line"; stty size; exit 7';
  await withTmux(['sh', '-c', script], { cols: 100, rows: 30, env: { TERM: 'vt100', LANG: 'C.UTF-8' }, unset: ['NO_COLOR'] }, async (pane) => {
    await pane.waitFor('term=vt100 lang=C.UTF-8 color=unset');
    pane.type(`it's "quoted" $HOME;x`);
    pane.keys('BSpace', 'Enter');
    const screen = await pane.waitFor(/^30 100$/m);
    assert.match(screen, /^got:it's "quoted" \$HOME;$/m, 'typed literally; BSpace erased the x');
    assert.equal(await pane.waitForExit(), 7);
  });
});

test('tmux driver: a signal death reads as 128+N; resize; the pid is the program', { skip, timeout: 30_000 }, async () => {
  await withTmux(['sh', '-c', 'trap "stty size" WINCH; stty size; while :; do sleep 0.05; done'], {}, async (pane) => {
    await pane.waitFor(/^24 80$/m);
    pane.resize(90, 20);
    await pane.waitFor(/^20 90$/m);
    process.kill(await pane.pid(), 'SIGTERM');
    assert.equal(await pane.waitForExit(), 143);
  });
});

const nsSkip = skip || needRootNamespaces() || needProgram('ip', ['-V']);

test('tmux driver: netns runs the command inside the namespace', { skip: nsSkip, timeout: 30_000 }, async () => {
  await withNetns(async (ns) => {
    await withTmux(['ip', '-o', 'link', 'show'], { netns: ns.name }, async (pane) => {
      assert.equal(await pane.waitForExit(), 0);
      const links = pane.screen().split('\n').filter((l) => /^\d+: /.test(l));
      assert.deepEqual(links.map((l) => l.split(':')[1].trim()), ['lo'], 'only the namespace\'s loopback');
    });
  });
});
