// mergeLive: every state of a virtual service and of a real server, matched the way lvsd creates
// them, on the fixtures' scenario with an lvs.cf describing part of it, and on hand-made samples.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MergedService, MonitorView, RateView, mergeLive } from '../../src/monitor/merge';
import { servicePort } from '../../src/monitor/merge-ports';
import { canonicalAddress } from '../../src/monitor/merge-address';
import { Rates } from '../../src/monitor/ipvs-types';
import { defaultSidecar } from '../../src/apply/sidecar-model';
import { dest, emptySample, fixtureRouter, liveService, oneVirtual, scenarioSample } from './merge-helpers';

const svc = (view: MonitorView, name: string): MergedService => {
  const s = view.services.find((x) => x.name === name || x.id === name);
  assert.ok(s, `no service ${name} in ${view.services.map((x) => x.name ?? x.id).join(', ')}`);
  return s;
};
const states = (s: MergedService) => s.servers.map((r) => [r.name ?? r.address, r.state, r.weight.live, r.weight.configured]);

test('merge: the fixtures with lvs.cf: services in lvs.cf order, then the table\'s unconfigured ones', () => {
  const view = mergeLive(fixtureRouter(), scenarioSample());
  assert.deepEqual(
    view.services.map((s) => [s.name, s.id, s.state, s.health]),
    [
      ['web', 'TCP 10.0.0.10:80', 'live', 'degraded'],
      ['https', 'TCP 10.0.0.10:443', 'live', 'ok'],
      ['dns', 'UDP 10.0.0.53:53', 'live', 'ok'],
      ['syslog', 'UDP 10.0.0.60:514', 'inactive', null],
      ['marked', 'FWM 100', 'live', 'ok'],
      ['mail', 'TCP 10.0.0.25:25', 'missing', 'down'],
      [null, 'TCP 10.0.0.20:8080', 'unconfigured', null],
      [null, 'SCTP 10.0.0.70:3868', 'unconfigured', null],
      [null, 'TCP [2001:db8:10::10]:80', 'unconfigured', null],
    ],
  );
  assert.equal(view.health, 'degraded');
  assert.equal(view.summary, '5 active virtual servers: 1 down, 1 degraded');
  assert.deepEqual(view.counts.services, { live: 4, missing: 1, inactive: 1, unconfigured: 3, unknown: 0 });
  assert.equal(view.ipvs.available, true);
  assert.equal(view.ipvs.version, '1.2.1');
});

test('merge: up, quiesced (weight 0), down (not in the table) and inactive real servers', () => {
  const web = svc(mergeLive(fixtureRouter(), scenarioSample()), 'web');
  assert.deepEqual(states(web), [
    ['web1', 'up', 100, 100],
    ['web2', 'up', 100, 100],
    ['web3', 'quiesced', 0, 100],
    ['web4', 'down', null, 100],
    ['web5', 'inactive', null, 100],
  ]);
  assert.match(web.servers[2].reason, /^weight 0 of 100: nanny quiesced it after a failed check \(quiesce_server = 1\)/);
  assert.equal(web.servers[3].reason, 'not in the table: nanny removed it after a failed check');
  assert.equal(web.reason, '2 of 4 real servers up (2 down or quiesced)');
  // live connections per real server and summed per service
  assert.deepEqual(web.servers.map((s) => [s.activeconns, s.inactconns]), [[2, 1], [2, 2], [1, 0], [null, null], [null, null]]);
  assert.equal(web.activeconns, 5);
  assert.equal(web.inactconns, 3);
  assert.equal(web.stats?.conns, 2815514);
  assert.equal(web.rate?.cps, 81, "the kernel estimator's rate from the sample");
  assert.equal(web.servers[0].forward, 'Route');
});

test('merge: a live weight below the configured one is ramping (slow start), not an alarm', () => {
  const https = svc(mergeLive(fixtureRouter(), scenarioSample()), 'https');
  assert.deepEqual(states(https), [
    ['web1', 'ramping', 1, 4],
    ['web2', 'up', 1, 1],
  ]);
  assert.equal(https.health, 'ok');
  assert.equal(https.reason, '2 of 2 real servers up, 1 ramping up');
  assert.equal(https.servers[0].reason, "weight 1 of 4: nanny's slow start (normal)");
  assert.deepEqual(https.live, { scheduler: 'wlc', schedFlags: [], persistentTimeout: 300, netmask: '255.255.255.0', ops: false });
  assert.deepEqual(https.differences, []);
  assert.equal(https.persistconns, 2);
});

