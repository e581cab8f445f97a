// The columnar mergeLive (states and counts on the table's columns, service objects made on demand)
// against the object-based merge it replaced (merge-reference.ts), on the fixture router and on
// random lvs.cf files and tables: servers up, ramping, quiesced, down, inactive, sorry, unconfigured,
// host names, IPv6, firewall marks, unconfigured services, an unreadable table, computed rates.
// Also: serviceAt(i) is services[i], the counts are the services' own, judgeRouter reads the same
// from the counts, and status --json written in chunks parses to statusJson's document.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LvsConfig } from '../../src/config/model';
import { IpvsSample, LiveDest, LiveService } from '../../src/monitor/ipvs-types';
import { columnsFromServices } from '../../src/monitor/ipvs-columns';
import { MonitorView, SERVER_STATES, SERVICE_STATES, mergeLive } from '../../src/monitor/merge';
import { judgeRouter } from '../../src/monitor/merge-health';
import { computeRates } from '../../src/monitor/rates';
import { sampleFromColumns } from '../../src/monitor/sample';
import { statusJson, writeStatusJson } from '../../src/present/status-json';
import { StatusReport } from '../../src/present/status-report';
import { defaultSidecar } from '../../src/apply/sidecar-model';
import { mergeLive as referenceMerge } from './merge-reference';
import { dest, fixtureRouter, liveService, model, scenarioSample } from './merge-helpers';
import { baseSeed, forAll, Rng } from '../helpers/prng';

function plainView(v: MonitorView) {
  const { serviceAt: _a, serviceCount: _c, serviceOutlineAt: _o, ...rest } = v;
  return { ...rest, services: v.services };
}

function columnSample(s: IpvsSample): IpvsSample {
  const { services, columns: _c, ...fields } = s;
  return sampleFromColumns(fields, columnsFromServices(services));
}

function assertSameMerge(config: LvsConfig, sample: IpvsSample, prev: IpvsSample | null): void {
  const cs = columnSample(sample);
  const rates = prev ? computeRates(columnSample(prev), cs) : null;
  const want = referenceMerge(config, sample, rates, defaultSidecar());
  const got = mergeLive(config, cs, rates, defaultSidecar());
  // one by one first (before services is read), then all at once
  for (let i = 0; i < (got.serviceCount ?? 0); i++) assert.deepEqual(got.serviceAt!(i), want.services[i]);
  // the outline (what the dashboard's filter scans) is the service's own strings
  for (let i = 0; i < (got.serviceCount ?? 0); i++) {
    const s = want.services[i];
    assert.deepEqual(got.serviceOutlineAt!(i), { id: s.id, name: s.name, servers: s.servers.map((x) => ({ name: x.name, address: x.address })) });
  }
  assert.deepEqual(plainView(got), want);
  assert.equal(got.serviceCount, got.services.length);
  const serviceCounts = Object.fromEntries(SERVICE_STATES.map((s) => [s, got.services.filter((x) => x.state === s).length]));
  const serverCounts = Object.fromEntries(SERVER_STATES.map((s) => [s, got.services.flatMap((x) => x.servers).filter((x) => x.state === s).length]));
  assert.deepEqual(got.counts, { services: serviceCounts, servers: serverCounts });
  // a hand-made sample (objects only) merges the same
  assert.deepEqual(plainView(mergeLive(config, sample, rates, defaultSidecar())), want);
  for (const role of ['active', 'standby', 'partial', 'unknown'] as const) {
    const r = { role, which: 'primary', redundancy: true, reason: 'test', addresses: [] } as unknown as Parameters<typeof judgeRouter>[1];
    assert.deepEqual(judgeRouter(got, r), judgeRouter({ health: want.health, summary: want.summary, services: want.services }, r));
  }
}

test('merge on columns: the fixture router and the scenario table merge as the object merge did', () => {
  assertSameMerge(fixtureRouter(), scenarioSample(), null);
  assertSameMerge(fixtureRouter(), scenarioSample(), { ...scenarioSample(), at: 0 });
  assertSameMerge(fixtureRouter(), { ...scenarioSample(), services: [], unavailable: { reason: 'permission', message: 'no' } }, null);
  assertSameMerge(fixtureRouter(), { ...scenarioSample(), services: [], unavailable: { reason: 'not-loaded', message: 'not loaded' } }, null);
});

