// VIRTUAL SERVERS in-process at 80x24: the list, a virtual's sub-screens, the real server form,
// and key sequences whose staged lvs.cf is compared with an expected file byte for byte.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from '../helpers/paths';
import { KEY, OpenTui, openTui } from './tui-harness';

const ROUTER = readFileSync(join(FIXTURES, 'tui', 'router.lvs.cf'), 'utf8');
const EXPECTED = readFileSync(join(FIXTURES, 'tui', 'router-after-smtp.lvs.cf'));

const typeText = async (t: OpenTui, text: string) => {
  for (const c of text) await t.keys(c);
};
const lines = (t: OpenTui) => t.text().split('\n');

test('virtual servers: the table at 80x24 in Piranha\'s columns, first row selected', { timeout: 20_000 }, async () => {
  const t = openTui({ config: ROUTER, tab: 4 });
  try {
    const l = lines(t);
    assert.equal(l.length, 24);
    assert.match(l[1], /^VIRTUAL SERVERS {2}3 configured/);
    // 80 columns: the netmask as a prefix and short titles leave room for LIVE (test/screens/virtual-live)
    assert.match(l[3], /STATUS +NAME +VIP +MASK +PORT +PROTO +IFACE +LIVE/);
    assert.match(l[4], /^│>active +www +203\.0\.113\.100 +\/24 +80 +tcp +eth0:1/);
    assert.match(l[5], /^│ active +ftp +203\.0\.113\.100/);
    assert.match(l[6], /^│ active +dns +203\.0\.113\.53 +\/24 +53 +udp +eth0:2/);
    assert.match(l[23], /Enter open {2}a add {2}d delete {2}Space on\/off {2}\/ filter/);
    for (const line of l) assert.ok(line.length <= 80, line);
  } finally {
    await t.close();
  }
});

test('virtual servers: add a virtual with two real servers, change a weight, deactivate a server: the staged lvs.cf byte for byte', { timeout: 60_000 }, async () => {
  const t = openTui({ config: ROUTER, tab: 4 });
  try {
    await t.keys('a');
    assert.match(lines(t)[1], /VIRTUAL SERVERS > \(new\) > \[VIRTUAL SERVER\]/);
    assert.match(t.text(), /Virtual IP Address +0\.0\.0\.0/, 'a new virtual starts with the GUI defaults');
    await typeText(t, 'smtp');
    await t.keys(KEY.tab, KEY.ctrlU);
    await typeText(t, '25');
    await t.keys(KEY.tab, KEY.tab, KEY.ctrlU);
    await typeText(t, '203.0.113.25');
    await t.keys(KEY.tab, KEY.tab, KEY.tab, KEY.tab, KEY.tab, KEY.ctrlU);
    await typeText(t, 'eth0:2');
    await t.keys(KEY.enter);
    assert.match(lines(t)[1], /VIRTUAL SERVERS > smtp > \[VIRTUAL SERVER\]/);
    assert.match(lines(t)[22], /1 change pending/);

    await t.keys(']');
    assert.match(lines(t)[1], /\[REAL SERVER\]/);
    assert.match(t.text(), /no real servers: a adds one/);
    await t.keys('a');
    assert.match(t.text(), /> Name +\S*\s/);
    await typeText(t, 'mx1');
    await t.keys(KEY.tab, KEY.ctrlU);
    await typeText(t, '192.168.10.41');
    await t.keys(KEY.tab, KEY.tab, KEY.ctrlU);
    await typeText(t, '10');
    await t.keys(KEY.enter);
    await t.keys('a');
    await typeText(t, 'mx2');
    await t.keys(KEY.tab, KEY.ctrlU);
    await typeText(t, '192.168.10.42');
    await t.keys(KEY.enter);
    assert.match(t.text(), /inactive mx1 +192\.168\.10\.41 +\(25\) +10/);
    assert.match(t.text(), />inactive mx2 +192\.168\.10\.42 +\(25\) +1/);

    // change mx1's weight: Enter opens the form on Name; Down reaches Weight
    await t.keys('k', KEY.enter, KEY.down, KEY.down, KEY.down, KEY.ctrlU);
    await typeText(t, '20');
    await t.keys(KEY.enter);
    assert.match(t.text(), />inactive mx1 +192\.168\.10\.41 +\(25\) +20/);

    // deactivate www's web1: back to the list, open www, leave the field, ] to REAL SERVER, Space
    await t.keys(KEY.esc, 'g', KEY.enter, KEY.esc, ']', KEY.space);
    assert.match(t.text(), />inactive web1 +192\.168\.10\.11/);
    assert.match(lines(t)[22], /5 changes pending/);
    assert.equal(Buffer.compare(t.session.configBytes(), EXPECTED), 0, t.session.configBytes().toString());
  } finally {
    await t.close();
  }
});

