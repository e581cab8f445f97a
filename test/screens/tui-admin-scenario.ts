// The admin's session of the end-to-end TUI tests, typed key by key into a pane that shows
// `lvs-tui --root ROOT` on the sample router (test/fixtures/spec-samples/nat-http-ftp.cf), and what
// must hold afterwards: lvs.cf byte for byte as expected (written by hand from the spec), the
// namespace's iptables rules, ip_forward, the sidecar's new firewall mark.

import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { FIXTURES } from '../helpers/paths';
import { Pane } from '../helpers/tmux';
import { E2eRouter, SAVED_RULES } from './tui-e2e-router';

export const FTP_SIDECAR = 'firewall_marks:\n  - mark: 21\n    protocol: tcp\n    ports: [21, "10000:20000"]\nftp_masquerade: true\n';
export const EXPECTED = join(FIXTURES, 'tui-e2e', 'nat-http-ftp-after-admin.cf');

/** Types into the focused text field: clears it first (Ctrl-U), as an admin replacing a default. */
export function fill(pane: Pane, text: string): void {
  pane.keys('C-u');
  pane.type(text);
}

/**
 * The admin's session on the sample router (virtuals www and ftp): adds virtual `api` (firewall mark
 * 80 on tcp 8080 and 8443) with real servers api1 and api2, changes api2's weight, deactivates ftp's
 * server ftp1, reviews and applies, restarting pulse when asked.
 */
export async function addVirtualWithTwoServersAndApply(pane: Pane): Promise<void> {
  pane.keys('4');
  await pane.waitFor(/www[\s\S]*ftp/);
  // a new virtual server: its VIRTUAL SERVER sub-screen opens with the first field (Name) focused
  pane.keys('a');
  await pane.waitFor(/\(new\)[\s\S]*Virtual IP Address/);
  fill(pane, 'api');
  pane.keys('Tab'); // Application port
  fill(pane, '8080');
  pane.keys('Tab', 'Tab'); // Protocol stays tcp; Virtual IP Address
  fill(pane, '203.0.113.200');
  pane.keys('Tab', 'Tab', 'Tab'); // netmask and sorry server stay unset; Firewall Mark
  fill(pane, '80');
  pane.keys('Tab'); // the ports marked with it (lvs-tui.yaml)
  fill(pane, '8080, 8443');
  pane.keys('Tab'); // Device
  fill(pane, 'eth0:2');
  pane.keys('Enter');
  // accepted: the sub-screen stays, no field focused, so ] reaches REAL SERVER
  await pane.waitFor(/VIRTUAL SERVERS > api >/);
  pane.keys(']');
  await pane.waitFor(/no real servers/);
  for (const [name, address] of [['api1', '192.168.10.31'], ['api2', '192.168.10.32']]) {
    pane.keys('a');
    await pane.waitFor(/Weight/);
    fill(pane, name);
    pane.keys('Tab');
    fill(pane, address);
    pane.keys('Enter');
    await pane.waitFor(new RegExp(`${name}\\s[\\s\\S]*${address.replace(/\./g, '\\.')}`));
    await pane.waitForGone(/Weight/);
    pane.keys('Space'); // a new real server starts inactive (Piranha's default): activate it
    await pane.waitFor(`server ${name}: activate`);
  }
  // api2 (selected) gets weight 5: Name, Address, Port, Weight
  pane.keys('Enter');
  await pane.waitFor(/Weight/);
  pane.keys('Tab', 'Tab', 'Tab');
  fill(pane, '5');
  pane.keys('Enter');
  await pane.waitForGone(/Weight/);
  // back to the list (api selected); activate the new virtual server too
  pane.keys('Escape');
  await pane.waitFor(/VIRTUAL SERVERS +\d+ configured/);
  pane.keys('Space');
  await pane.waitFor('virtual api: activate');
  // ftp's server ftp1: the ftp row, its form (first field focused), Esc, ] to REAL SERVER, Space
  pane.keys('k', 'Enter');
  await pane.waitFor(/VIRTUAL SERVERS > ftp >/);
  await pane.press('Escape'); // leaves the field
  pane.keys(']');
  await pane.waitFor(/ftp1\s/);
  pane.keys('Space');
  await pane.waitFor('server ftp1: deactivate');
  pane.keys('Escape');
  await pane.waitFor(/VIRTUAL SERVERS +\d+ configured/);
  // review and apply
  pane.keys('A');
  // the plan opens on lvs.cf's diff: serial_no raised by one first (the new virtual follows below)
  await pane.waitFor(/review: the plan[\s\S]*\+serial_no = 13/);
  pane.keys('y');
  // a new fwmark service needs a pulse restart (spec §4): the admin says yes
  await pane.waitFor(/pulse needs a restart/, 30_000);
  pane.keys('y');
  await pane.waitFor(/applied/i, 60_000);
}

