// The TUI in remote mode, end to end: `lvs-tui --host root@127.0.0.1:PORT --remote-root ROOT` in a
// tmux pane at 80x24, against a real OpenSSH sshd inside a network namespace of the test's own
// (the key and known_hosts under $HOME/.ssh, as an admin has them). It shows the far router's
// virtual servers, the admin's session (tui-admin-scenario.ts) is staged and applied over SSH, and
// the far lvs.cf is the expected file byte for byte, its rules and sysctl those of the namespace.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, SAMPLES } from '../helpers/paths';
import { skipUnlessSshd, startSshd } from '../helpers/sshd';
import { Pane, withTmux } from '../helpers/tmux';
import { E2eRouter, skipUnlessTuiE2e, withE2eRouter } from './tui-e2e-router';
import { FTP_SIDECAR, applyScenarioAndCheck } from './tui-admin-scenario';

const skip = skipUnlessTuiE2e() || skipUnlessSshd();

/** `lvs-tui --host ... --remote-root ROOT` in tmux against a real sshd in the router's namespace (key and known_hosts under a temp HOME). */
async function withRemoteTui(r: E2eRouter, fn: (pane: Pane) => Promise<void>): Promise<void> {
  const sshd = await startSshd({ netns: r.ns });
  const home = mkdtempSync(join(tmpdir(), 'lvs-tui-remote-tui-home-'));
  try {
    mkdirSync(join(home, '.ssh'), { mode: 0o700 });
    copyFileSync(sshd.userKeyPath, join(home, '.ssh', 'id_ed25519'));
    chmodSync(join(home, '.ssh', 'id_ed25519'), 0o600);
    copyFileSync(sshd.knownHostsPath, join(home, '.ssh', 'known_hosts'));
    const argv = [process.execPath, BIN, '--host', `root@127.0.0.1:${sshd.port}`, '--remote-root', r.root];
    await withTmux(argv, { netns: r.ns.name, env: r.env({ HOME: home, SSH_AUTH_SOCK: '' }), unset: ['SSH_AUTH_SOCK'] }, fn);
  } finally {
    await sshd.stop();
    rmSync(home, { recursive: true, force: true });
  }
}

test('remote mode: lvs-tui --host --remote-root shows the far router, stages the admin\'s edits and applies them over SSH', { skip, timeout: 180_000 }, async () => {
  await withE2eRouter({ lvsCf: readFileSync(join(SAMPLES, 'nat-http-ftp.cf')), sidecarBody: FTP_SIDECAR }, async (r) => {
    await withRemoteTui(r, async (pane) => {
      const first = await pane.waitFor(/no pending changes/, 60_000);
      assert.doesNotMatch(first.split('\n')[22], /READ-ONLY/, 'the far files are editable');
      // tab 1 reads the far router over SSH: pulse (the stand-in) and its table
      await pane.waitFor(/pulse RUNNING/, 30_000);
      pane.keys('4');
      const list = await pane.waitFor(/VIRTUAL SERVERS +2 configured[\s\S]*www[\s\S]*ftp/);
      assert.match(list, /active +www +203\.0\.113\.100 /);
      await applyScenarioAndCheck(pane, r);
      pane.keys('q');
      assert.equal(await pane.waitForExit(30_000), 0, `q exits 0:\n${pane.screen()}`);
    });
  });
});

test('remote mode: the TUI drains a real server on the far router (its live table read over SSH, its ipvsadm run there)', { skip, timeout: 180_000 }, async () => {
  const { LVS_CF, installFakeIpvsadm } = await import('../helpers/live-router');
  await withE2eRouter({ lvsCf: LVS_CF }, async (r) => {
    const fake = installFakeIpvsadm(r.root);
    appendFileSync(r.sidecar, `programs:\n  ipvsadm: ${fake.path}\n`);
    await withRemoteTui(r, async (pane) => {
      await pane.waitFor(/no pending changes/, 60_000);
      pane.keys('1');
      await pane.waitFor(/│web +TCP 10\.0\.0\.10:80/, 30_000);
      // the row under web is its first real server, s11
      pane.keys('Down');
      pane.keys('d');
      const asked = await pane.waitFor(/Change the live table now\?/);
      assert.match(asked.replace(/\s*│\s*/g, ' '), /web\/s11: drain 10\.0\.1\.11:80/);
      pane.keys('y');
      await pane.waitFor(/TEMP: web\/s11 drained/);
      // (the monitor lists the table with the same ipvsadm: -Ln calls)
      assert.deepEqual(fake.calls().filter((c) => c[0] === '-e'), [['-e', '-t', '10.0.0.10:80', '-r', '10.0.1.11:80', '-g', '-w', '0']], 'the far ipvsadm ran, as a local drain runs it');
      pane.keys('q');
      assert.equal(await pane.waitForExit(30_000), 0, `q exits 0:\n${pane.screen()}`);
    });
  });
});
