// GLOBAL SETTINGS and REDUNDANCY in-process at 80x24: every field in Piranha's order, choices,
// typing, the staged bytes, and an invalid value blocking the form.

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

test('global settings: the fields in order at 80x24; network type and a timeout changed; only those lines change', { timeout: 20_000 }, async () => {
  const t = openTui({ config: ROUTER, tab: 2 });
  try {
    const text = t.text();
    const order = ['Primary server public IP +203\\.0\\.113\\.10', 'Primary server private IP +10\\.11\\.12\\.1', 'Network type +< NAT >', 'NAT Router IP +192\\.168\\.10\\.254', 'NAT Router netmask +< 255\\.255\\.255\\.0 >', 'NAT Router device +eth1:1', 'TCP timeout \\(seconds\\) +900', 'TCP FIN timeout \\(seconds\\) +120', 'UDP timeout \\(seconds\\) +300'];
    assert.match(text, new RegExp(order.join('[\\s\\S]*')));
    assert.equal(t.handle.topView().editing, false, 'a tab opens with no field focused');
    await t.keys(KEY.down, KEY.down, KEY.right); // NAT -> Direct Routing
    assert.match(t.text(), /Network type +< Direct Routing >/);
    await t.keys(KEY.down, KEY.down, KEY.down, KEY.down, KEY.tab, KEY.ctrlU); // TCP FIN timeout, focused
    await typeText(t, '60');
    await t.keys(KEY.enter);
    const expected = ROUTER.replace('network = nat\n', 'network = direct\n').replace('tcpfin_timeout = 120\n', 'tcpfin_timeout = 60\n');
    assert.equal(t.session.configBytes().toString(), expected);
    assert.match(t.text().split('\n')[22], /2 changes pending/);
  } finally {
    await t.close();
  }
});

test('global settings: NAT router without a device is refused at the field; an unset value removes the key', { timeout: 20_000 }, async () => {
  const t = openTui({ config: ROUTER, tab: 2 });
  try {
    for (let i = 0; i < 5; i++) await t.keys(KEY.tab);
    await t.keys(KEY.ctrlU, KEY.enter);
    assert.match(t.text(), /! NAT Router device/);
    assert.match(t.text(), /! the NAT router needs an address and a device \(or neither\)/);
    assert.equal(t.session.pendingCount(), 0);
    await t.keys(KEY.up, KEY.up, KEY.ctrlU, KEY.tab); // clear the IP; to the netmask
    for (let i = 0; i < 9; i++) await t.keys(KEY.left); // /24 back past /32 to unset
    assert.match(t.text(), /NAT Router netmask +< unset >/);
    await t.keys(KEY.enter);
    assert.doesNotMatch(t.session.configBytes().toString(), /nat_router|nat_nmask/);
  } finally {
    await t.close();
  }
});

test('redundancy: every field in order; a deadtime not above the interval is shown at its field', { timeout: 20_000 }, async () => {
  const t = openTui({ config: ROUTER, tab: 3 });
  try {
    const order = ['Redundancy +< enabled >', 'Redundant server public IP +203\\.0\\.113\\.11', 'Redundant server private IP +10\\.11\\.12\\.2', 'Heartbeat interval \\(seconds\\) +6', 'Assume dead after \\(seconds\\) +18', 'Heartbeat runs on port +539', 'Monitor NIC links for failures +< yes >', 'Use sync daemon +< yes >', 'Sync daemon interface +eth1', 'Sync daemon ID +7'];
    assert.match(t.text(), new RegExp(order.join('[\\s\\S]*')));
    await t.keys(KEY.down, KEY.down, KEY.down, KEY.down, 'e', KEY.ctrlU, '4', KEY.enter);
    assert.match(t.text(), /! Assume dead after \(seconds\) +4/);
    assert.match(t.text(), /deadtime/);
    assert.equal(t.session.pendingCount(), 0);
    await t.keys(KEY.ctrlU, '3', '0', KEY.enter, KEY.esc);
    assert.match(t.session.configBytes().toString(), /^deadtime = 30$/m);
    await t.keys(KEY.up, KEY.up, KEY.up, KEY.up, KEY.space, KEY.enter); // Redundancy: enabled -> disabled
    assert.match(t.session.configBytes().toString(), /^backup_active = 0$/m);
  } finally {
    await t.close();
  }
});

test('monochrome (NO_COLOR, LANG=C): ASCII boxes, no colour escapes, states in words', { timeout: 20_000 }, async () => {
  const t = openTui({ config: ROUTER, tab: 4, env: { LANG: 'C', NO_COLOR: '1' } });
  try {
    assert.match(t.text(), />active +www/);
    assert.doesNotMatch(t.text(), /[┌─│]/);
    await t.keys(KEY.space);
    assert.match(t.text(), />inactive www/);
    assert.doesNotMatch(t.term.text(), /\x1b\[(3[0-7]|9[0-7])m/);
  } finally {
    await t.close();
  }
});

test('resize: the TUI relayouts to a larger terminal', { timeout: 20_000 }, async () => {
  const t = openTui({ config: ROUTER, tab: 4 });
  try {
    t.term.output.columns = 120;
    t.term.output.rows = 40;
    (t.term.output as unknown as NodeJS.EventEmitter).emit('resize');
    await t.keys();
    await new Promise((r) => setTimeout(r, 50));
    const l = t.text().split('\n');
    assert.equal(l.length, 40);
    assert.equal(l[0].length, 120);
    assert.match(l[38], /no pending changes/);
  } finally {
    await t.close();
  }
});
