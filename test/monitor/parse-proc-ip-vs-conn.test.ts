// /proc/net/ip_vs_conn, ip_vs_conn_sync and `ipvsadm -Lnc` against scenario.json's connections.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseProcIpvsConn } from '../../src/monitor/parse-proc-ip-vs-conn';
import { parseIpvsadmConn } from '../../src/monitor/parse-ipvsadm-conn';
import { IpvsConnection } from '../../src/monitor/parse-proc-ip-vs-conn';
import { fixture, scenario } from './parse-fixtures';

function expected(): object[] {
  return [...scenario.connections]
    .sort((a, b) => a.order - b.order)
    .map((c) => ({ proto: c.proto, caddr: c.caddr, cport: c.cport, vaddr: c.vaddr, vport: c.vport, daddr: c.daddr, dport: c.dport, state: c.state, expires: c.expires, template: c.template }));
}

const core = (c: IpvsConnection) => ({ proto: c.proto, caddr: c.caddr, cport: c.cport, vaddr: c.vaddr, vport: c.vport, daddr: c.daddr, dport: c.dport, state: c.state, expires: c.expires, template: c.template });

test('proc ip_vs_conn: every row, in file order, as scenario.json (IPv6, SCTP shift, templates)', () => {
  const t = parseProcIpvsConn(fixture('proc-ip_vs_conn.txt'));
  assert.deepEqual(t.issues, []);
  assert.equal(t.sync, false);
  assert.deepEqual(t.connections.map(core), expected());
  const fwm = t.connections.filter((c) => c.proto === 'IP');
  assert.deepEqual(fwm.map((c) => c.fwmark), [100, 100]);
  assert.ok(t.connections.every((c) => c.origin === null && c.peName === null));
});

test('proc ip_vs_conn_sync: the Origin column', () => {
  const t = parseProcIpvsConn(fixture('proc-ip_vs_conn_sync.txt'));
  assert.deepEqual(t.issues, []);
  assert.equal(t.sync, true);
  assert.deepEqual(t.connections.map(core), expected());
  assert.ok(t.connections.every((c) => c.origin === 'LOCAL'));
});

test('ipvsadm -Lnc: the same rows, MM:SS expiry, fwmark templates as 0.0.0.100', () => {
  const t = parseIpvsadmConn(fixture('ipvsadm-Lnc.txt'));
  assert.deepEqual(t.issues, []);
  assert.deepEqual(t.connections.map(core), expected());
  assert.deepEqual(t.connections.filter((c) => c.template).map((c) => c.fwmark), [100, 100, 0, 0]);
});

test('proc ip_vs_conn: persistence engine columns, SYNC origin, old-kernel NONE templates', () => {
  const head = 'Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires PEName PEData\n';
  const t = parseProcIpvsConn(head + 'UDP C0000234 13C4 0A000014 13C4 C0A80A16 13C4 UDP             120 sip a84b4c76e66710\nTCP CB007100 0000 0A00000A 01BB 0A00010C 01BB NONE            241\n');
  assert.deepEqual(t.issues, []);
  assert.equal(t.connections[0].peName, 'sip');
  assert.equal(t.connections[0].peData, 'a84b4c76e66710');
  assert.equal(t.connections[1].template, true);
  const sync = parseProcIpvsConn('Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Origin Expires\nTCP C0000234 9D08 0A000014 1F90 C0A80A16 1F91 ESTABLISHED SYNC       520\n');
  assert.equal(sync.connections[0].origin, 'SYNC');
});

test('proc ip_vs_conn: patched-kernel layouts, hex states, truncated and garbage rows are reported, not guessed', () => {
  const head = 'Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires PEName PEData\n';
  const rows = [
    'TCP C0000234 9D08 0A000014 1F90 C0A80A16 1F91 ESTABLISHED     520', // good
    'TCP C0000234 9D08 0A000014 1F90 C0A80A16 1F91 0A000001 1F90 ESTABLISHED 520', // FULLNAT-style extra columns
    'TCP C0000234 9D08 0A000014 1F90 C0A80A16 1F91 00000001     520', // hex in the state column
    'TCP C0000234 9D08 0A000014 1F90 C0A80A16 1F91 ESTABLISHED     5x0',
    'TCP C0000234 9D08 0A0000',
    '\x00\x01 garbage',
  ];
  const t = parseProcIpvsConn(head + rows.join('\r\n') + '\r\n');
  assert.equal(t.connections.length, 1);
  assert.deepEqual(t.issues.map((i) => i.line), [3, 4, 5, 6, 7]);
  assert.match(t.issues[1].message, /unknown state "00000001"/);
  assert.deepEqual(parseProcIpvsConn('').connections, []);
  assert.deepEqual(parseProcIpvsConn(head), { connections: [], sync: false, issues: [] });
  const lnc = parseIpvsadmConn('IPVS connection entries\npro expire state       source             virtual            destination\nTCP 08:40  ESTABLISHED www.example.com:http 10.0.0.20:8080 192.168.10.22:8081\nTCP 8:4  ESTABLISHED 1.2.3.4:5 10.0.0.20:8080 192.168.10.22:8081\n');
  assert.equal(lnc.connections.length, 0);
  assert.equal(lnc.issues.length, 2);
});
