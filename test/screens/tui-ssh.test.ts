// The TUI over a real `ssh -t`, as an admin runs it: OpenSSH's sshd on 127.0.0.1 inside a network
// namespace of the test's own, `ssh router` (an ssh_config entry, a key, a known_hosts file) from a
// tmux pane at 80x24, lvs-tui typed at the router's shell prompt; then the admin's session
// (tui-admin-scenario.ts) applied, `q`, and `exit` logs out. Whatever the TUI did must be undone on
// the terminal: the shell prompt echoes again. And a dropped link with changes pending: the far
// lvs-tui exits, nothing is written, no temp file is left.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLES } from '../helpers/paths';
import { skipUnlessSshClient, startSshd } from '../helpers/sshd';
import { withTmux } from '../helpers/tmux';
import { skipUnlessTuiE2e, withE2eRouter } from './tui-e2e-router';
import { FTP_SIDECAR, applyScenarioAndCheck } from './tui-admin-scenario';

const skip = skipUnlessTuiE2e() || skipUnlessSshClient();

test('over ssh -t router: add a virtual server with two real servers, change a weight, deactivate a server, apply', { skip, timeout: 120_000 }, async () => {
  await withE2eRouter({ lvsCf: readFileSync(join(SAMPLES, 'nat-http-ftp.cf')), sidecarBody: FTP_SIDECAR }, async (r) => {
    const sshd = await startSshd({ netns: r.ns });
    try {
      await withTmux(['ssh', '-F', sshd.sshConfig, '-t', 'router'], { netns: r.ns.name, env: r.env() }, async (pane) => {
        await pane.waitFor(/# *$/m, 30_000);
        // no history file in root's home, a prompt to wait for, the router's locale and a TMPDIR
        // whose emptiness is checked afterwards
        pane.type(`unset HISTFILE; PS1='router# '; export LANG=C.UTF-8 TMPDIR=${r.tmp}`);
        pane.keys('Enter');
        await pane.waitFor(/^router# *$/m);
        pane.type(`${r.tui().join(' ')}; echo "EXIT=$?"`);
        pane.keys('Enter');
        await pane.waitFor(/no pending changes/, 30_000);
        assert.equal(pane.flags().alternateScreen, true);
        await applyScenarioAndCheck(pane, r);
        pane.keys('q');
        await pane.waitFor(/^EXIT=0$/m);
        assert.equal(pane.flags().alternateScreen, false, 'the alternate screen is left');
        pane.type('echo typed-text-echoes');
        pane.keys('Enter');
        await pane.waitFor(/router# echo typed-text-echoes\ntyped-text-echoes\n/);
        pane.type('exit');
        pane.keys('Enter');
        assert.equal(await pane.waitForExit(), 0, 'ssh exits 0');
      });
    } finally {
      await sshd.stop();
    }
  });
});

/** pids of lvs-tui processes running on this root (the far side of the ssh session). */
function tuiProcesses(root: string): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const argv = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
      if (argv.some((a) => a.endsWith('bin/lvs-tui')) && argv.includes(root)) out.push(Number(name));
    } catch {
      // exited while we looked
    }
  }
  return out;
}

test('ssh hang-up with changes pending: the far lvs-tui exits, nothing is written', { skip, timeout: 120_000 }, async () => {
  await withE2eRouter({ lvsCf: readFileSync(join(SAMPLES, 'nat-http-ftp.cf')), sidecarBody: FTP_SIDECAR }, async (r) => {
    const before = r.read();
    const sidecar = readFileSync(r.sidecar);
    const sshd = await startSshd({ netns: r.ns });
    try {
      await withTmux(['ssh', '-F', sshd.sshConfig, '-t', 'router'], { netns: r.ns.name, env: r.env() }, async (pane) => {
        await pane.waitFor(/# *$/m, 30_000);
        pane.type(`unset HISTFILE; export LANG=C.UTF-8 TMPDIR=${r.tmp}; exec ${r.tui().join(' ')}`);
        pane.keys('Enter');
        await pane.waitFor(/no pending changes/, 30_000);
        pane.keys('4');
        await pane.waitFor(/VIRTUAL SERVERS +\d+ configured/);
        pane.keys('Space');
        await pane.waitFor(/1 change pending/);
        const far = tuiProcesses(r.root);
        assert.equal(far.length, 1, 'lvs-tui runs on the far side');
        // the link drops: the ssh client dies without a word to the server
        process.kill(await pane.pid(), 'SIGKILL');
        assert.equal(await pane.waitForExit(), 137);
        const until = Date.now() + 20_000;
        while (tuiProcesses(r.root).length && Date.now() < until) await new Promise((res) => setTimeout(res, 50));
        assert.deepEqual(tuiProcesses(r.root), [], 'the far lvs-tui exited on the hang-up');
      });
      assert.equal(r.read(), before, 'lvs.cf untouched: staged changes are not written');
      assert.ok(readFileSync(r.sidecar).equals(sidecar), 'lvs-tui.yaml untouched');
      assert.equal(r.rules().includes('LVS_TUI'), false, 'nothing applied');
      assert.deepEqual(readdirSync(r.tmp), [], 'no temp file left');
    } finally {
      await sshd.stop();
    }
  });
});
