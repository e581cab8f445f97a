// The TUI in remote mode, end to end: `lvs-tui --host root@127.0.0.1:PORT --remote-root ROOT` in a
// tmux pane at 80x24, against a real OpenSSH sshd inside a network namespace of the test's own
// (the key and known_hosts under $HOME/.ssh, as an admin has them). It shows the far router's
// virtual servers, the admin's session (tui-admin-scenario.ts) is staged and applied over SSH, and
// the far lvs.cf is the expected file byte for byte, its rules and sysctl those of the namespace.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, SAMPLES } from '../helpers/paths';
import { skipUnlessSshd, startSshd } from '../helpers/sshd';
import { withTmux } from '../helpers/tmux';
import { skipUnlessTuiE2e, withE2eRouter } from './tui-e2e-router';
import { FTP_SIDECAR, addVirtualWithTwoServersAndApply, assertApplied } from './tui-admin-scenario';

const skip = skipUnlessTuiE2e() || skipUnlessSshd();

test('remote mode: lvs-tui --host --remote-root shows the far router, stages the admin\'s edits and applies them over SSH', { skip, timeout: 180_000 }, async () => {
  await withE2eRouter({ lvsCf: readFileSync(join(SAMPLES, 'nat-http-ftp.cf')), sidecarBody: FTP_SIDECAR }, async (r) => {
    const sshd = await startSshd({ netns: r.ns });
    const home = mkdtempSync(join(tmpdir(), 'lvs-tui-remote-tui-home-'));
    try {
      mkdirSync(join(home, '.ssh'), { mode: 0o700 });
      copyFileSync(sshd.userKeyPath, join(home, '.ssh', 'id_ed25519'));
      chmodSync(join(home, '.ssh', 'id_ed25519'), 0o600);
      copyFileSync(sshd.knownHostsPath, join(home, '.ssh', 'known_hosts'));
      const argv = [process.execPath, BIN, '--host', `root@127.0.0.1:${sshd.port}`, '--remote-root', r.root];
      await withTmux(argv, { netns: r.ns.name, env: r.env({ HOME: home, SSH_AUTH_SOCK: '' }), unset: ['SSH_AUTH_SOCK'] }, async (pane) => {
        const first = await pane.waitFor(/no pending changes/, 60_000);
        assert.doesNotMatch(first.split('\n')[22], /READ-ONLY/, 'the far files are editable');
        // tab 1 reads the far router over SSH: pulse (the stand-in) and its table
        await pane.waitFor(/pulse RUNNING/, 30_000);
        pane.keys('4');
        const list = await pane.waitFor(/VIRTUAL SERVERS +2 configured[\s\S]*www[\s\S]*ftp/);
        assert.match(list, /active +www +203\.0\.113\.100 /);
        await addVirtualWithTwoServersAndApply(pane);
        assertApplied(r);
        await pane.waitFor(/no pending changes/);
        pane.keys('Escape');
        await pane.waitFor(/VIRTUAL SERVERS +3 configured/);
        pane.keys('q');
        assert.equal(await pane.waitForExit(30_000), 0, `q exits 0:\n${pane.screen()}`);
      });
    } finally {
      await sshd.stop();
      rmSync(home, { recursive: true, force: true });
    }
  });
});