test('merge: port names from /etc/services and UDP; fwmark services by mark, their real servers by address', () => {
  const view = mergeLive(fixtureRouter(), scenarioSample());
  assert.deepEqual(states(svc(view, 'dns')), [['dns1', 'up', 3, 3], ['dns2', 'up', 1, 1]]);
  const marked = svc(view, 'marked');
  assert.deepEqual(states(marked), [['m1', 'up', 1, 1], ['m2', 'up', 1, 1]]);
  assert.deepEqual(marked.key, { protocol: 'FWM', af: 4, address: '', port: 0, fwmark: 100 });
  assert.equal(marked.servers[0].port, 80, "the configured port (the kernel keeps 0 for fwmark services)");
});

test('merge: an inactive virtual still in the table says pulse has not reloaded; its servers are inactive', () => {
  const syslog = svc(mergeLive(fixtureRouter(), scenarioSample()), 'syslog');
  assert.equal(syslog.state, 'inactive');
  assert.equal(syslog.health, null);
  assert.equal(syslog.reason, 'active = 0 in lvs.cf, but still in the IPVS table (pulse has not reloaded lvs.cf since)');
  assert.deepEqual(states(syslog), [
    ['log1', 'inactive', 1, 1],
    ['10.0.2.42', 'unconfigured', 1, null],
  ]);
  assert.match(syslog.servers[0].reason, /still in the table at weight 1/);
});

test('merge: live services lvs.cf does not describe keep their real servers, as unconfigured', () => {
  const view = mergeLive(fixtureRouter(), scenarioSample());
  const v6 = svc(view, 'TCP [2001:db8:10::10]:80');
  assert.deepEqual(v6.key, { protocol: 'TCP', af: 6, address: '2001:db8:10::10', port: 80, fwmark: 0 });
  assert.deepEqual(v6.servers.map((s) => [s.address, s.port, s.state]), [['2001:db8:20::11', 80, 'unconfigured'], ['2001:db8:20::12', 80, 'unconfigured']]);
  assert.match(v6.reason, /lvs\.cf does not describe it/);
  const nat = svc(view, 'TCP 10.0.0.20:8080');
  assert.deepEqual(nat.servers.map((s) => `${s.address}:${s.port}`), ['192.168.10.21:8080', '192.168.10.22:8081']);
  assert.equal(view.counts.servers.unconfigured, 7);
});

test('merge: a missing service (pulse not running, or the standby) and its servers', () => {
  const view = mergeLive(fixtureRouter(), emptySample());
  const web = svc(view, 'web');
  assert.equal(web.state, 'missing');
  assert.equal(web.health, 'down');
  assert.equal(web.reason, 'not in the IPVS table: pulse/lvsd is not running, or this router is the standby');
  assert.deepEqual(web.servers.map((s) => s.state), ['missing', 'missing', 'missing', 'missing', 'inactive']);
  assert.equal(view.health, 'down');
  assert.equal(view.summary, 'none of 5 active virtual servers is in the IPVS table');
});

test('merge: IPVS not loaded is a table with nothing in it, said so', () => {
  const view = mergeLive(fixtureRouter(), emptySample({ reason: 'not-loaded', message: 'IPVS is not loaded (no /proc/net/ip_vs)' }));
  assert.equal(view.ipvs.available, false);
  assert.equal(svc(view, 'web').state, 'missing');
  assert.match(svc(view, 'web').reason, /IPVS is not loaded/);
  assert.equal(view.summary, 'IPVS is not loaded: none of 5 active virtual servers is in the table');
});

