// lvs-tui.yaml: the documented shape reads into the typed value; every diagnostic code lands on its
// line and byte column; a missing file means the defaults.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_PERSIST, DEFAULT_PROGRAMS, IP_FORWARD, managedSysctls, parseSidecar, sidecarPathKey } from '../../src/apply/sidecar';
import { FIXTURES } from '../helpers/paths';

const enc = (s: string) => new TextEncoder().encode(s);
const parseText = (s: string) => parseSidecar(enc(s), 'lvs-tui.yaml');
/** [code, severity, line, column, length] of each diagnostic */
const found = (s: string) => parseText(s).diagnostics.map((d) => [d.code, d.severity, d.span.line, d.span.column, d.span.length]);

test('sidecar: the documented shape reads into the typed value', () => {
  const r = parseSidecar(readFileSync(join(FIXTURES, 'sidecar', 'full.yaml')), 'full.yaml');
  assert.deepEqual(r.diagnostics, []);
  const s = r.sidecar;
  assert.deepEqual(s.firewallMarks, [
    { mark: 80, protocol: 'tcp', ports: [{ from: 80, to: 80 }, { from: 443, to: 443 }], vip: '198.51.100.50/32', index: 0 },
    { mark: 21, protocol: 'tcp', ports: [{ from: 21, to: 21 }, { from: 10000, to: 20000 }], vip: null, index: 1 },
  ]);
  assert.equal(s.ftpMasquerade, true);
  assert.deepEqual(s.persist, { iptables: '/etc/iptables/rules.v4', sysctl: '/etc/sysctl.d/90-lvs.conf' });
  assert.deepEqual([...s.sysctl], [['net.ipv4.vs.expire_nodest_conn', '1'], [IP_FORWARD, '1']]);
  assert.deepEqual(managedSysctls(s), [{ key: IP_FORWARD, value: '1' }, { key: 'net.ipv4.vs.expire_nodest_conn', value: '1' }]);
  assert.deepEqual(s.pulse, {
    manager: 'command',
    service: 'pulse',
    commands: { status: ['/usr/local/bin/pulse-ctl', 'status'], reload: ['/usr/local/bin/pulse-ctl', 'reload'], restart: ['/usr/local/bin/pulse-ctl', 'restart'] },
  });
  assert.deepEqual(s.programs, { iptables: '/usr/sbin/iptables', iptablesSave: '/usr/sbin/iptables-save', iptablesRestore: '/usr/sbin/iptables-restore', sysctl: '/usr/sbin/sysctl' });
  assert.deepEqual(s.routers, {
    backup: { ssh: { user: 'admin', host: 'lvs2.example.net', port: 2222 }, identityFile: '/root/.ssh/lvs_sync_ed25519', knownHosts: '/root/.ssh/known_hosts', remoteRoot: '/' },
    primary: { ssh: { user: 'root', host: '2001:db8::10', port: 22 }, identityFile: null, knownHosts: null, remoteRoot: '/' },
  });
  // where things are, for diagnostics that involve lvs.cf too
  assert.deepEqual(s.spans.get(sidecarPathKey(['firewall_marks', 1, 'ports'])), { line: 9, column: 12, length: 19 });
  assert.deepEqual(s.spans.get(sidecarPathKey(['ftp_masquerade'])), { line: 10, column: 17, length: 4 });
});

test('sidecar: a missing or empty file means the defaults', () => {
  for (const text of ['', '# only a comment\n', '---\n']) {
    const r = parseText(text);
    assert.deepEqual(r.diagnostics, [], JSON.stringify(text));
    const s = r.sidecar;
    assert.deepEqual([s.firewallMarks, s.ftpMasquerade, s.persist, [...s.sysctl], s.pulse, s.programs, s.routers], [[], false, DEFAULT_PERSIST, [], { manager: 'auto', service: 'pulse', commands: {} }, DEFAULT_PROGRAMS, { primary: null, backup: null }]);
  }
  assert.deepEqual(DEFAULT_PERSIST, { iptables: '/etc/sysconfig/iptables', sysctl: '/etc/sysctl.conf' });
  // empty sections are unset, not errors
  assert.deepEqual(found('firewall_marks:\npersist:\npulse:\nsysctl:\nprograms:\nftp_masquerade:\nrouters:\n'), []);
});

test('sidecar: ports read as numbers, numeric strings and LOW:HIGH ranges; a single value is one port; udp and sctp', () => {
  const r = parseText('firewall_marks:\n  - mark: 53\n    protocol: udp\n    ports: 53\n  - mark: 53\n    ports: ["53", 5353:5354]\n  - mark: 9\n    protocol: sctp\n    ports: [3868]\n');
  assert.deepEqual(r.diagnostics, []);
  assert.deepEqual(
    r.sidecar.firewallMarks.map((m) => [m.mark, m.protocol, m.ports]),
    [
      [53, 'udp', [{ from: 53, to: 53 }]],
      [53, 'tcp', [{ from: 53, to: 53 }, { from: 5353, to: 5354 }]],
      [9, 'sctp', [{ from: 3868, to: 3868 }]],
    ],
  );
});