interface Gen {
  cf: string;
  sample: IpvsSample;
  prev: IpvsSample;
}

function genRouter(r: Rng): Gen {
  const cf: string[] = ['serial_no = 1', 'primary = 192.0.2.1', 'service = lvs', 'network = direct'];
  const live: LiveService[] = [];
  const liveKeys = new Set<string>();
  const n = r.int(0, 8);
  for (let i = 0; i < n; i++) {
    const v6 = r.chance(0.2);
    const fwm = r.chance(0.2) ? r.int(1, 500) : 0;
    const vip = v6 ? `2001:db8::${i + 1}` : `10.0.${i}.1`;
    const portName = r.pick(['80', '443', 'http', '8080', 'nosuchport']);
    const port = { '80': 80, '443': 443, http: 80, '8080': 8080, nosuchport: -1 }[portName]!;
    const protocol = r.pick(['tcp', 'tcp', 'udp']);
    const active = r.chance(0.85);
    const sorry = r.chance(0.2) ? (v6 ? '2001:db8:99::1' : '10.99.0.1') : null;
    cf.push(`virtual v${i} {`, `     active = ${active ? 1 : 0}`, `     address = ${vip} eth0:${i}`, `     port = ${portName}`, `     protocol = ${protocol}`, `     scheduler = ${r.pick(['wlc', 'rr'])}`);
    if (fwm) cf.push(`     fwmark = ${fwm}`);
    if (r.chance(0.3)) cf.push(`     persistent = ${r.int(1, 600)}`);
    if (sorry) cf.push(`     sorry_server = ${sorry}`);
    if (r.chance(0.5)) cf.push(`     quiesce_server = ${r.int(0, 1)}`);
    if (r.chance(0.3)) cf.push(`     load_monitor = ${r.pick(['uptime', 'ruptime', 'none'])}`);
    const dests: LiveDest[] = [];
    const m = r.int(0, 6);
    for (let j = 0; j < m; j++) {
      const addr = r.chance(0.1) ? `web${j}.example` : v6 ? `2001:db8:1::${j + 1}` : r.chance(0.1) ? `10.1.${i}.0${j + 1}` : `10.1.${i}.${j + 1}`;
      const weight = r.int(0, 5);
      cf.push(`     server r${j} {`, `         address = ${addr}`, `         active = ${r.chance(0.85) ? 1 : 0}`, `         weight = ${weight}`, '     }');
      const canon = addr.includes('example') ? null : addr.replace(/\.0(\d)$/, '.$1');
      if (canon && r.chance(0.8)) dests.push(dest(canon, fwm ? 0 : Math.max(port, 0), r.pick([0, weight, Math.max(0, weight - 1), weight + 1]), { activeconns: r.int(0, 9), inactconns: r.int(0, 9), persistconns: r.chance(0.3) ? r.int(0, 9) : null, stats: r.chance(0.7) ? { conns: r.int(0, 1e6), inpkts: r.int(0, 1e6), outpkts: 0, inbytes: r.int(0, 1e9), outbytes: 0 } : null }));
    }
    cf.push('}');
    if (sorry && r.chance(0.5)) dests.push(dest(sorry, fwm ? 0 : Math.max(port, 0), 1));
    if (r.chance(0.2)) dests.push(dest(v6 ? '2001:db8:77::7' : '10.77.0.7', 81, r.int(0, 3)));
    // the kernel holds each service once (ipvsadm -A of an existing one fails): two virtuals with
    // the same firewall mark or address:port are one service in the table
    const liveKey = fwm ? `FWM ${fwm}` : `${protocol} ${vip} ${port}`;
    if (r.chance(0.85) && port > 0 && !liveKeys.has(liveKey) && liveKeys.add(liveKey)) live.push(liveService(fwm ? 'FWM' : (protocol.toUpperCase() as 'TCP' | 'UDP'), vip, fwm || port, r.chance(0.3) ? [...dests].reverse() : dests, { stats: r.chance(0.5) ? { conns: 5, inpkts: 5, outpkts: 5, inbytes: 5, outbytes: 5 } : null }));
  }
  if (r.chance(0.3)) live.push(liveService('TCP', '10.200.0.1', 25, [dest('10.200.1.1', 25, 1)]));
  const sample: IpvsSample = { at: 4000, unavailable: null, version: '1.2.1', connTabSize: 4096, services: live, total: null, totalRate: null, source: 'proc+ipvsadm', notes: [] };
  const bump = (d: LiveDest): LiveDest => ({ ...d, stats: d.stats && r.chance(0.9) ? { ...d.stats, conns: Math.max(0, d.stats.conns - r.int(0, 50)) } : d.stats });
  const prev: IpvsSample = { ...sample, at: 2000, services: live.filter(() => r.chance(0.9)).map((s) => ({ ...s, dests: s.dests.map(bump) })) };
  return { cf: cf.join('\n') + '\n', sample, prev };
}

