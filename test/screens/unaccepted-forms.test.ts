// Typed values not accepted with Enter are never lost silently: `q` and `A` (after Esc left the
// field) count them and ask: accept them (an invalid one stops there, its form showing why),
// discard them, or cancel. Also: a long READ-ONLY reason keeps the status bar readable at 80
// columns (short label there, the reason whole in `?`).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from '../helpers/paths';
import { KEY, OpenTui, openTui } from './tui-harness';

const ROUTER = readFileSync(join(FIXTURES, 'tui', 'router.lvs.cf'), 'utf8');
const typeText = async (t: OpenTui, text: string) => {
  for (const c of text) await t.keys(c);
};

test('q with a typed value not accepted: the prompt counts it; c keeps it, a stages it and goes on to the pending-changes question', { timeout: 20_000 }, async () => {
  const t = openTui({ config: ROUTER, tab: 2 });
  try {
    await t.keys(KEY.down, KEY.down, KEY.down, KEY.down, KEY.down, KEY.down, 'e', KEY.ctrlU); // TCP timeout
    await typeText(t, '901');
    await t.keys(KEY.esc); // leaves the field: q is a key again
    assert.equal(t.handle.topView().editing, false);
    await t.keys('q');
    assert.match(t.text(), /1 typed change not accepted with Enter \(GLOBAL SETTINGS\)\. Before quitting:/);
    await t.keys('c');
    assert.match(t.text(), /TCP timeout \(seconds\) +901/, 'the typed value is still there');
    assert.equal(t.session.pendingCount(), 0);
    await t.keys('q', 'a');
    assert.match(t.session.configBytes().toString(), /tcp_timeout = 901\n/, 'accepted as Enter would');
    assert.match(t.text(), /1 change not applied\. Quit\?/, 'then the pending change is asked about');
    await t.keys('c');
    assert.equal(t.handle.currentTab(), 1);
  } finally {
    await t.close();
  }
});

test('A with typed values in a real server form (left with Esc): d discards them, the staged file unchanged; an invalid value stops the quit at its form', { timeout: 20_000 }, async () => {
  const t = openTui({ config: ROUTER, tab: 4 });
  try {
    await t.keys(KEY.enter, KEY.esc, ']'); // www > REAL SERVER
    await t.keys(KEY.enter, KEY.down, KEY.down, KEY.down, KEY.ctrlU); // web1's weight
    await typeText(t, '55');
    await t.keys(KEY.esc);
    await t.keys('A');
    assert.match(t.text(), /1 typed change not accepted with Enter \(virtual www: REAL SERVER web1\)\.[\s│]*Before the review:/);
    await t.keys('d');
    assert.equal(t.session.pendingCount(), 0, 'discarded: nothing staged');
    await t.keys(KEY.esc); // out of the review (no router here: it says the plan could not be made)
    // an invalid address typed, Esc, then q and a: not accepted, the form says why, no quit
    await t.keys(KEY.enter, KEY.tab, KEY.ctrlU);
    await typeText(t, '999.1.1.1');
    await t.keys(KEY.esc);
    await t.keys('q');
    assert.match(t.text(), /typed change not accepted/);
    await t.keys('a');
    assert.match(t.text(), /REAL SERVER web1: not accepted, see the marked field/);
    assert.match(t.text(), /! Address/);
    assert.equal(t.session.pendingCount(), 0);
  } finally {
    await t.close();
  }
});

test('a long READ-ONLY reason: a short label in the 80-column status bar, the reason whole in ?', { timeout: 20_000 }, async () => {
  const reason = '/etc/sysconfig/ha/lvs.cf:12:5: the block "virtual www" is not closed before the end of the file [unclosed-block]; fix the file as text first';
  const t = openTui({ config: ROUTER, tab: 2, readOnly: reason });
  try {
    const status = t.text().split('\n')[22];
    assert.ok(status.length <= 80, status);
    assert.match(status, /lvs\.cf \| no pending changes \| .* \| READ-ONLY: lvs\.cf:12:5(?: \[unclosed-block\])?(, \? why)?/);
    await t.keys('?');
    const help = t.text();
    const flat = help.replace(/\s*│\n│\s*/g, ' ');
    assert.match(flat, /READ-ONLY: \/etc\/sysconfig\/ha\/lvs\.cf:12:5: the block "virtual www" is not closed before the end of the file \[unclosed-block\]; fix the file as text first/);
    for (const l of help.split('\n')) assert.ok(l.length <= 80, l);
    await t.keys(KEY.esc);
  } finally {
    await t.close();
  }
  // where there is room, the reason shows whole
  const u = openTui({ config: ROUTER, tab: 2, readOnly: 'opened with --read-only', columns: 120 });
  try {
    assert.match(u.text().split('\n')[22], /READ-ONLY: opened with --read-only/);
  } finally {
    await u.close();
  }
});
