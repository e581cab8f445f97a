// Edits of lvs-tui.yaml keep every byte they do not change: comments, their alignment, blank lines,
// quoting. Only the edited lines differ; a no-op edit returns the same text.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SidecarEditError, parseSidecar, removeFirewallMark, removeSidecarValue, setFirewallMark, setSidecarValue } from '../../src/apply/sidecar';
import { FIXTURES } from '../helpers/paths';

const FULL = readFileSync(join(FIXTURES, 'sidecar', 'full.yaml'), 'utf8');
const open = (text: string) => parseSidecar(new TextEncoder().encode(text), 'lvs-tui.yaml');
const reread = (text: string) => {
  const r = open(text);
  assert.deepEqual(r.diagnostics, [], text);
  return r.sidecar;
};

/** Lines only in `before` ("-") and only in `after` ("+"), by longest common subsequence. */
function lineDiff(before: string, after: string): string[] {
  const a = before.split('\n');
  const b = after.split('\n');
  const l = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--) l[i][j] = a[i] === b[j] ? l[i + 1][j + 1] + 1 : Math.max(l[i + 1][j], l[i][j + 1]);
  const out: string[] = [];
  let [i, j] = [0, 0];
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) [i, j] = [i + 1, j + 1];
    else if (i < a.length && (j === b.length || l[i + 1][j] >= l[i][j + 1])) out.push(`-${a[i++]}`);
    else out.push(`+${b[j++]}`);
  }
  return out;
}

test('edit: changing a mark\'s ports changes that line only, its aligned comment kept', () => {
  const { document } = open(FULL);
  const after = setFirewallMark(document, { mark: 80, protocol: 'tcp', ports: [80, 443, 8443], vip: '198.51.100.50' });
  assert.deepEqual(lineDiff(FULL, after), ['-    ports: [80, 443]    # numbers 1..65535 and "LOW:HIGH" ranges', '+    ports: [80, 443, 8443]    # numbers 1..65535 and "LOW:HIGH" ranges']);
  assert.deepEqual(reread(after).firewallMarks[0].ports.map((p) => p.from), [80, 443, 8443]);
});

test('edit: no-op edits return the same bytes', () => {
  const { document } = open(FULL);
  assert.equal(setFirewallMark(document, { mark: 80, protocol: 'tcp', ports: [80, 443], vip: '198.51.100.50/32' }), FULL);
  // the same ports written another way are the same ports
  assert.equal(setFirewallMark(document, { mark: 21, ports: [{ from: 21, to: 21 }, { from: 10000, to: 20000 }] }), FULL);
  assert.equal(setSidecarValue(document, ['ftp_masquerade'], true), FULL);
  assert.equal(setSidecarValue(document, ['pulse', 'status'], ['/usr/local/bin/pulse-ctl', 'status']), FULL);
  assert.equal(removeFirewallMark(document, 4242), FULL);
  assert.equal(removeSidecarValue(document, ['pulse', 'stop']), FULL);
  assert.equal(removeSidecarValue(document, ['nothing', 'here']), FULL);
});

test('edit: a new mark is appended to the list; nothing else moves', () => {
  const { document } = open(FULL);
  const after = setFirewallMark(document, { mark: 25, protocol: 'tcp', ports: [25, { from: 587, to: 588 }] });
  assert.deepEqual(lineDiff(FULL, after), ['+  - mark: 25', '+    protocol: tcp', '+    ports: [25, "587:588"]']);
  assert.deepEqual(reread(after).firewallMarks.map((m) => [m.mark, m.ports]), [
    [80, [{ from: 80, to: 80 }, { from: 443, to: 443 }]],
    [21, [{ from: 21, to: 21 }, { from: 10000, to: 20000 }]],
    [25, [{ from: 25, to: 25 }, { from: 587, to: 588 }]],
  ]);
});

test('edit: dropping a vip and changing the protocol keep the entry\'s other lines and comments', () => {
  const { document } = open(FULL);
  const after = setFirewallMark(document, { mark: 80, ports: [80, 443] });
  assert.deepEqual(lineDiff(FULL, after), ['-    vip: 198.51.100.50  # optional; default: the VIP of the virtual with this fwmark']);
  const udp = setSidecarValue(document, ['firewall_marks', 0, 'protocol'], 'udp');
  assert.deepEqual(lineDiff(after, udp), ['-    protocol: tcp       # tcp | udp | sctp', '+    protocol: udp       # tcp | udp | sctp']);
});

