// /proc/net/ip_vs: the fixture against scenario.json, then the pitfalls of spec §3.1 by hand.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { destId, serviceId } from '../../src/monitor/ipvs-types';
import { decodeProcMask, parseProcIpvs } from '../../src/monitor/parse-proc-ip-vs';
import { fixture, scenario, scenarioKey } from './parse-fixtures';

const HEAD = 'IP Virtual Server version 1.2.1 (size=4096)\nProt LocalAddress:Port Scheduler Flags\n  -> RemoteAddress:Port Forward Weight ActiveConn InActConn\n';

test('proc ip_vs: the fixture parses to scenario.json (what /proc carries)', () => {
  const t = parseProcIpvs(fixture('proc-ip_vs.txt'));
  assert.deepEqual(t.issues, []);
  assert.equal(t.version, scenario.version);
  assert.equal(t.connTabSize, scenario.conn_tab_size);
  assert.equal(t.services.length, scenario.services.length);
  const byId = new Map(t.services.map((s) => [serviceId(s), s]));
  for (const want of scenario.services) {
    const key = scenarioKey(want);
    const got = byId.get(serviceId(key));
    assert.ok(got, `${want.id} ${serviceId(key)} missing`);
    assert.deepEqual(
      { protocol: got.protocol, af: got.af, address: got.address, port: got.port, fwmark: got.fwmark, scheduler: got.scheduler, persistent_timeout: got.persistent_timeout, netmask: got.netmask, ops: got.ops },
      { ...key, scheduler: want.scheduler, persistent_timeout: want.persistent_timeout, netmask: want.netmask, ops: want.ops },
      want.id,
    );
    // not in /proc: scheduler flags, counters, rates, PersistConn
    assert.deepEqual(got.sched_flags, []);
    assert.equal(got.stats, null);
    assert.equal(got.rate, null);
    assert.equal(got.dests.length, want.dests.length, want.id);
    const dests = new Map(got.dests.map((d) => [destId(d), d]));
    for (const wd of want.dests) {
      const d = dests.get(destId(wd));
      assert.ok(d, `${want.id} ${destId(wd)} missing`);
      assert.deepEqual(d, { address: wd.address, port: wd.port, forward: wd.forward, weight: wd.weight, activeconns: wd.activeconns, inactconns: wd.inactconns, persistconns: null, stats: null, rate: null });
    }
  }
});

test('proc ip_vs: real servers keep the kernel order (newest first), services keep file order', () => {
  const t = parseProcIpvs(fixture('proc-ip_vs.txt'));
  assert.deepEqual(t.services.map((s) => serviceId(s)), ['TCP 10.0.0.20:8080', 'SCTP 10.0.0.70:3868', 'TCP 10.0.0.10:80', 'TCP [2001:db8:10::10]:80', 'UDP 10.0.0.53:53', 'TCP 10.0.0.10:443', 'UDP 10.0.0.60:514', 'FWM 100']);
  assert.deepEqual(t.services[2].dests.map((d) => d.address), ['10.0.1.13', '10.0.1.12', '10.0.1.11']);
});

test('proc ip_vs: trimmed trailing spaces, CRLF and tabs read the same as the kernel text', () => {
  const text = fixture('proc-ip_vs.txt');
  const want = parseProcIpvs(text);
  const trimmed = parseProcIpvs(text.split('\n').map((l) => l.trimEnd()).join('\n'));
  const crlf = parseProcIpvs(text.replace(/\n/g, '\r\n'));
  const tabs = parseProcIpvs(text.replace(/ {6}/g, '\t'));
  for (const t of [trimmed, crlf, tabs]) {
    assert.deepEqual(t.issues, []);
    assert.deepEqual(t.services, want.services);
  }
});

test('proc ip_vs: empty text, header only, no version line', () => {
  assert.deepEqual(parseProcIpvs(''), { version: null, connTabSize: null, services: [], issues: [] });
  const h = parseProcIpvs(HEAD);
  assert.deepEqual(h, { version: '1.2.1', connTabSize: 4096, services: [], issues: [] });
  const big = parseProcIpvs(HEAD.replace('4096', '1048576') + 'TCP  0A00000A:0050 rr  \n');
  assert.equal(big.connTabSize, 1048576);
  const headless = parseProcIpvs('TCP  0A00000A:0050 rr  \n  -> 0A00010B:0050      Route   1      0          0         \n');
  assert.equal(headless.version, null);
  assert.equal(headless.services[0].dests.length, 1);
});

