// computeRates' per-service dest readings: a lazily built ReadonlyMap (rates.ts DestReadings) that
// must answer exactly as a Map keyed by destId would, on both its paths (in-place id comparison for
// small services, a real Map beyond 16 servers), for IPv4 and IPv6, odd ids and duplicates.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Counters, IpvsSample, LiveDest, LiveService, destId } from '../../src/monitor/ipvs-types';
import { computeRates } from '../../src/monitor/rates';
import { baseSeed, forAll, Rng } from '../helpers/prng';

const C = (conns: number): Counters => ({ conns, inpkts: conns * 10, outpkts: 0, inbytes: conns * 1000, outbytes: 0 });

function dest(address: string, port: number, conns: number): LiveDest {
  return { address, port, forward: 'Route', weight: 1, activeconns: 0, inactconns: 0, persistconns: null, stats: C(conns), rate: null };
}

function sample(at: number, dests: LiveDest[]): IpvsSample {
  const svc: LiveService = { protocol: 'TCP', af: 4, address: '10.0.0.10', port: 80, fwmark: 0, scheduler: 'wlc', sched_flags: [], persistent_timeout: null, netmask: null, ops: false, stats: C(1), rate: null, dests };
  return { at, unavailable: null, version: '1.2.1', connTabSize: 4096, services: [svc], total: null, totalRate: null, source: 'proc+ipvsadm', notes: [] };
}

function readingsOf(prevDests: LiveDest[], nextDests: LiveDest[]) {
  return computeRates(sample(1000, prevDests), sample(3000, nextDests)).services.get('TCP 10.0.0.10:80')!.dests;
}

test('dest readings: get/has by destId on a small service, IPv4 and IPv6; near-miss ids are absent', () => {
  const prev = [dest('10.0.1.1', 80, 10), dest('10.0.1.12', 8080, 10), dest('2001:db8::1', 443, 10), dest('10.0.1.2', 0, 10)];
  const next = [dest('10.0.1.1', 80, 30), dest('10.0.1.12', 8080, 50), dest('2001:db8::1', 443, 70), dest('10.0.1.2', 0, 90)];
  const r = readingsOf(prev, next);
  assert.equal(r.get('10.0.1.1:80')!.rates!.cps, 10);
  assert.equal(r.get('10.0.1.12:8080')!.rates!.cps, 20);
  assert.equal(r.get('[2001:db8::1]:443')!.rates!.cps, 30);
  assert.equal(r.get('10.0.1.2:0')!.rates!.cps, 40);
  for (const miss of ['10.0.1.1:080', '10.0.1.1:8', '10.0.1.1:800', '10.0.1.1', '10.0.1.1:', '10.0.1.1:80 ', '10.0.1.12:80', '10.0.1.2:00', '2001:db8::1:443', '0.0.1.1:80', '10.0.1.1:+80', '']) {
    assert.equal(r.get(miss), undefined, miss);
    assert.equal(r.has(miss), false, miss);
  }
  assert.equal(r.size, 4);
  assert.deepEqual([...r.keys()], ['10.0.1.1:80', '10.0.1.12:8080', '[2001:db8::1]:443', '10.0.1.2:0']);
  assert.deepEqual([...r].map(([k]) => k), [...r.keys()]);
  const seen: string[] = [];
  r.forEach((v, k, m) => {
    assert.equal(m.get(k), v);
    seen.push(k);
  });
  assert.deepEqual(seen, [...r.keys()]);
});

test('dest readings: a duplicated address:port answers as a Map would (the last one wins)', () => {
  const next = [dest('10.0.1.1', 80, 30), dest('10.0.1.1', 80, 50)];
  const r = readingsOf([dest('10.0.1.1', 80, 10)], next);
  assert.equal(r.size, 1);
  assert.equal(r.get('10.0.1.1:80'), [...r.values()][0]);
});

test('dest readings: random services of 0-40 servers: lookups before any iteration answer as the Map iteration builds', () => {
  const gen = (r: Rng) => {
    const n = r.int(0, 40);
    const prevDests: LiveDest[] = [];
    const nextDests: LiveDest[] = [];
    for (let i = 0; i < n; i++) {
      const a = r.chance(0.2) ? `2001:db8::${r.int(1, 20).toString(16)}` : `10.0.${r.int(0, 2)}.${r.int(1, 30)}`;
      const p = r.pick([0, 80, 8080, 443, 65535]);
      prevDests.push(dest(a, p, r.int(0, 100)));
      nextDests.push(dest(a, p, 100 + r.int(0, 100)));
    }
    return { prevDests, nextDests };
  };
  const check = ({ prevDests, nextDests }: ReturnType<typeof gen>) => {
    // a fresh view for the lookups (its small services compare ids in place), another one iterated
    // (always a real Map keyed by destId)
    const looked = readingsOf(prevDests, nextDests);
    const want = new Map(readingsOf(prevDests, nextDests).entries());
    assert.deepEqual([...want.keys()], [...new Set(nextDests.map(destId))]);
    for (const k of [...want.keys(), '10.0.0.1:80', '10.0.1.1:080', '[2001:db8::1]:80', '10.0.1.1']) assert.deepEqual(looked.get(k), want.get(k), k);
    assert.equal(looked.size, want.size);
  };
  forAll('dest readings', baseSeed(), 200, gen, check, (i) => JSON.stringify(i.nextDests.map(destId)));
});