test('edit: removing a mark removes its entry\'s lines only', () => {
  const { document } = open(FULL);
  const after = removeFirewallMark(document, 80);
  assert.deepEqual(
    lineDiff(FULL, after),
    FULL.split('\n').slice(2, 6).map((l) => `-${l}`),
  );
  assert.deepEqual(reread(after).firewallMarks.map((m) => m.mark), [21]);
  // the last one leaves an empty list, which reads as no marks
  const none = removeFirewallMark(document, 21);
  assert.deepEqual(reread(none).firewallMarks, []);
  assert.deepEqual(lineDiff(FULL, none).filter((l) => l.startsWith('+')), []);
});

test('edit: successive edits on one document accumulate (it follows the new text)', () => {
  const { document } = open(FULL);
  setSidecarValue(document, ['persist', 'iptables'], '/etc/sysconfig/iptables');
  setSidecarValue(document, ['sysctl', 'net.ipv4.vs.conntrack'], 0);
  setSidecarValue(document, ['pulse', 'manager'], 'systemctl');
  setSidecarValue(document, ['pulse', 'status'], undefined);
  setSidecarValue(document, ['pulse', 'reload'], undefined);
  const after = setSidecarValue(document, ['pulse', 'restart'], undefined);
  assert.deepEqual(lineDiff(FULL, after), [
    '-  iptables: /etc/iptables/rules.v4     # Debian',
    '+  iptables: /etc/sysconfig/iptables     # Debian',
    '+  net.ipv4.vs.conntrack: 0',
    '-  manager: command',
    '+  manager: systemctl',
    '-  status: [/usr/local/bin/pulse-ctl, status]',
    '-  reload: [/usr/local/bin/pulse-ctl, reload]',
    '-  restart: [/usr/local/bin/pulse-ctl, restart]',
  ]);
  const s = reread(after);
  assert.deepEqual([s.persist.iptables, s.sysctl.get('net.ipv4.vs.conntrack'), s.pulse.manager], ['/etc/sysconfig/iptables', '0', 'systemctl']);
});

test('edit: a missing sidecar gets new keys written in the documented shape', () => {
  const { document } = open('');
  setFirewallMark(document, { mark: 21, ports: [21, '10000:20000'] });
  setSidecarValue(document, ['ftp_masquerade'], true);
  const text = setSidecarValue(document, ['persist', 'sysctl'], '/etc/sysctl.d/90-lvs.conf');
  assert.equal(text, 'firewall_marks:\n  - mark: 21\n    protocol: tcp\n    ports: [21, "10000:20000"]\nftp_masquerade: true\npersist:\n  sysctl: /etc/sysctl.d/90-lvs.conf\n');
  const s = reread(text);
  assert.deepEqual([s.firewallMarks.length, s.ftpMasquerade, s.persist.sysctl], [1, true, '/etc/sysctl.d/90-lvs.conf']);
});

test('edit: a comment-only file, an empty key and flow mappings are edited in place', () => {
  const commented = '# lvs-tui settings — café\n# (none yet)\n';
  const { document } = open(commented);
  const one = setSidecarValue(document, ['ftp_masquerade'], true);
  assert.equal(one, commented + 'ftp_masquerade: true\n');
  const empty = open('firewall_marks:   # none yet\nftp_masquerade: false\n');
  const marked = setFirewallMark(empty.document, { mark: 80, ports: [80, 443] });
  assert.equal(marked, 'firewall_marks:   # none yet\n  - mark: 80\n    protocol: tcp\n    ports: [80, 443]\nftp_masquerade: false\n');
  const flow = open('persist: {iptables: /etc/iptables/rules.v4}   # Debian\n');
  assert.equal(setSidecarValue(flow.document, ['persist', 'sysctl'], '/etc/sysctl.d/lvs.conf'), 'persist: {iptables: /etc/iptables/rules.v4, sysctl: /etc/sysctl.d/lvs.conf}   # Debian\n');
});

test('edit: quoting and non-ASCII text around an edit are kept', () => {
  const text = '# réglages du répartiteur\npulse:\n  service: "pulse"   # l\'unité systemd\n';
  const { document } = open(text);
  assert.equal(setSidecarValue(document, ['pulse', 'service'], 'piranha-pulse'), '# réglages du répartiteur\npulse:\n  service: "piranha-pulse"   # l\'unité systemd\n');
});

test('edit: a file with YAML errors is refused', () => {
  const { document } = open('firewall_marks: [1, 2]]\n');
  assert.throws(() => setSidecarValue(document, ['ftp_masquerade'], true), (e: unknown) => e instanceof SidecarEditError && e.code === 'sidecar-not-editable');
});
