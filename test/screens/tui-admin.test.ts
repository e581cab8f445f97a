// The TUI end to end as an admin uses it: the real `lvs-tui --root ROOT` in a pseudo-terminal (tmux,
// 80x24) inside a network namespace of the test's own, keys typed one by one:
//
// - add a virtual server (with a firewall mark on two ports) and two real servers, change a weight,
//   deactivate a server, `A` review, `y` apply: lvs.cf is then byte for byte the expected file, the
//   namespace's iptables hold lvs-tui's rules, ip_forward is on (tui-ssh.test.ts does the same over
//   `ssh -t`);
// - quitting with pending changes asks: `c` and Esc cancel (still open, still pending), `d`
//   discards and exits 0 with lvs.cf untouched;
// - a broken lvs.cf opens read-only, saying where (line:column) it is broken, and refuses changes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLES } from '../helpers/paths';
import { withTmux } from '../helpers/tmux';
import { skipUnlessTuiE2e, withE2eRouter } from './tui-e2e-router';
import { FTP_SIDECAR, applyScenarioAndCheck } from './tui-admin-scenario';

const skip = skipUnlessTuiE2e();
const SAMPLE = () => readFileSync(join(SAMPLES, 'nat-http-ftp.cf'));

test('add a virtual server with two real servers, change a weight, deactivate a server, apply', { skip, timeout: 120_000 }, async () => {
  await withE2eRouter({ lvsCf: SAMPLE(), sidecarBody: FTP_SIDECAR }, async (r) => {
    await withTmux(r.tui(), { netns: r.ns.name, env: r.env() }, async (pane) => {
      await pane.waitFor(/no pending changes/, 30_000);
      await applyScenarioAndCheck(pane, r);
      pane.keys('q');
      assert.equal(await pane.waitForExit(), 0, 'nothing pending: q quits without asking');
    });
    assert.deepEqual(r.pulse.requests().filter((x) => x !== 'status'), ['restart'], 'pulse restarted once, as the admin said');
  });
});

test('quitting with pending changes asks: c cancels, d discards and exits 0', { skip, timeout: 60_000 }, async () => {
  await withE2eRouter({ lvsCf: SAMPLE(), sidecarBody: FTP_SIDECAR }, async (r) => {
    const before = r.read();
    await withTmux(r.tui(), { netns: r.ns.name, env: r.env() }, async (pane) => {
      await pane.waitFor(/no pending changes/, 30_000);
      pane.keys('4');
      await pane.waitFor(/www[\s\S]*ftp/);
      pane.keys('Space'); // deactivates www: one staged change
      await pane.waitFor(/1 change pending/);
      pane.keys('q');
      await pane.waitFor(/1 change not applied/);
      pane.keys('c');
      await pane.waitForGone(/not applied/);
      assert.match(pane.screen(), /1 change pending/, 'still open, the change still staged');
      assert.equal(pane.exitStatus(), null);
      pane.keys('q');
      await pane.waitFor(/not applied/);
      pane.keys('Escape');
      await pane.waitForGone(/not applied/);
      pane.keys('q');
      await pane.waitFor(/not applied/);
      pane.keys('d');
      assert.equal(await pane.waitForExit(), 0);
      assert.equal(pane.flags().alternateScreen, false);
    });
    assert.equal(r.read(), before, 'lvs.cf untouched');
    assert.equal(r.rules().includes('LVS_TUI'), false, 'nothing applied');
  });
});

test('a broken lvs.cf opens read-only, saying line:column', { skip, timeout: 60_000 }, async () => {
  // line 25 is `     port 80` (no `=`): a syntax error at its first column of the key
  const lines = SAMPLE().toString('utf8').split('\n');
  const at = lines.findIndex((l) => l === '     port = 80');
  lines[at] = '     port 80';
  const broken = lines.join('\n');
  await withE2eRouter({ lvsCf: broken, sidecarBody: FTP_SIDECAR }, async (r) => {
    await withTmux(r.tui(), { netns: r.ns.name, env: r.env() }, async (pane) => {
      // it opens on lvs.cf as text, with the diagnostics and the $EDITOR action
      const screen = await pane.waitFor(/lvs\.cf as text[\s\S]*READ-ONLY/, 30_000);
      const where = new RegExp(`lvs\\.cf:${at + 1}:6\\b`);
      assert.match(screen.split('\n')[22], where, `the status bar says where:\n${screen}`);
      assert.match(screen, new RegExp(`lvs\\.cf:${at + 1}:6: error: pulse\\b`), 'the diagnostic in full form');
      assert.match(screen, /edit .*EDITOR|edit as text/);
      await pane.press('Escape');
      pane.keys('4');
      await pane.waitFor(/VIRTUAL SERVERS +\d+ configured[\s\S]*www/);
      pane.keys('Space');
      await pane.waitFor(/read-only/i);
      assert.match(pane.screen(), /no pending changes/, 'a change is refused');
      pane.keys('q');
      assert.equal(await pane.waitForExit(), 0);
    });
    assert.equal(r.read(), broken, 'the file is untouched');
  });
});