test('merge: an unreadable table makes every active service unknown, not missing', () => {
  const view = mergeLive(fixtureRouter(), emptySample({ reason: 'permission', message: 'permission denied reading /proc/net/ip_vs' }));
  assert.deepEqual(view.services.map((s) => [s.name, s.state, s.health]), [
    ['web', 'unknown', 'unknown'],
    ['https', 'unknown', 'unknown'],
    ['dns', 'unknown', 'unknown'],
    ['syslog', 'inactive', null],
    ['marked', 'unknown', 'unknown'],
    ['mail', 'unknown', 'unknown'],
  ]);
  assert.equal(svc(view, 'web').servers[0].state, 'unknown');
  assert.equal(view.health, 'unknown');
  assert.equal(view.summary, 'the IPVS table could not be read: permission denied reading /proc/net/ip_vs');
});

test('merge: the sorry server lvsd adds when every real server is down', () => {
  const config = oneVirtual(['address = 10.0.0.5 eth0:1', 'sorry_server = 10.9.9.9', 'port = 80'], [['a', '10.0.1.1', 2], ['b', '10.0.1.2', 2]]);
  const view = mergeLive(config, scenarioSample([liveService('TCP', '10.0.0.5', 80, [dest('10.9.9.9', 80, 1, { activeconns: 3 })])]));
  const v = svc(view, 'v');
  assert.deepEqual(v.servers.map((s) => [s.name, s.address, s.state]), [['a', '10.0.1.1', 'down'], ['b', '10.0.1.2', 'down'], [null, '10.9.9.9', 'sorry']]);
  assert.equal(v.health, 'down');
  assert.equal(v.reason, 'none of 2 real servers up: the sorry server answers');
  assert.equal(v.activeconns, 3);
  assert.equal(view.health, 'down');
  assert.equal(view.summary, 'the 1 active virtual server is down');
});

test('merge: a weight above the configured one is load_monitor (normal) or a hand change', () => {
  const byHand = oneVirtual(['address = 10.0.0.5 eth0:1'], [['a', '10.0.1.1', 2]]);
  const withMonitor = oneVirtual(['address = 10.0.0.5 eth0:1', 'load_monitor = uptime'], [['a', '10.0.1.1', 2]]);
  const sample = scenarioSample([liveService('TCP', '10.0.0.5', 80, [dest('10.0.1.1', 80, 15)])]);
  const a = svc(mergeLive(byHand, sample), 'v').servers[0];
  assert.deepEqual([a.state, a.reason], ['up', 'weight 15, 2 in lvs.cf: changed by hand (ipvsadm -e)']);
  const b = svc(mergeLive(withMonitor, sample), 'v').servers[0];
  assert.deepEqual([b.state, b.reason], ['up', 'weight 15, 2 in lvs.cf: load_monitor (uptime) raised it (normal)']);
});

test('merge: quiesced without quiesce_server is a drain by hand; the real port is matched', () => {
  const config = oneVirtual(['address = 10.0.0.5 eth0:1', 'port = 8080'], [['a', '10.0.1.1', 5]]);
  const sample = scenarioSample([liveService('TCP', '10.0.0.5', 8080, [dest('10.0.1.1', 8080, 0), dest('10.0.1.1', 9090, 5)])]);
  const v = svc(mergeLive(config, sample), 'v');
  assert.deepEqual(v.servers.map((s) => [s.name, s.port, s.state]), [['a', 8080, 'quiesced'], [null, 9090, 'unconfigured']]);
  assert.equal(v.servers[0].reason, 'weight 0 of 5: drained by hand (quiesce_server = 0, so not by nanny); no new connections');
  assert.equal(v.health, 'degraded', 'only a real server lvs.cf does not describe serves');
});

test('merge: scheduler and persistence that differ from lvs.cf are reported (a reload does not change them)', () => {
  const config = oneVirtual(['address = 10.0.0.5 eth0:1', 'scheduler = rr', 'persistent = 60'], [['a', '10.0.1.1', 1]]);
  const v = svc(mergeLive(config, scenarioSample([liveService('TCP', '10.0.0.5', 80, [dest('10.0.1.1', 80, 1)])])), 'v');
  assert.deepEqual(v.differences, ['scheduler wlc in the table, rr in lvs.cf', 'persistence off in the table, 60 s in lvs.cf']);
});