test('merge on columns: random lvs.cf files and tables merge as the object merge did (states, reasons, rates, counts)', () => {
  forAll('merge', baseSeed(), 200, genRouter, (g) => {
    const config = model(g.cf);
    assertSameMerge(config, g.sample, null);
    assertSameMerge(config, g.sample, g.prev);
    // the same config merged again (hints from the last merge) and after the table changed
    assertSameMerge(config, g.prev, g.sample);
  }, (g) => g.cf.slice(0, 3000));
});

test('status --json written in chunks parses to statusJson: one service per line, the rest indented', () => {
  const view = mergeLive(fixtureRouter(), columnSample(scenarioSample()));
  const report = {
    generatedAt: '2026-01-01T00:00:00.000Z',
    version: '0.1.0',
    root: '/',
    config: { path: '/etc/sysconfig/ha/lvs.cf', problem: null, serialNo: 7, network: 'direct', primary: '192.0.2.1', backup: null, redundancy: false, virtuals: 1, activeVirtuals: 1, servers: 1, activeServers: 1 },
    sidecar: { path: '/x', present: false },
    router: { role: 'active', which: 'primary', redundancy: false, reason: 'x', addresses: [], addressSource: 'ip', addressProblem: null },
    view,
    verdict: { health: view.health, summary: view.summary },
    rates: { basis: 'none', intervalSeconds: null },
    pulse: { installed: false, running: null, detail: '', manager: null },
    processes: { problem: null, list: [] },
    log: { source: null, note: null, lines: [] },
  } as unknown as StatusReport;
  const chunks: Uint8Array[] = [];
  writeStatusJson(report, (c) => chunks.push(c));
  const text = Buffer.concat(chunks).toString('utf8');
  assert.deepEqual(JSON.parse(text), statusJson(report));
  const lines = text.split('\n');
  assert.equal(lines.filter((l) => l.startsWith('    {"id":')).length, view.services.length);
  assert.ok(lines.includes('  "schema": 1,'));
  // no services: an empty array
  const none = { ...report, view: mergeLive(model('serial_no = 1\n'), columnSample({ ...scenarioSample(), services: [] })) } as StatusReport;
  const out: Uint8Array[] = [];
  writeStatusJson(none, (c) => out.push(c));
  assert.deepEqual(JSON.parse(Buffer.concat(out).toString('utf8')), statusJson(none));
});