test('sidecar: vip takes an address or address/prefix and is kept network-aligned', () => {
  const r = parseText('firewall_marks:\n  - {mark: 1, ports: [80], vip: 10.1.2.3}\n  - {mark: 2, ports: [80], vip: 10.1.2.0/24}\n  - {mark: 3, ports: [80], vip: 10.1.2.3/24}\n');
  assert.deepEqual(r.sidecar.firewallMarks.map((m) => m.vip), ['10.1.2.3/32', '10.1.2.0/24', '10.1.2.0/24']);
  assert.deepEqual(found('firewall_marks:\n  - {mark: 3, ports: [80], vip: 10.1.2.3/24}\n'), [['sidecar-vip-host-bits', 'warning', 2, 33, 11]]);
});

// One case per code: the text, then [code, severity, line, column, length]. A comment with
// non-ASCII text comes first in most of them: line numbers must not move.
const CASES: Array<[string, string, Array<[string, string, number, number, number]>]> = [
  ['syntax', '# réglages\nfirewall_marks: [1, 2]]\n', [['sidecar-syntax', 'error', 2, 23, 1]]],
  ['duplicate key', '# é\npersist:\n  sysctl: /etc/a.conf\n  sysctl: /etc/b.conf\n', [['sidecar-duplicate-key', 'error', 4, 3, 6]]],
  ['unknown key, with a suggestion', '# é\nftp_masquarade: true\n', [['sidecar-unknown-key', 'error', 2, 1, 14]]],
  ['unknown key in an entry', 'firewall_marks:\n  - mark: 80\n    port: [80]\n', [['sidecar-missing-key', 'error', 2, 5, 8], ['sidecar-unknown-key', 'error', 3, 5, 4]]],
  ['type: root', '- 1\n', [['sidecar-type', 'error', 1, 1, 3]]],
  ['type: ftp_masquerade', '# é\nftp_masquerade: yes\n', [['sidecar-type', 'error', 2, 17, 3]]],
  ['type: firewall_marks', 'firewall_marks: {mark: 80}\n', [['sidecar-type', 'error', 1, 17, 10]]],
  ['type: persist', 'persist: /etc/iptables\n', [['sidecar-type', 'error', 1, 10, 13]]],
  ['missing ports', 'firewall_marks:\n  - mark: 80\n', [['sidecar-missing-key', 'error', 2, 5, 8]]],
  ['missing mark', 'firewall_marks:\n  - ports: [80]\n', [['sidecar-missing-key', 'error', 2, 5, 11]]],
  ['mark range: zero', 'firewall_marks:\n  - mark: 0\n    ports: [80]\n', [['sidecar-mark-range', 'error', 2, 11, 1]]],
  ['mark range: too big', 'firewall_marks:\n  - mark: 4294967296\n    ports: [80]\n', [['sidecar-mark-range', 'error', 2, 11, 10]]],
  ['mark range: not decimal', 'firewall_marks:\n  - mark: 0x50\n    ports: [80]\n', [['sidecar-mark-range', 'error', 2, 11, 4]]],
  ['port range: too big', 'firewall_marks:\n  - mark: 80\n    ports: [80, 65536]\n', [['sidecar-port-range', 'error', 3, 17, 5]]],
  ['port range: backwards', 'firewall_marks:\n  - mark: 80\n    ports: [80, "2000:1000"]\n', [['sidecar-port-range', 'error', 3, 17, 11]]],
  ['port range: not a port', 'firewall_marks:\n  - mark: 80\n    ports: [http]\n', [['sidecar-port-range', 'error', 3, 13, 4]]],
  ['empty ports', 'firewall_marks:\n  - mark: 80\n    ports: []\n', [['sidecar-empty-ports', 'error', 3, 12, 2]]],
  ['port overlap', 'firewall_marks:\n  - mark: 21\n    ports: ["10000:20000", 15000]\n', [['sidecar-port-overlap', 'warning', 3, 28, 5]]],
  ['duplicate mark', 'firewall_marks:\n  - mark: 80\n    ports: [80]\n  - mark: 80\n    ports: [443]\n', [['sidecar-duplicate-mark', 'error', 4, 11, 2]]],
  ['vip', 'firewall_marks:\n  - mark: 80\n    ports: [80]\n    vip: 198.51.100.500\n', [['sidecar-vip', 'error', 4, 10, 14]]],
  ['protocol', 'firewall_marks:\n  - mark: 80\n    protocol: TCP\n    ports: [80]\n', [['sidecar-value', 'error', 3, 15, 3]]],
  ['manager', 'pulse:\n  manager: upstart\n', [['sidecar-value', 'error', 2, 12, 7]]],
  ['service name', 'pulse:\n  service: "pulse; reboot"\n', [['sidecar-value', 'error', 2, 12, 15]]],
  ['sysctl value', 'sysctl:\n  net.ipv4.vs.expire_nodest_conn: true\n', [['sidecar-value', 'error', 2, 35, 4]]],
  ['sysctl key', 'sysctl:\n  expire_nodest_conn: 1\n', [['sidecar-sysctl-key', 'error', 2, 3, 18]]],
  ['ip_forward', 'sysctl:\n  net.ipv4.ip_forward: 0\n', [['sidecar-ip-forward', 'error', 2, 24, 1]]],
  ['path: relative', 'persist:\n  iptables: etc/iptables\n', [['sidecar-path', 'error', 2, 13, 12]]],
  ['path: sysctl.d without .conf', 'persist:\n  sysctl: /etc/sysctl.d/lvs\n', [['sidecar-path', 'warning', 2, 11, 17]]],
  ['program', 'programs:\n  iptables_restore: sbin/iptables-restore\n', [['sidecar-program', 'error', 2, 21, 21]]],
  ['command program', 'pulse:\n  manager: command\n  status: [./pulse-ctl, status]\n  reload: [/bin/true]\n  restart: [/bin/true]\n', [['sidecar-program', 'error', 3, 12, 11]]],
  ['command missing actions', 'pulse:\n  manager: command\n  status: [/bin/true]\n', [['sidecar-missing-key', 'error', 2, 12, 7]]],
  ['unused command', 'pulse:\n  manager: systemctl\n  reload: [/bin/true]\n', [['sidecar-unused', 'warning', 3, 3, 6]]],
  ['ssh target', '# é\nrouters:\n  backup:\n    ssh: root@lvs2:99999\n', [['sidecar-ssh', 'error', 4, 10, 15]]],
  ['ssh without user', 'routers:\n  backup:\n    ssh: 192.0.2.2\n', [['sidecar-ssh', 'error', 3, 10, 9]]],
  ['router name', 'routers:\n  secondary:\n    ssh: root@lvs2\n', [['sidecar-unknown-key', 'error', 2, 3, 9]]],
  ['router key', 'routers:\n  backup:\n    identity: /root/.ssh/id\n', [['sidecar-unknown-key', 'error', 3, 5, 8]]],
  ['router path', 'routers:\n  backup:\n    known_hosts: .ssh/known_hosts\n', [['sidecar-path', 'error', 3, 18, 16]]],
  ['router type', 'routers:\n  backup: root@lvs2\n', [['sidecar-type', 'error', 2, 11, 9]]],
];