test('virtual servers: / filters the list; d asks y/n; n keeps, y deletes', { timeout: 20_000 }, async () => {
  const t = openTui({ config: ROUTER, tab: 4 });
  try {
    await t.keys('/', 'd', 'n');
    assert.ok(t.handle.topView().editing, 'typing into the filter');
    await t.keys(KEY.enter);
    assert.doesNotMatch(t.text(), /www/);
    assert.match(t.text(), />active +dns/);
    assert.match(t.text(), /\/dn {2}\(1\/1 of 3\)/);
    await t.keys('d');
    assert.match(t.text(), /Delete virtual server "dns" and its 2 real servers\?/);
    await t.keys('n');
    assert.equal(t.session.pendingCount(), 0);
    await t.keys('d', 'y');
    assert.equal(t.session.pendingCount(), 1);
    assert.doesNotMatch(t.session.configBytes().toString(), /virtual dns/);
    await t.keys(KEY.esc);
    assert.match(t.text(), />active +www/, 'Esc clears the filter');
    assert.match(lines(t)[1], /2 configured/);
  } finally {
    await t.close();
  }
});

test('virtual servers: an invalid IP is shown at its field and blocks the form; Esc leaves the field, a second Esc asks before dropping the change', { timeout: 20_000 }, async () => {
  const t = openTui({ config: ROUTER, tab: 4 });
  try {
    await t.keys(KEY.enter, KEY.tab, KEY.tab, KEY.tab, KEY.ctrlU);
    await typeText(t, '203.0.113.300');
    await t.keys(KEY.enter);
    const text = t.text();
    assert.match(text, /! Virtual IP Address +203\.0\.113\.300/);
    assert.match(text, /! "203\.0\.113\.300" is not a valid dotted-quad IPv4 address/);
    assert.match(lines(t)[23], /ERROR: Virtual IP Address: "203\.0\.113\.300" is not a valid/);
    assert.equal(t.session.pendingCount(), 0, 'nothing staged');
    assert.ok(t.handle.topView().editing, 'the field still has focus');
    await t.keys('1');
    assert.equal(t.handle.currentTab(), 3, 'a digit typed into a field is text, not a tab switch');
    await t.keys(KEY.backspace, KEY.esc);
    assert.equal(t.handle.topView().editing, false);
    await t.keys(KEY.esc);
    assert.match(t.text(), /Discard the changes made in this form\?/);
    await t.keys('n');
    assert.match(lines(t)[1], /> www > \[VIRTUAL SERVER\]/, t.text());
    await t.keys(KEY.esc, 'y');
    assert.match(lines(t)[1], /^VIRTUAL SERVERS {2}3 configured/);
    assert.equal(t.session.pendingCount(), 0);
  } finally {
    await t.close();
  }
});

