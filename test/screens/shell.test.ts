// The TUI's frame in-process at 80x24: tab bar, status bar, the global keys, help, quit prompt.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setAttribute } from '../../src/config/edit';
import { KEY, openTui } from './tui-harness';

test('shell: opens on tab 1 with the tab bar, the status bar and key hints; 1-4 and [ ] switch tabs, wrapping', { timeout: 20_000 }, async () => {
  const t = openTui();
  try {
    const lines = t.text().split('\n');
    assert.match(lines[0], /\[1 CONTROL\/MONITORING\] +2 GLOBAL SETTINGS +3 REDUNDANCY +4 VIRTUAL SERVERS/);
    assert.match(lines[22], /\/etc\/sysconfig\/ha\/lvs\.cf \| no pending changes \| 0 errors, 1 warning/);
    assert.match(lines[23], /A review {2}\? help {2}q quit/);
    assert.equal(t.handle.currentTab(), 0);
    await t.keys('3');
    assert.equal(t.handle.currentTab(), 2);
    assert.match(t.text().split('\n')[0], /\[3 REDUNDANCY\]/);
    await t.keys(']', ']');
    assert.equal(t.handle.currentTab(), 0, '] wraps from the last tab to the first');
    await t.keys('[');
    assert.equal(t.handle.currentTab(), 3, '[ wraps from the first tab to the last');
  } finally {
    await t.close();
  }
});

test('shell: ? shows the help generated from the bindings; any key closes it', { timeout: 20_000 }, async () => {
  const t = openTui({ tab: 3 });
  try {
    await t.keys('?');
    assert.match(t.text(), /Keys of REDUNDANCY:[\s\S]*Tab S-Tab +next \/ previous field/);
    assert.match(t.text(), /Everywhere \(when no text field has focus\):/);
    await t.keys('j', 'j', 'j', 'j');
    assert.match(t.text(), /q +quit \(asks when changes are pending\)/, 'arrows and j/k scroll the help');
    await t.keys(KEY.esc);
    assert.doesNotMatch(t.text(), /Everywhere/);
  } finally {
    await t.close();
  }
});

test('shell: ? on the VIRTUAL SERVERS list says what the LIVE column\'s words mean', { timeout: 20_000 }, async () => {
  const t = openTui({ tab: 4 });
  try {
    await t.keys('?');
    const help = t.text().replace(/\s*│\s*/g, ' ').replace(/\s+/g, ' ');
    assert.match(help, /Keys of VIRTUAL SERVERS:/);
    assert.match(help, /LIVE: what the router does with each virtual now/);
    assert.match(help, /"standby" this router is the backup/);
  } finally {
    await t.close();
  }
});

test('shell: q with nothing pending quits at once', { timeout: 20_000 }, async () => {
  const t = openTui();
  await t.keys('q');
  await t.handle.done;
});

test('shell: q with pending changes asks; c and Esc cancel, d discards and quits', { timeout: 20_000 }, async () => {
  const t = openTui();
  t.session.edit('keepalive', (d) => setAttribute(d, {}, 'keepalive', '7'));
  assert.match(t.text().split('\n')[22], /1 change pending \(A review\)/);
  await t.keys('q');
  assert.match(t.text(), /1 change not applied\. Quit\?/);
  assert.match(t.text(), /a apply +d discard +c cancel/);
  await t.keys('c');
  assert.doesNotMatch(t.text(), /Quit\?/);
  await t.keys('q', KEY.esc);
  assert.doesNotMatch(t.text(), /Quit\?/);
  assert.equal(t.session.pendingCount(), 1);
  let closed = false;
  void t.handle.done.then(() => (closed = true));
  await t.keys('q', 'x');
  assert.equal(closed, false, 'other keys do not answer the question');
  await t.keys('d');
  await t.handle.done;
  assert.equal(t.session.pendingCount(), 0);
});

test('shell: read-only and errors read in words in the status bar without colour', { timeout: 20_000 }, async () => {
  const t = openTui({ readOnly: 'opened with --read-only', env: { LANG: 'C', NO_COLOR: '1' } });
  try {
    t.session.edit('address', (d) => setAttribute(d, { virtual: 'www' }, 'address', '203.0.113.300 eth0:1'));
    const status = t.text().split('\n')[22];
    // 80 columns: the reason shortened, never pushed off the line (item 6; `?` shows it whole)
    assert.match(status, /1 change pending \| 1 error, 1 warning \| READ-ONLY \(--read-only\)/);
    assert.ok(status.trimEnd().length <= 79, status);
    assert.doesNotMatch(t.term.text(), /\x1b\[3[1-7]m/, 'no colour escapes under NO_COLOR');
  } finally {
    await t.close();
  }
});

test('shell: ! lists the staged files\' problems as PATH:LINE:COL; any key closes it', { timeout: 20_000 }, async () => {
  const t = openTui({ tab: 2 });
  try {
    t.session.edit('address', (d) => setAttribute(d, { virtual: 'www' }, 'address', '203.0.113.300 eth0:1'));
    await t.keys('!');
    assert.match(t.text(), /1 error, 1 warning \(with the staged changes\):/);
    assert.match(t.text(), /\/etc\/sysconfig\/ha\/lvs\.cf:\d+:\d+: error: "203\.0\.113\.300" is not a valid/);
    await t.keys('x');
    assert.doesNotMatch(t.text(), /with the staged changes/);
    assert.equal(t.handle.currentTab(), 1);
  } finally {
    await t.close();
  }
});