for (const [name, text, want] of CASES) {
  test(`sidecar diagnostic: ${name}`, () => {
    assert.deepEqual(found(text), want);
  });
}

test('sidecar: every documented code has a case above (and the README lists them)', () => {
  const readme = readFileSync(join(FIXTURES, '..', '..', 'src', 'apply', 'README.md'), 'utf8');
  const codes = new Set(CASES.flatMap(([, , w]) => w.map((d) => d[0])));
  codes.add('sidecar-encoding');
  codes.add('sidecar-vip-host-bits');
  const documented = [...readme.matchAll(/`(sidecar-[a-z-]+)`/g)].map((m) => m[1]).filter((c) => c !== 'sidecar-not-editable' && c !== 'sidecar-bad-path');
  assert.deepEqual([...new Set(documented)].sort(), [...codes].sort());
});

test('sidecar: columns count bytes, after non-ASCII text on the same line', () => {
  // "/srv/café/rules" is 15 characters and 16 bytes: the next value starts one byte further on
  assert.deepEqual(found('persist: {iptables: /srv/café/rules, sysctl: etc/sysctl.conf}\n'), [['sidecar-path', 'error', 1, 47, 15]]);
  // a 4-byte character (two UTF-16 units) before a syntax error: byte 13, not UTF-16 unit 12
  assert.deepEqual(found('# 🦊\nkey: "🦊" x\n'), [['sidecar-syntax', 'error', 2, 13, 1]]);
  assert.deepEqual(found('ftp_masquerade: "🦊"\n'), [['sidecar-type', 'error', 1, 17, 6]]);
  // a byte-order mark is three bytes of line 1
  assert.deepEqual(found('\ufeffftp_masquerade: 1\n'), [['sidecar-type', 'error', 1, 20, 1]]);
});

test('sidecar: bytes that are not UTF-8 are reported where they are; never throws', () => {
  const bytes = Uint8Array.from([...enc('# ok\nfirewall_marks: []\n# caf'), 0xe9, ...enc('\n')]);
  const r = parseSidecar(bytes, 'x');
  assert.deepEqual(r.diagnostics.map((d) => [d.code, d.span.line, d.span.column]), [['sidecar-encoding', 3, 6]]);
  for (const junk of ['{', ']]', 'a: b: c', '- - -', '&a [*a]', '!!binary x', 'firewall_marks: [{mark: [}]', '\0\0', 'a:\n\tb: 1', '? [1]\n: 2']) {
    const res = parseText(junk);
    assert.ok(Array.isArray(res.diagnostics), junk);
  }
});

test('sidecar: a file with YAML errors reads as defaults (no guessing from a broken document)', () => {
  const r = parseText('firewall_marks:\n  - mark: 80\n    ports: [80\nftp_masquerade: true\n');
  assert.ok(r.diagnostics.every((d) => d.code === 'sidecar-syntax'));
  assert.deepEqual([r.sidecar.firewallMarks, r.sidecar.ftpMasquerade], [[], false]);
});
