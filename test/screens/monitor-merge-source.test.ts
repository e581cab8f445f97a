// Tab 1's live table is merged with the lvs.cf pulse runs, the one on disk: not the staged edits
// (the label says so), not a reread per tick; a file changed on disk under the session is read by
// the disk watcher and then merged with (labelled "changed since read").

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { setAttribute } from '../../src/config/edit';
import { startDemo } from '../../src/demo';
import { createControlMonitoringView } from '../../screens/control-monitoring';
import { TABS } from '../../screens/tabs';
import type { TuiContext } from '../../screens/view';
import { openOnDemo } from './demo-tui';

test('tab 1 merges with lvs.cf on disk, not the staged edits and not a reread per tick; a change on disk is merged once read', { timeout: 40_000 }, async () => {
  const demo = await startDemo({ tickMs: 0 });
  const reads: string[] = [];
  const tabs = [{ ...TABS[0], create: (tui: TuiContext) => createControlMonitoringView(tui, { intervalSeconds: 1, diskCheckMs: 300 }) }, ...TABS.slice(1)];
  const t = openOnDemo(demo, { tab: 1, tabs, onRead: (p) => reads.push(p) });
  const config = t.tui.ctx.paths.config;
  try {
    const first = await t.waitFor(/│ web2 +192\.168\.10\.12:80 +UP/);
    assert.match(first, /routing table \(live vs lvs\.cf on disk\) ─/);
    // staged: web2 off; the table still shows what pulse runs
    t.session.edit('web2 off', (d) => setAttribute(d, { virtual: 'www', server: 'web2' }, 'active', '0'));
    const staged = await t.waitFor(/live vs lvs\.cf on disk; 1 staged edit not in it\)/);
    assert.match(staged, /│ web2 +192\.168\.10\.12:80 +UP/);
    const since = reads.length;
    await new Promise((r) => setTimeout(r, 2500));
    const monitorReads = reads.slice(since).filter((p) => p === config).length;
    // the disk watcher compares the bytes every 300 ms; the 1 s ticks add no read of their own
    assert.ok(monitorReads <= Math.ceil(2500 / 300) + 1, `${monitorReads} reads of lvs.cf in 2.5 s`);

    // another admin turns web3 off on disk: read by the watcher, merged at once
    const text = readFileSync(config, 'utf8');
    writeFileSync(config, text.replace(/(server web3 \{\n\s+address = \S+\n\s+active = )1/, '$10'));
    const changed = await t.waitFor(/live vs lvs\.cf on disk, changed[^─]*; 1 staged/);
    assert.match(changed, /│ web3 +192\.168\.10\.13:80 +INACTIVE/);
  } finally {
    await t.close();
    demo.stop();
  }
});