test('virtual servers: the CLI\'s refusals hold in forms (a double quote in send, a bad name, a taken name)', { timeout: 20_000 }, async () => {
  const t = openTui({ config: ROUTER, tab: 4 });
  try {
    // MONITORING SCRIPTS of www: Send with a double quote
    await t.keys(KEY.enter, KEY.esc, '[');
    assert.match(lines(t)[1], /\[MONITORING SCRIPTS\]/);
    assert.match(t.text(), /Sending Program[\s\S]*Send +GET \/health HTTP\/1\.0\\r\\n\\r\\n[\s\S]*Expect +HTTP\/1\.1 200/);
    await t.keys(KEY.down, 'e');
    await typeText(t, '"');
    await t.keys(KEY.enter);
    assert.match(t.text(), /! the value of send contains a double quote/);
    await t.keys(KEY.backspace, KEY.enter);
    assert.equal(t.session.pendingCount(), 0, 'the same value again: nothing to stage');
    // VIRTUAL SERVER: a name with a space, then a taken name
    await t.keys(']', 'e', KEY.ctrlU);
    await typeText(t, 'web farm');
    await t.keys(KEY.enter);
    assert.match(t.text(), /! virtual name "web farm" is not allowed/);
    await t.keys(KEY.ctrlU);
    await typeText(t, 'ftp');
    await t.keys(KEY.enter);
    assert.match(t.text(), /! a virtual named "ftp" already exists/);
    await t.keys(KEY.ctrlU);
    await typeText(t, 'web');
    await t.keys(KEY.enter);
    assert.match(lines(t)[1], /VIRTUAL SERVERS > web > \[VIRTUAL SERVER\]/);
    assert.match(t.session.configBytes().toString(), /^virtual web \{$/m);
  } finally {
    await t.close();
  }
});

test('virtual servers: read-only forms open but refuse changes, with the reason', { timeout: 20_000 }, async () => {
  const t = openTui({ config: ROUTER, tab: 4, readOnly: 'lvs.cf is not writable by this user' });
  try {
    await t.keys(KEY.space);
    assert.match(lines(t)[23], /read-only: lvs\.cf is not writable by this user/);
    await t.keys(KEY.enter);
    assert.match(t.text(), /Name +www/);
    await t.keys('x');
    assert.match(t.text(), /Name +www/);
    assert.match(lines(t)[22], /READ-ONLY/);
    assert.equal(t.session.pendingCount(), 0);
  } finally {
    await t.close();
  }
});

test('virtual servers: [ and ] step through the three sub-screens and wrap; Esc goes back to the list; ? lists this screen\'s keys', { timeout: 20_000 }, async () => {
  const t = openTui({ config: ROUTER, tab: 4 });
  try {
    await t.keys('?');
    assert.match(t.text(), /Keys of VIRTUAL SERVERS:[\s\S]*Enter +open the selected item[\s\S]*Space +activate \/ deactivate/);
    await t.keys(KEY.esc, 'j', KEY.enter, KEY.esc);
    assert.match(lines(t)[1], /> ftp > \[VIRTUAL SERVER\]/);
    await t.keys(']');
    assert.match(lines(t)[1], /\[REAL SERVER\]/);
    assert.match(t.text(), />active +ftp1 +192\.168\.10\.21 +21 +1/, 'its own port shows as is; the first row is selected');
    await t.keys(']');
    assert.match(lines(t)[1], /\[MONITORING SCRIPTS\]/);
    await t.keys(']');
    assert.match(lines(t)[1], /\[VIRTUAL SERVER\]/, '] wraps to the first sub-screen');
    await t.keys('[');
    assert.match(lines(t)[1], /\[MONITORING SCRIPTS\]/, '[ wraps to the last');
    assert.equal(t.handle.currentTab(), 3, 'the tab did not change');
    await t.keys(KEY.esc);
    assert.match(lines(t)[1], /^VIRTUAL SERVERS {2}3 configured/);
    assert.match(t.text(), />active +ftp/, 'back on the list, on the virtual it came from');
  } finally {
    await t.close();
  }
});

test('virtual servers: 2,000 rows: only the visible window is drawn; j, G and g move; the filter finds one', { timeout: 30_000 }, async () => {
  const blocks: string[] = [];
  for (let i = 0; i < 2000; i++) blocks.push(`virtual svc${i} {\n     active = 1\n     address = 10.${(i >> 8) & 255}.${i & 255}.1 eth0:1\n     port = 80\n}\n`);
  const t = openTui({ config: blocks.join(''), tab: 4 });
  try {
    assert.match(lines(t)[1], /2000 configured/);
    assert.match(t.text(), />active +svc0 /);
    assert.equal((t.text().match(/svc\d+/g) ?? []).length, 17, 'one screen of rows');
    await t.keys('j', 'j');
    assert.match(t.text(), />active +svc2 /);
    await t.keys('G');
    assert.match(t.text(), />active +svc1999 /);
    await t.keys('g');
    assert.match(t.text(), />active +svc0 /);
    await t.keys('/');
    await typeText(t, 'svc1234');
    await t.keys(KEY.enter, KEY.enter);
    assert.match(lines(t)[1], /> svc1234 > \[VIRTUAL SERVER\]/);
  } finally {
    await t.close();
  }
});