/** After the session was applied: the files, the namespace's rules and settings. */
export function assertApplied(r: E2eRouter): void {
  assert.equal(r.read(), readFileSync(EXPECTED, 'utf8'), 'lvs.cf is the expected file byte for byte');
  const rules = r.rules().split('\n');
  for (const line of [
    '-A PREROUTING -j LVS_TUI_MARK',
    '-A LVS_TUI_MARK -d 203.0.113.100/32 -p tcp -m tcp --dport 21 -j MARK --set-xmark 0x15/0xffffffff',
    '-A LVS_TUI_MARK -d 203.0.113.100/32 -p tcp -m tcp --dport 10000:20000 -j MARK --set-xmark 0x15/0xffffffff',
    '-A LVS_TUI_MARK -d 203.0.113.200/32 -p tcp -m tcp --dport 8080 -j MARK --set-xmark 0x50/0xffffffff',
    '-A LVS_TUI_MARK -d 203.0.113.200/32 -p tcp -m tcp --dport 8443 -j MARK --set-xmark 0x50/0xffffffff',
    '-A POSTROUTING -j LVS_TUI_NAT',
    '-A LVS_TUI_NAT -s 192.168.10.0/24 -p tcp -m tcp --sport 20 -j MASQUERADE',
  ]) {
    assert.ok(rules.includes(line), `the namespace's rules lack: ${line}\n${rules.join('\n')}`);
  }
  assert.equal(rules.filter((l) => l.startsWith('-A LVS_TUI_')).length, 5, `exactly lvs-tui's rules in its chains:\n${rules.join('\n')}`);
  const marks = (parse(readFileSync(r.sidecar, 'utf8')) as { firewall_marks: Array<{ mark: number; protocol: string; ports: unknown[] }> }).firewall_marks;
  assert.deepEqual(marks.find((m) => m.mark === 80), { mark: 80, protocol: 'tcp', ports: [8080, 8443] }, 'lvs-tui.yaml marks 8080 and 8443 with 80');
  assert.ok(readFileSync(r.sidecar, 'utf8').startsWith("# lvs-tui's own settings\n"), 'the sidecar keeps its comment');
  assert.equal(r.forward(), '1', 'ip_forward on in the namespace');
  assert.ok(readFileSync(join(r.root, 'etc', 'sysconfig', 'iptables'), 'utf8').startsWith(SAVED_RULES), "the admin's saved rules kept");
  assert.deepEqual(readdirSync(r.tmp), [], 'no temp file left');
}

/** The whole scenario: the session applied and checked, its result closed, the list back with the new virtual. */
export async function applyScenarioAndCheck(pane: Pane, r: E2eRouter): Promise<void> {
  await addVirtualWithTwoServersAndApply(pane);
  assertApplied(r);
  await pane.waitFor(/no pending changes/);
  // the result stays until a key closes it
  pane.keys('Escape');
  await pane.waitFor(/VIRTUAL SERVERS +3 configured/);
}
