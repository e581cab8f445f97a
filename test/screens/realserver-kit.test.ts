// The real-server kit in the TUI: K on VIRTUAL SERVERS (or a virtual's REAL SERVER list) opens it
// read-only for that virtual from the staged configuration; m switches the method, p the
// platform; Esc closes it; staged edits show at once; NAT says nothing is needed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from '../helpers/paths';
import { KEY, openTui } from './tui-harness';

const NAT_ROUTER = readFileSync(join(FIXTURES, 'tui', 'router.lvs.cf'), 'utf8');
const PAGE_DOWN = '\x1b[6~';
const DIRECT_ROUTER = NAT_ROUTER.replace('network = nat', 'network = direct');

test('realserver kit overlay: K on a virtual shows its real servers\' commands; m and p switch method and platform; Esc closes', { timeout: 30_000 }, async () => {
  const t = openTui({ config: DIRECT_ROUTER, tab: 4 });
  try {
    // www deactivated (staged, not applied): the kit already shows it
    await t.keys(KEY.space, 'K');
    const text = t.text();
    assert.match(text, /REAL-SERVER KIT: www \(sysctl, systemd\)/);
    assert.match(text, /www \(203\.0\.113\.100 tcp 80\) as server web1 \(inactive\)/);
    assert.match(text, /method sysctl/);
    assert.match(text, /real server 192\.168\.10\.11: VIP 203\.0\.113\.100/);
    assert.match(text, /sysctl -w net\.ipv4\.conf\.all\.arp_ignore=1/);
    for (const line of text.split('\n')) assert.ok(line.length <= 80, line);
    await t.keys('m');
    assert.match(t.text(), /REAL-SERVER KIT: www \(arptables, systemd\)/);
    await t.keys(PAGE_DOWN);
    assert.match(t.text(), /arptables -A INPUT -d 203\.0\.113\.100 -j DROP/);
    // a switch starts at the top again
    await t.keys('p', PAGE_DOWN);
    assert.match(t.text(), /arptables -A IN -d 203\.0\.113\.100 -j DROP/);
    await t.keys('m', PAGE_DOWN);
    assert.match(t.text(), /iptables -t nat -A PREROUTING -d 203\.0\.113\.100\/32 -p tcp -m tcp --dport 80 -j/);
    // it scrolls, and Esc goes back to the list unchanged
    await t.keys('j', 'j', KEY.esc);
    assert.match(t.text(), /^VIRTUAL SERVERS {2}3 configured/m);
    assert.equal(t.session.pendingCount(), 1, 'only the deactivation: the kit changes nothing');
    // from the REAL SERVER list of dns (the third virtual)
    await t.keys('j', 'j', KEY.enter, KEY.esc, ']', 'K');
    assert.match(t.text(), /REAL-SERVER KIT: dns/);
    assert.match(t.text(), /VIPs? 203\.0\.113\.53/);
    await t.keys('q');
    assert.match(t.text(), /\[REAL SERVER\]/);
  } finally {
    await t.close();
  }
});

test('realserver kit overlay: on a NAT router it says the real servers need nothing but the gateway; K typed into a filter is text', { timeout: 30_000 }, async () => {
  const t = openTui({ config: NAT_ROUTER, tab: 4 });
  try {
    await t.keys('K');
    assert.match(t.text(), /network = nat: the real servers need no VIP/);
    await t.keys(KEY.esc, '/', 'K');
    assert.doesNotMatch(t.text(), /REAL-SERVER KIT/);
    assert.ok(t.handle.topView().editing);
  } finally {
    await t.close();
  }
});
