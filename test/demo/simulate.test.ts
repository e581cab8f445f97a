// The simulator's behaviour: counters only grow, the scripted failures quiesce or remove a server
// and nanny brings it back with slow start, ipvsadm -e edits land in the state, the same seed
// replays the same run.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initialState } from '../../src/demo/initial-state';
import { simulate, warmUp, countConns } from '../../src/demo/simulate';
import { makeRng } from '../../src/demo/prng';
import { runIpvsadm } from '../../src/demo/render-ipvsadm';
import { renderProcIpVs } from '../../src/demo/render-proc';
import { COUNTER_KEYS } from '../../src/demo/demo-state';
import type { DemoState } from '../../src/demo/demo-state';
import { baseSeed } from '../helpers/prng';

const EPOCH = Date.UTC(2024, 2, 5, 14, 0, 0);

function start(seed: number): DemoState {
  return warmUp(initialState({ epochMs: EPOCH, seed }), 60, makeRng(seed));
}

function allCounters(s: DemoState): number[] {
  const out: number[] = [];
  const push = (c: Record<string, number>) => COUNTER_KEYS.forEach((k) => out.push(c[k]));
  push(s.total.shown);
  push(s.total.live);
  for (const svc of s.services) {
    push(svc.stats.shown);
    push(svc.stats.live);
    for (const d of svc.dests) push(d.stats.shown);
  }
  return out;
}

test('simulate: counters never go down, over many ticks and seeds (property)', () => {
  const base = baseSeed();
  for (let i = 0; i < 2; i++) {
    const seed = (base + i) >>> 0;
    const rng = makeRng(seed);
    let s = start(seed);
    let prev = allCounters(s);
    for (let t = 0; t < 100; t++) {
      s = simulate(s, 0.5 + rng.next() * 3, rng);
      const now = allCounters(s);
      now.forEach((v, j) => assert.ok(v >= prev[j] && Number.isInteger(v), `seed ${seed} tick ${t}: counter ${j} went ${prev[j]} -> ${v}`));
      prev = now;
    }
    assert.ok(s.total.shown.conns > allCounters(start(seed))[0], 'traffic flowed');
  }
});

test('simulate: the state given is left as it was (pure)', () => {
  const s = start(7);
  const before = JSON.stringify(s);
  simulate(s, 2, makeRng(7));
  assert.equal(JSON.stringify(s), before);
});

test('simulate: the same seed replays the same run', () => {
  const run = () => {
    const rng = makeRng(99);
    let s = start(99);
    for (let i = 0; i < 20; i++) s = simulate(s, 1, rng);
    return JSON.stringify(s);
  };
  assert.equal(run(), run());
});

function weightAt(s: DemoState, svc: string, server: string): number | null {
  const d = s.services.find((x) => x.name === svc)?.dests.find((x) => x.name === server);
  return d && d.inTable ? d.weight : null;
}

test('simulate: web2 (quiesce_server = 1) drops to weight 0, then ramps back by doubling every 20 s', () => {
  const rng = makeRng(3);
  let s = start(3);
  const seen: [number, number | null][] = [];
  for (let t = 1; t <= 180; t++) {
    s = simulate(s, 1, rng);
    seen.push([s.time, weightAt(s, 'www', 'web2')]);
  }
  const at = (t: number) => seen.find(([x]) => x === t)?.[1];
  assert.equal(at(19), 100);
  assert.equal(at(20), 0);
  assert.equal(at(49), 0);
  assert.equal(at(50), 3); // max(1, 100 >> 5)
  assert.equal(at(69), 3);
  assert.equal(at(70), 6);
  assert.equal(at(90), 12);
  assert.equal(at(110), 24);
  assert.equal(at(130), 48);
  assert.equal(at(150), 96);
  assert.equal(at(170), 100);
  const log = s.log.join('\n');
  assert.match(log, /^Mar {2}5 14:00:20 demo-router nanny\[\d+\]: \[inactive\] shutting down 192\.168\.10\.12:80 due to connection failure$/m);
  assert.match(log, /^Mar {2}5 14:00:50 demo-router nanny\[\d+\]: \[ active \] making 192\.168\.10\.12:80 available$/m);
});

