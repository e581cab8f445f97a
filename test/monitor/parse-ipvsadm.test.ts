// ipvsadm -Ln (and --persistent-conn), --stats (rounded and --exact) and --rate against scenario.json.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { destId, serviceId } from '../../src/monitor/ipvs-types';
import { parseIpvsadmList } from '../../src/monitor/parse-ipvsadm-list';
import { parseIpvsadmRate, parseIpvsadmStats, parseLargenum } from '../../src/monitor/parse-ipvsadm-stats';
import { fixture, largenum, mapCounters, mapRates, scenario, scenarioKey } from './parse-fixtures';

test('ipvsadm -Ln: services in sort order with flags, persistence, masks, ops and servers', () => {
  const l = parseIpvsadmList(fixture('ipvsadm-Ln.txt'));
  assert.deepEqual(l.issues, []);
  assert.equal(l.version, scenario.version);
  assert.equal(l.connTabSize, scenario.conn_tab_size);
  assert.deepEqual(l.columns, ['Forward', 'Weight', 'ActiveConn', 'InActConn']);
  assert.deepEqual(l.services.map((s) => serviceId(s.key)), scenario.services.map((s) => serviceId(scenarioKey(s))));
  for (const [i, want] of scenario.services.entries()) {
    const got = l.services[i];
    assert.deepEqual(got.key, scenarioKey(want));
    assert.deepEqual(
      { scheduler: got.scheduler, sched_flags: got.sched_flags, persistent_timeout: got.persistent_timeout, netmask: got.netmask, ops: got.ops, pe: got.pe },
      { scheduler: want.scheduler, sched_flags: want.sched_flags, persistent_timeout: want.persistent_timeout, netmask: want.netmask, ops: want.ops, pe: null },
      want.id,
    );
    assert.deepEqual(
      got.dests.map((d) => ({ address: d.address, port: d.port, forward: d.forward, weight: d.weight, activeconns: d.activeconns, inactconns: d.inactconns })),
      want.dests.map((d) => ({ address: d.address, port: d.port, forward: d.forward, weight: d.weight, activeconns: d.activeconns, inactconns: d.inactconns })),
      want.id,
    );
    assert.ok(got.dests.every((d) => d.persistconns === null));
  }
});

test('ipvsadm -Ln --persistent-conn: PersistConn by column name, no Forward column', () => {
  const l = parseIpvsadmList(fixture('ipvsadm-Ln-persistent-conn.txt'));
  assert.deepEqual(l.issues, []);
  assert.deepEqual(l.columns, ['Weight', 'PersistConn', 'ActiveConn', 'InActConn']);
  for (const [i, want] of scenario.services.entries()) {
    assert.deepEqual(l.services[i].key, scenarioKey(want));
    assert.deepEqual(l.services[i].sched_flags, want.sched_flags);
    assert.deepEqual(
      l.services[i].dests.map((d) => [destId(d), d.forward, d.weight, d.persistconns, d.activeconns, d.inactconns]),
      want.dests.map((d) => [destId(d), null, d.weight, d.persistconns, d.activeconns, d.inactconns]),
    );
  }
});

test('ipvsadm -Ln: IPv6 fwmark, negative marks of old ipvsadm, pe, 1.26 flag order, --tun-info, --thresholds', () => {
  const text = [
    'IP Virtual Server version 1.2.1 (size=4096)',
    'Prot LocalAddress:Port Scheduler Flags',
    '  -> RemoteAddress:Port           Forward TunnelInfo    Weight ActiveConn InActConn',
    'FWM  100 IPv6 wlc persistent 600 mask 64',
    '  -> [2001:db8:20::11]:0          Tunnel  ipip          1      0          0         ',
    'FWM  -2147483648 rr',
    'UDP  10.0.0.5:5060 rr persistent 360 ops pe sip',
    'TCP  10.0.0.6:80 sh ops persistent 30',
  ].join('\n');
  const l = parseIpvsadmList(text);
  assert.deepEqual(l.issues, []);
  assert.deepEqual(l.services[0].key, { protocol: 'FWM', af: 6, address: '', port: 0, fwmark: 100 });
  assert.equal(l.services[0].netmask, '64');
  assert.equal(l.services[0].dests[0].tunnel, 'ipip');
  assert.equal(l.services[0].dests[0].forward, 'Tunnel');
  assert.equal(l.services[1].key.fwmark, 2147483648);
  assert.equal(l.services[2].pe, 'sip');
  assert.equal(l.services[2].ops, true);
  assert.equal(l.services[3].ops, true);
  assert.equal(l.services[3].persistent_timeout, 30);
  assert.equal(l.services[3].netmask, '255.255.255.255');
  const th = parseIpvsadmList('Prot LocalAddress:Port            Uthreshold Lthreshold ActiveConn InActConn \n  -> RemoteAddress:Port\nTCP  10.0.0.10:80 wlc\n  -> 10.0.1.11:80                 1000      10        2          1         \n');
  assert.deepEqual([th.services[0].dests[0].uthreshold, th.services[0].dests[0].lthreshold, th.services[0].dests[0].weight], [1000, 10, null]);
});

