// The peer line end to end: the real `lvs-tui --root A` in a tmux pane, inside a network namespace
// of the test's own where a real OpenSSH sshd stands for the backup router (its `/` a temp dir,
// the sidecar's routers.backup settings). Tab 1 shows the backup in sync and standing by; the
// backup's lvs.cf changed → `b` → differs: lvs.cf; sshd stopped → `b` → unreachable.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { SAMPLES } from '../helpers/paths';
import { skipUnlessSshd, startSshd } from '../helpers/sshd';
import { withTmux } from '../helpers/tmux';
import { skipUnlessTuiE2e, withE2eRouter } from './tui-e2e-router';

const skip = skipUnlessTuiE2e() || skipUnlessSshd();
const HA = join('etc', 'sysconfig', 'ha');

/** /proc/net/fib_trie listing these local addresses (how lvs-tui reads a router's role under a root). */
const trie = (addrs: readonly string[]) => `Main:\n  +-- 0.0.0.0/0 3 0 5\n${addrs.map((a) => `     |-- ${a}\n        /32 host LOCAL\n`).join('')}`;

function put(root: string, path: string, content: string | Buffer): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), content);
}

test('tab 1 over a real sshd: backup in sync and standby, then differs (lvs.cf), then unreachable', { skip, timeout: 120_000 }, async () => {
  await withE2eRouter({ lvsCf: readFileSync(join(SAMPLES, 'nat-http-ftp.cf')) }, async (r) => {
    const sshd = await startSshd({ netns: r.ns });
    const backup = mkdtempSync(join(tmpdir(), 'lvs-tui-peer-b-'));
    const home = mkdtempSync(join(tmpdir(), 'lvs-tui-peer-home-'));
    try {
      appendFileSync(r.sidecar, `routers:\n  backup:\n    ssh: root@127.0.0.1:${sshd.port}\n    identity_file: ${sshd.userKeyPath}\n    known_hosts: ${sshd.knownHostsPath}\n    remote_root: ${backup}\n`);
      // the backup holds the same files; this router holds the VIPs, the backup only its own address
      put(backup, join(HA, 'lvs.cf'), readFileSync(r.cfg));
      put(backup, join(HA, 'lvs-tui.yaml'), readFileSync(r.sidecar));
      put(r.root, 'proc/net/fib_trie', trie(['203.0.113.10', '203.0.113.100', '192.168.10.254']));
      put(backup, 'proc/net/fib_trie', trie(['203.0.113.11']));
      const label = `backup root@127\\.0\\.0\\.1:${sshd.port}`;
      await withTmux(r.tui(), { netns: r.ns.name, env: r.env({ HOME: home, NO_COLOR: '1' }), unset: ['SSH_AUTH_SOCK'] }, async (pane) => {
        let screen = await pane.waitFor(new RegExp(`${label}: in sync · backup standby`), 60_000);
        assert.ok(screen.split('\n').every((l) => l.length <= 80), screen);

        appendFileSync(join(backup, HA, 'lvs.cf'), '\n# changed on the backup by hand\n');
        pane.keys('b');
        screen = await pane.waitFor(new RegExp(`${label}: differs: lvs\\.cf · backup standby`), 30_000);

        await sshd.stop();
        pane.keys('b');
        screen = await pane.waitFor(new RegExp(`${label}: unreachable: connection refused \\(\\d+ s ago\\)`), 30_000);
        pane.keys('q');
        assert.equal(await pane.waitForExit(), 0);
      });
    } finally {
      await sshd.stop();
      rmSync(backup, { recursive: true, force: true });
      rmSync(home, { recursive: true, force: true });
    }
  });
});