test('merge: a port lvs-tui cannot resolve or a host-name address is unknown, never a false alarm', () => {
  const badPort = oneVirtual(['address = 10.0.0.5 eth0:1', 'port = gopherish'], [['a', '10.0.1.1', 1]]);
  const v = svc(mergeLive(badPort, scenarioSample([])), 'virtual v');
  assert.deepEqual([v.state, v.health, v.key], ['unknown', 'unknown', null]);
  assert.equal(v.reason, 'cannot find it in the table: port "gopherish" is not a port number or a service name lvs-tui knows');
  const hostName = oneVirtual(['address = 10.0.0.5 eth0:1'], [['a', 'web1.example.com', 1], ['b', '10.0.1.2', 1]]);
  const h = svc(mergeLive(hostName, scenarioSample([liveService('TCP', '10.0.0.5', 80, [dest('10.0.1.2', 80, 1), dest('10.0.1.1', 80, 1)])])), 'v');
  assert.deepEqual(h.servers.map((s) => s.state), ['unknown', 'up', 'unconfigured']);
  assert.equal(h.health, 'unknown');
});

test('merge: failover blocks are not IPVS services; an lvs.cf with no active virtual is ok', () => {
  const config = oneVirtual(['address = 10.0.0.5 eth0:1'], [['a', '10.0.1.1', 1, false]]);
  const inactive = { ...config, virtuals: config.virtuals.map((v) => ({ ...v, active: false })) };
  const view = mergeLive(inactive, emptySample());
  assert.deepEqual([view.health, view.summary], ['ok', 'no active virtual server in lvs.cf']);
  const withFailover = mergeLive({ ...config, virtuals: config.virtuals.map((v) => ({ ...v, kind: 'failover' as const })) }, emptySample());
  assert.deepEqual(withFailover.services, []);
});

test('merge: computed rates win over the sample\'s, per service, per real server and in total', () => {
  const r = (cps: number): Rates => ({ cps, inpps: cps * 10, outpps: 0, inbps: cps * 1000, outbps: 0 });
  const rates: RateView = {
    services: new Map([
      ['TCP 10.0.0.10:80', { rates: r(7), dests: new Map([['10.0.1.11:80', { rates: r(3) }], ['10.0.1.13:80', { rates: null }]]) }],
      ['UDP 10.0.0.53:53', { rates: null, dests: new Map() }],
    ]),
    total: { rates: r(99) },
  };
  const view = mergeLive(fixtureRouter(), scenarioSample(), rates);
  const web = svc(view, 'web');
  assert.equal(web.rate?.cps, 7);
  assert.equal(web.servers[0].rate?.cps, 3);
  assert.equal(web.servers[1].rate?.cps, 40, "the sample's own rate where the view has none");
  assert.equal(web.servers[2].rate, null, 'a reset in the interval: no rate rather than a stale one');
  assert.equal(svc(view, 'dns').rate, null);
  assert.equal(svc(view, 'https').rate?.cps, 23);
  assert.equal(view.totalRate?.cps, 99);
});

test('merge: the sidecar tells what traffic a firewall mark stands for', () => {
  const sidecar = { ...defaultSidecar(), firewallMarks: [{ mark: 100, protocol: 'tcp' as const, ports: [{ from: 80, to: 80 }, { from: 8000, to: 8100 }], vip: null, index: 0 }] };
  const marked = svc(mergeLive(fixtureRouter(), scenarioSample(), null, sidecar), 'marked');
  assert.deepEqual(marked.marks, [{ protocol: 'tcp', ports: '80,8000-8100', vip: null }]);
});

test('merge: /etc/services names and address forms', () => {
  assert.deepEqual(['http', 'HTTPS', 'domain', 'smtp', '8080', '0x50', 'nope', '70000', ''].map(servicePort), [80, 443, 53, 25, 8080, 80, null, null, null]);
  assert.deepEqual(
    ['10.0.0.1', '010.000.000.001', '2001:DB8:0:0:0:0:0:1', '[2001:db8::1]', '2001:db8:0:1:0:0:0:1', '::ffff:10.0.0.1', '::', '1.2.3', 'host.example', '2001:db8::1::2'].map(canonicalAddress),
    ['10.0.0.1', '10.0.0.1', '2001:db8::1', '2001:db8::1', '2001:db8:0:1::1', '::ffff:a00:1', '::', null, null, null],
  );
});
