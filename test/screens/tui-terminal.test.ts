// The TUI end to end in the terminals admins have: the real `lvs-tui --root ROOT` in tmux at 80x24,
// inside a network namespace of the test's own, under TERM=xterm, xterm-256color, screen-256color,
// tmux-256color, vt100 and linux: no terminfo error text, box lines drawn as lines (blessed's ACS
// path draws `lqqk` under tmux), NO_COLOR means no colour escapes, a resize relayouts, and SIGTERM
// or SIGHUP gives the terminal back (main screen, cursor shown, cooked mode: typed text echoes).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLES } from '../helpers/paths';
import { Pane, withTmux, waitForChild } from '../helpers/tmux';
import { E2eRouter, skipUnlessTuiE2e, withE2eRouter } from './tui-e2e-router';

const skip = skipUnlessTuiE2e();
const SAMPLE = () => readFileSync(join(SAMPLES, 'nat-http-ftp.cf'));
const FTP_SIDECAR = 'firewall_marks:\n  - mark: 21\n    protocol: tcp\n    ports: [21, "10000:20000"]\nftp_masquerade: true\n';

/** The TUI's frame is up: the tab bar and the status bar. */
const FRAME = /VIRTUAL SERVERS[\s\S]*no pending changes/;
/** What blessed draws for box corners and lines when it takes the ACS path through tmux. */
const ACS_LETTERS = /lqq|qqk|mqq|qqj|x {3,}x/;
/** An SGR that sets a colour (30-37, 40-47, 90-97, 100-107, 38;..., 48;...); 39/49 only reset it. */
const COLOUR_SGR = /\x1b\[(?:[0-9;]*;)?(?:3[0-7]|4[0-7]|9[0-7]|10[0-7]|38;|48;)[0-9;]*m/;

async function startTui(pane: Pane): Promise<string> {
  return pane.waitFor(FRAME, 30_000);
}

async function quitClean(pane: Pane): Promise<void> {
  pane.keys('q');
  assert.equal(await pane.waitForExit(), 0, `q exits 0; the screen:\n${pane.screen()}`);
  assert.equal(pane.flags().alternateScreen, false, 'the alternate screen is left');
}

function assertFits(screen: string, cols: number, rows: number): void {
  const lines = screen.split('\n');
  assert.ok(lines.length <= rows, `at most ${rows} rows`);
  for (const l of lines) assert.ok([...l].length <= cols, `fits ${cols} columns: ${l}`);
}

for (const term of ['xterm', 'xterm-256color', 'screen-256color', 'tmux-256color', 'vt100', 'linux']) {
  test(`TUI at 80x24 with TERM=${term}: no terminfo noise, box lines are lines, q gives the terminal back`, { skip, timeout: 90_000 }, async () => {
    await withE2eRouter({ lvsCf: SAMPLE(), sidecarBody: FTP_SIDECAR }, async (r) => {
      const err = join(r.tmp, '..', `stderr-${term}`);
      await withTmux(r.tui(), { netns: r.ns.name, env: r.env({ TERM: term }), unset: ['NO_COLOR'], stderrFile: err }, async (pane) => {
        await startTui(pane);
        // tab 1's boxes (routing table, processes, log) once the router is read
        const screen = await pane.waitFor(/routing table[\s\S]*processes/);
        assert.match(screen, /┌─ routing table [^\n]*─┐/, `tab 1's boxes are drawn with lines:\n${screen}`);
        assert.doesNotMatch(screen, ACS_LETTERS);
        assertFits(screen, 80, 24);
        assert.match(screen.split('\n')[0], /1 CONTROL\/MONITORING/, 'the tab bar is the first line');
        assert.doesNotMatch(screen, /Error on|terminfo|plab_norm|Setulc|\bundefined\b/i, 'no terminfo noise on the screen');
        // the help overlay has a border: drawn as lines, never as ACS letters
        pane.keys('?');
        const help = await pane.waitFor(/Keys of/);
        assert.match(help, /[┌╭][─ ]*help[─ ]*─*[┐╮]/, `the help box is drawn with line characters:\n${help}`);
        assert.doesNotMatch(help, ACS_LETTERS, 'no ACS letters');
        assertFits(help, 80, 24);
        pane.keys('Escape');
        await pane.waitForGone(/Keys of/);
        // the VIRTUAL SERVERS list is boxed too
        pane.keys('4');
        const list = await pane.waitFor(/VIRTUAL SERVERS +\d+ configured[\s\S]*www[\s\S]*ftp/);
        assert.match(list, /┌─ VIRTUAL SERVERS ─+┐/, `the list's box is drawn with lines:\n${list}`);
        assert.match(list, /└─+┘/);
        assert.doesNotMatch(list, ACS_LETTERS);
        assertFits(list, 80, 24);
        await quitClean(pane);
        assert.equal(readFileSync(err, 'utf8'), '', 'nothing on stderr (no terminfo errors)');
      });
      assert.deepEqual(readdirSync(r.tmp), [], 'no temp file left');
    });
  });
}

test('TUI in a non-UTF-8 locale (LANG=C): box lines in plain ASCII, no ACS letters', { skip, timeout: 60_000 }, async () => {
  await withE2eRouter({ lvsCf: SAMPLE(), sidecarBody: FTP_SIDECAR }, async (r) => {
    await withTmux(r.tui(), { netns: r.ns.name, env: r.env({ TERM: 'screen-256color', LANG: 'C' }), unset: ['LC_ALL', 'LC_CTYPE', 'NO_COLOR'] }, async (pane) => {
      await startTui(pane);
      pane.keys('?');
      const help = await pane.waitFor(/Keys of/);
      assert.doesNotMatch(help, ACS_LETTERS, `no ACS letters:\n${help}`);
      assert.doesNotMatch(help, /[─│┌┐└┘]/, 'no Unicode lines without a UTF-8 locale');
      pane.keys('Escape');
      await pane.waitForGone(/Keys of/);
      await quitClean(pane);
    });
  });
});

test('NO_COLOR: no colour escapes on the screen (and colour without it)', { skip, timeout: 60_000 }, async () => {
  await withE2eRouter({ lvsCf: SAMPLE(), sidecarBody: FTP_SIDECAR }, async (r) => {
    // --read-only puts a coloured READ-ONLY in the status bar: colour is there to be taken away
    const run = async (env: Record<string, string>, unset: string[]) =>
      withTmux(r.tui('--read-only'), { netns: r.ns.name, env: r.env(env), unset }, async (pane) => {
        await pane.waitFor(/READ-ONLY/, 30_000);
        const withEscapes = pane.screenWithEscapes();
        await quitClean(pane);
        return withEscapes;
      });
    const coloured = await run({}, ['NO_COLOR']);
    assert.match(coloured, COLOUR_SGR, 'colour escapes without NO_COLOR');
    const mono = await run({ NO_COLOR: '1' }, []);
    assert.doesNotMatch(mono, COLOUR_SGR, `no colour escapes with NO_COLOR:\n${JSON.stringify(mono)}`);
    assert.match(mono, /READ-ONLY/, 'the state still reads in words');
  });
});

test('resize: the TUI relayouts to the new size and back', { skip, timeout: 60_000 }, async () => {
  await withE2eRouter({ lvsCf: SAMPLE(), sidecarBody: FTP_SIDECAR }, async (r) => {
    await withTmux(r.tui(), { netns: r.ns.name, env: r.env(), unset: ['NO_COLOR'] }, async (pane) => {
      const small = await startTui(pane);
      const hints = (s: string) => s.split('\n').findIndex((l) => /\? help/.test(l));
      assert.equal(hints(small), 23, `the key hints are on the last of 24 rows:\n${small}`);
      pane.resize(120, 40);
      const big = await pane.waitFor((s) => hints(s) === 39);
      assertFits(big, 120, 40);
      assert.match(big.split('\n')[38], /no pending changes/, 'the status bar moved down with the hints');
      pane.resize(80, 24);
      const back = await pane.waitFor((s) => hints(s) === 23);
      assertFits(back, 80, 24);
      await quitClean(pane);
    });
  });
});

/** Starts an interactive sh in the pane (in the namespace), types the command as an admin would. */
async function tuiFromShell(r: E2eRouter, fn: (pane: Pane, tuiPid: number) => Promise<void>): Promise<void> {
  await withTmux(['sh'], { netns: r.ns.name, env: r.env({ PS1: 'lvs1# ' }), unset: ['NO_COLOR', 'ENV'] }, async (pane) => {
    await pane.waitFor('lvs1#');
    const shell = await pane.pid();
    pane.type(`${r.tui().map((a) => `'${a}'`).join(' ')}; echo "EXIT=$?"`);
    pane.keys('Enter');
    await startTui(pane);
    assert.equal(pane.flags().alternateScreen, true, 'the TUI runs on the alternate screen');
    await fn(pane, await waitForChild(shell, 'lvs-tui'));
  });
}

/** The terminal is the admin's again: main screen, cursor shown, no mouse reporting, cooked mode. */
async function assertTerminalRestored(pane: Pane): Promise<void> {
  const flags = pane.flags();
  assert.equal(flags.alternateScreen, false, 'alternate screen left');
  assert.equal(flags.cursorVisible, true, 'cursor shown');
  assert.equal(flags.mouse, false, 'no mouse reporting');
  pane.type('stty -a');
  pane.keys('Enter');
  const stty = await pane.waitFor(/stty -a\nspeed[\s\S]*\nlvs1# *(\n|$)/);
  const modes = stty.slice(stty.lastIndexOf('stty -a')).split(/\s+/);
  for (const mode of ['icanon', 'echo', 'icrnl', 'opost', 'isig']) assert.ok(modes.includes(mode), `${mode} is on again:\n${stty}`);
  pane.type('echo typed-text-echoes');
  pane.keys('Enter');
  await pane.waitFor(/lvs1# echo typed-text-echoes\ntyped-text-echoes\n/);
}

for (const [signal, status] of [['SIGTERM', 143], ['SIGHUP', 129]] as const) {
  test(`${signal} to lvs-tui gives the terminal back`, { skip, timeout: 60_000 }, async () => {
    await withE2eRouter({ lvsCf: SAMPLE(), sidecarBody: FTP_SIDECAR }, async (r) => {
      const before = r.read();
      await tuiFromShell(r, async (pane, pid) => {
        process.kill(pid, signal);
        await pane.waitFor(new RegExp(`^EXIT=${status}$`, 'm'));
        await assertTerminalRestored(pane);
      });
      assert.equal(r.read(), before, 'lvs.cf untouched');
      assert.deepEqual(readdirSync(r.tmp), [], 'no temp file left');
    });
  });
}