test('proc ip_vs: a truncated last line (read cut short) costs that line only', () => {
  const text = HEAD + 'TCP  0A00000A:0050 wlc  \n  -> 0A00010B:0050      Route   100    2          1         \n  -> 0A00010C:0050      Route   100    2';
  const t = parseProcIpvs(text);
  assert.equal(t.services.length, 1);
  assert.equal(t.services[0].dests.length, 1);
  assert.deepEqual(t.issues, [{ line: 6, message: 'truncated real-server line' }]);
  const cutAddress = parseProcIpvs(HEAD + 'TCP  0A00000A:0050 wlc  \n  -> 0A0001');
  assert.equal(cutAddress.services.length, 1);
  assert.equal(cutAddress.issues.length, 1);
  const cutService = parseProcIpvs(HEAD + 'TCP  0A0000');
  assert.deepEqual(cutService.services, []);
  assert.equal(cutService.issues.length, 1);
});

test('proc ip_vs: garbage and binary never throw and are reported, the good lines still read', () => {
  const text = HEAD + 'hello world\n\x00\x01\xff\xfe garbage\nTCP  0A00000A:0050 rr  \n  -> 0A00010B:0050      Route   1      0          0         \n  -> 0A00010C:0050      Sideways 1   0          0\n  -> ZZZZZZZZ:0050      Route   1      0          0\n';
  const t = parseProcIpvs(text);
  assert.equal(t.services.length, 1);
  assert.equal(t.services[0].dests.length, 1);
  assert.equal(t.issues.length, 4);
  assert.match(t.issues[0].message, /^unreadable line "hello world"/);
  assert.doesNotMatch(t.issues[1].message, /[\x00-\x1f]/);
  const junk = parseProcIpvs('\x00'.repeat(1000) + '\n' + 'x'.repeat(100000));
  assert.deepEqual(junk.services, []);
  assert.ok(junk.issues.every((i) => i.message.length < 120));
});

test('proc ip_vs: real servers before any service, and under an unreadable service, are skipped', () => {
  const t = parseProcIpvs(HEAD + '  -> 0A00010B:0050      Route   1      0          0\nIP_47  0A00000A:0000 rr  \n  -> 0A00010B:0000      Route   1      0          0\n');
  assert.deepEqual(t.services, []);
  assert.deepEqual(t.issues.map((i) => i.message), ['real server outside any service', 'unsupported service protocol IP_47; its real servers are skipped']);
});

test('proc ip_vs: scheduler none, Local forwarding, a negative weight, ops on FWM', () => {
  const t = parseProcIpvs(HEAD + 'TCP  0A00000A:0050 none  \n  -> 7F000001:0050      Local   -1     0          0         \nFWM  00003DA3 rr ops \n  -> 0A00010B:0000      Tunnel  5      0          0         \n');
  assert.deepEqual(t.issues, []);
  assert.equal(t.services[0].scheduler, 'none');
  assert.equal(t.services[0].dests[0].forward, 'Local');
  assert.equal(t.services[0].dests[0].weight, -1);
  assert.equal(t.services[1].fwmark, 0x3da3);
  assert.equal(t.services[1].ops, true);
  assert.equal(t.services[1].dests[0].forward, 'Tunnel');
});

test('proc ip_vs: IPv6 persistence mask is ntohl(prefix length): 80000000 is /128, 00000040 is /64', () => {
  const v6 = (mask: string) =>
    parseProcIpvs(HEAD + `TCP  [2001:0db8:0010:0000:0000:0000:0000:0010]:01BB wlc persistent 300 ${mask}\n  -> [2001:0db8:0020:0000:0000:0000:0000:0011]:01BB      Route   1      0          0         \n`);
  assert.equal(v6('80000000').services[0].netmask, '128');
  assert.equal(v6('40000000').services[0].netmask, '64');
  assert.equal(v6('00000040').services[0].netmask, '64'); // a big-endian host
  const bad = v6('FFFFFF00');
  assert.equal(bad.services[0].netmask, null);
  assert.match(bad.issues[0].message, /neither a netmask nor a prefix length/);
  assert.equal(decodeProcMask('FFFFFF00', 4), '255.255.255.0');
  assert.equal(decodeProcMask('FFFFFFFF', 4), '255.255.255.255');
});

test('proc ip_vs: an FWM service is IPv6 when its real servers are, and its mask is read as a prefix', () => {
  const t = parseProcIpvs(HEAD + 'FWM  00000065 wlc persistent 600 80000000\n  -> [2001:0db8:0020:0000:0000:0000:0000:0011]:0000      Route   1      0          0         \nFWM  00000066 wlc persistent 600 FFFFFFFF\n');
  assert.deepEqual(t.issues, []);
  assert.equal(t.services[0].af, 6);
  assert.equal(t.services[0].netmask, '128');
  assert.equal(t.services[0].dests[0].address, '2001:db8:20::11');
  assert.equal(t.services[1].af, 4, 'no servers: IPv4 by default');
  assert.equal(t.services[1].netmask, '255.255.255.255');
});

test('proc ip_vs: unknown service flags are reported, the service kept', () => {
  const t = parseProcIpvs(HEAD + 'TCP  0A00000A:0050 wlc  frobnicate\n');
  assert.equal(t.services.length, 1);
  assert.match(t.issues[0].message, /unknown service flag "frobnicate"/);
});