test('simulate: ns2 (quiesce_server = 0) vanishes from the table, its connections go, then it is back first in the list', () => {
  const rng = makeRng(5);
  let s = start(5);
  for (let t = 1; t <= 169; t++) s = simulate(s, 1, rng);
  assert.equal(weightAt(s, 'dns', 'ns2'), 1);
  s = simulate(s, 1, rng);
  assert.equal(weightAt(s, 'dns', 'ns2'), null);
  assert.ok(!renderProcIpVs(s).includes('C0A80A20:0035'), 'not in /proc/net/ip_vs');
  const dnsIndex = s.services.findIndex((x) => x.name === 'dns');
  assert.equal(countConns(s.conns).get(`${dnsIndex}|192.168.10.32`), undefined);
  const before = s.services[dnsIndex].dests.find((d) => d.name === 'ns2')?.stats.shown.conns ?? 0;
  for (let t = 0; t < 30; t++) s = simulate(s, 1, rng);
  assert.equal(weightAt(s, 'dns', 'ns2'), 1);
  assert.equal(s.services[dnsIndex].dests[0].name, 'ns2', 'the kernel lists a re-added server first');
  assert.ok((s.services[dnsIndex].dests[0].stats.shown.conns ?? 0) >= before, 'counters kept from the trash');
});

test('runIpvsadm -e: sets the weight (and, like ipvsadm, DR when -m is left out); nanny\'s ramp overrides it', () => {
  const s = start(11);
  const r = runIpvsadm(s, ['-e', '-t', '203.0.113.100:80', '-r', '192.168.10.13:80', '-m', '-w', '0']);
  assert.equal(r.code, 0);
  assert.ok(r.state);
  assert.equal(weightAt(r.state, 'www', 'web3'), 0);
  assert.match(runIpvsadm(r.state, ['-Ln']).stdout, /-> 192\.168\.10\.13:80 {13}Masq {4}0 {6}/);
  const dr = runIpvsadm(s, ['-e', '-t', '203.0.113.100:80', '-r', '192.168.10.13', '-w', '5']);
  assert.equal(dr.state?.services[0].dests.find((d) => d.name === 'web3')?.forward, 'Route');
  assert.equal(runIpvsadm(s, ['-e', '-f', '21', '-r', '192.168.10.21:21', '-m', '-w', '3']).state?.services[1].dests.find((d) => d.name === 'ftp1')?.weight, 3);
  assert.deepEqual([runIpvsadm(s, ['-e', '-t', '203.0.113.100:80', '-r', '192.168.10.99:80', '-w', '1']).code, runIpvsadm(s, ['-e', '-t', '203.0.113.100:80', '-r', '192.168.10.99:80', '-w', '1']).stderr], [1, 'No such destination\n']);
  assert.equal(runIpvsadm(s, ['-e', '-t', '203.0.113.9:80', '-r', '192.168.10.11:80', '-w', '1']).stderr, 'Service not defined\n');
  assert.equal(runIpvsadm(s, ['-e', '-t', '203.0.113.100:80', '-r', '192.168.10.11:80', '-w', '70000']).code, 2);
  assert.equal(runIpvsadm(s, ['-C']).code, 2, 'what the demo does not simulate is refused, not ignored');
});

test('simulate: active/inactive counts in /proc agree with the connection table', () => {
  const rng = makeRng(13);
  let s = start(13);
  for (let t = 0; t < 10; t++) s = simulate(s, 2, rng);
  const lines = renderProcIpVs(s).split('\n').filter((l) => l.startsWith('  -> ') && !l.includes('Remote'));
  const sum = lines.reduce((n, l) => n + Number(l.slice(39, 49)) + Number(l.slice(50, 60)), 0);
  const rows = s.conns.filter((c) => c.proto !== 'IP' && c.state !== 'ASSURED').length;
  assert.equal(sum, rows);
  assert.ok(rows > 100, `a lived-in table (${rows} connections)`);
});