test('status --json in UTF-8 chunks of at most 1 MiB: many services, a name in UTF-8, a service too big to share a chunk', () => {
  const cf = ['primary = 192.0.2.1', 'network = direct'];
  // one virtual of 2,000 servers (its line of JSON could need over 1 MiB at 3 bytes a character), then 3,000 small ones
  cf.push('virtual caf\u00e9-\u6f22\u5b57 {', '     active = 1', '     address = 10.9.0.1 eth0:1', '     port = 80');
  for (let j = 0; j < 2000; j++) cf.push(`     server s${j} {`, `         address = 172.31.${j >> 8}.${j & 255}`, '         active = 1', '     }');
  cf.push('}');
  for (let i = 0; i < 3000; i++) cf.push(`virtual v${i} {`, '     active = 1', `     address = 10.${(i >> 8) & 255}.${i & 255}.1 eth0:1`, '     port = 80', '     server a {', `         address = 172.16.${(i >> 8) & 255}.${i & 255}`, '         active = 1', '     }', '}');
  const view = mergeLive(model(cf.join('\n') + '\n'), columnSample({ ...scenarioSample(), services: [] }));
  const report = {
    generatedAt: '2026-01-01T00:00:00.000Z', version: '0.1.0', root: '/',
    config: { path: '/etc/sysconfig/ha/lvs.cf', problem: null, serialNo: null, network: 'direct', primary: '192.0.2.1', backup: null, redundancy: false, virtuals: 3001, activeVirtuals: 3001, servers: 5000, activeServers: 5000 },
    sidecar: { path: '/x', present: false },
    router: { role: 'active', which: 'primary', redundancy: false, reason: 'x', addresses: [], addressSource: 'ip', addressProblem: null },
    view, verdict: { health: view.health, summary: view.summary }, rates: { basis: 'none', intervalSeconds: null },
    pulse: { installed: false, running: null, detail: '', manager: null }, processes: { problem: null, list: [] }, log: { source: null, note: null, lines: [] },
  } as unknown as StatusReport;
  const chunks: Uint8Array[] = [];
  writeStatusJson(report, (c) => chunks.push(Buffer.from(c)));
  const bytes = Buffer.concat(chunks);
  assert.ok(chunks.length >= 3, `${chunks.length} chunks for ${bytes.length} bytes`);
  assert.ok(chunks.every((c) => c.length <= 1 << 20));
  const doc = JSON.parse(bytes.toString('utf8'));
  // the big service went out on its own: its line alone is a chunk
  assert.ok(chunks.some((c) => Buffer.from(c).toString('utf8') === JSON.stringify(doc.services[0])));
  assert.deepEqual(doc, statusJson(report));
  assert.equal(doc.services[0].name, 'caf\u00e9-\u6f22\u5b57');
  assert.equal(doc.services[0].servers.length, 2000);
});

test('merge on columns: many services (probing past collisions in the row index), fwmarks, UDP beside TCP, and a key the table holds twice find the rows the object merge finds', () => {
  const cf: string[] = ['primary = 192.0.2.1', 'network = direct'];
  const live: LiveService[] = [];
  for (let i = 0; i < 600; i++) {
    const vip = `10.${(i >> 8) & 255}.${i & 255}.1`;
    const fwm = i % 9 === 0 ? 1000 + i : 0;
    const proto = i % 5 === 0 ? 'udp' : 'tcp';
    cf.push(`virtual v${i} {`, '     active = 1', `     address = ${vip} eth0:1`, `     port = ${80 + (i % 3)}`, `     protocol = ${proto}`, ...(fwm ? [`     fwmark = ${fwm}`] : []));
    cf.push('     server a {', `         address = 172.16.${i & 255}.1`, '         active = 1', '         weight = 1', '     }');
    cf.push('}');
    // the table lists them in another order (the kernel's hash order)
    const svc = liveService(fwm ? 'FWM' : proto === 'udp' ? 'UDP' : 'TCP', vip, fwm || 80 + (i % 3), [dest(`172.16.${i & 255}.1`, 80 + (i % 3), 1)]);
    if (i % 2) live.push(svc);
    else live.unshift(svc);
    // the same address and port in the other protocol: a different service, unconfigured
    if (i % 11 === 0 && !fwm) live.push(liveService(proto === 'udp' ? 'TCP' : 'UDP', vip, 80 + (i % 3), [dest('172.31.0.9', 80, 1)]));
  }
  // a hand-made table naming one service twice: the first row is the one matched
  live.push(liveService('TCP', '10.0.1.1', 81, [dest('172.31.9.9', 81, 1)]));
  const config = model(cf.join('\n') + '\n');
  const sample: IpvsSample = { at: 4000, unavailable: null, version: '1.2.1', connTabSize: 4096, services: live, total: null, totalRate: null, source: 'proc', notes: [] };
  assertSameMerge(config, sample, null);
  const v1 = mergeLive(config, columnSample(sample)).services.find((s) => s.name === 'v1')!;
  assert.deepEqual(v1.servers.map((s) => [s.address, s.state]), [['172.16.1.1', 'up']]);
});