test('ipvsadm -Ln: names instead of -n, truncated lines and garbage are reported, not guessed', () => {
  const text = 'TCP  ip-10-0-62-121.ec2.internal: rr\n  -> web1:http                     Route   1      0          0\nTCP  10.0.0.1:80 rr\n  -> 10.0.1.1:80                  Route   1\n  -> 10.0.1.2:80                  Route   1      0          0\n\x00\xff\n';
  const l = parseIpvsadmList(text);
  assert.equal(l.services.length, 1);
  assert.equal(l.services[0].dests.length, 1);
  assert.deepEqual(l.issues.map((i) => i.line), [1, 4, 6]);
  assert.deepEqual(parseIpvsadmList(''), { version: null, connTabSize: null, columns: ['Forward', 'Weight', 'ActiveConn', 'InActConn'], services: [], issues: [] });
});

test('ipvsadm --stats --exact: every counter of scenario.json, exact', () => {
  const n = parseIpvsadmStats(fixture('ipvsadm-Ln-stats-exact.txt'));
  assert.deepEqual(n.issues, []);
  assert.equal(n.exact, true);
  assert.deepEqual(
    n.services.map((s) => ({ key: s.key, values: s.values, dests: s.dests.map((d) => [destId(d), d.values]) })),
    scenario.services.map((s) => ({ key: scenarioKey(s), values: s.stats, dests: s.dests.map((d) => [destId(d), d.stats]) })),
  );
});

test('ipvsadm --stats without --exact: K/M suffixes read back as the truncated multiples', () => {
  const n = parseIpvsadmStats(fixture('ipvsadm-Ln-stats.txt'));
  assert.deepEqual(n.issues, []);
  assert.equal(n.exact, false);
  assert.deepEqual(
    n.services.map((s) => ({ key: s.key, values: s.values, dests: s.dests.map((d) => [destId(d), d.values]) })),
    scenario.services.map((s) => ({ key: scenarioKey(s), values: mapCounters(s.stats, largenum), dests: s.dests.map((d) => [destId(d), mapCounters(d.stats, largenum)]) })),
  );
  assert.deepEqual(parseLargenum('8209M'), [8209000000, false]);
  assert.deepEqual(parseLargenum('12G'), [12e9, false]);
  assert.deepEqual(parseLargenum('3T'), [3e12, false]);
  assert.deepEqual(parseLargenum('99999999'), [99999999, true]);
  assert.equal(parseLargenum('12k'), null);
  assert.equal(parseLargenum('-1'), null);
});

test('ipvsadm --rate: the kernel estimator rates of scenario.json', () => {
  const n = parseIpvsadmRate(fixture('ipvsadm-Ln-rate.txt'));
  assert.deepEqual(n.issues, []);
  // these rates are small: nothing is shortened (service values above 10^8 would be, servers' CPS/PPS never)
  assert.equal(n.exact, true);
  assert.deepEqual(
    n.services.map((s) => ({ key: s.key, values: s.values, dests: s.dests.map((d) => [destId(d), d.values]) })),
    scenario.services.map((s) => ({ key: scenarioKey(s), values: mapRates(s.rate, (v) => v), dests: s.dests.map((d) => [destId(d), d.rate]) })),
  );
  const big = parseIpvsadmRate('Prot LocalAddress:Port                 CPS    InPPS   OutPPS    InBPS   OutBPS\nTCP  10.0.0.10:80                       81     2192        0  1250000K   4022M\n  -> 10.0.1.11:80                123456789     1102        0   121874        0\n');
  assert.equal(big.services[0].values.inbps, 1250000000);
  assert.equal(big.services[0].dests[0].values.cps, 123456789);
  assert.equal(big.exact, false);
});

test('ipvsadm --stats: the wrong listing, 64-bit values, truncation, garbage', () => {
  const rate = parseIpvsadmStats(fixture('ipvsadm-Ln-rate.txt'));
  assert.match(rate.issues[0].message, /not ipvsadm --stats output/);
  const wide = parseIpvsadmStats('TCP  10.0.0.10:80 18446744073709551615 1 2 3 4\n  -> 10.0.1.1:80 1 2 3 4 5\n');
  assert.deepEqual(wide.issues, []);
  assert.equal(wide.services[0].values.conns, 18446744073709551615);
  const bad = parseIpvsadmStats('TCP  10.0.0.10:80 1 2 3 4\n  -> 10.0.1.1:80 1 2 3 4 5\nTCP  10.0.0.11:80 1 2 3 4 5\n  -> 10.0.1.1:80 1 2 x 4 5\n  -> 10.0.1.2:80 1 2 3 4 5\ngarbage\n');
  assert.deepEqual(bad.services.map((s) => [serviceId(s.key), s.dests.length]), [['TCP 10.0.0.11:80', 1]]);
  assert.deepEqual(bad.issues.map((i) => i.line), [1, 4, 6]);
  assert.deepEqual(parseIpvsadmStats('').services, []);
});
