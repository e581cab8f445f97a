// computeRates: delta/dt from counters, kernel rates as the fallback, resets, 32-bit wraps, services
// and servers that come and go; property tests with the seeded PRNG.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Counters, IpvsSample, LiveDest, LiveService, Rates } from '../../src/monitor/ipvs-types';
import { computeRates, counterRates } from '../../src/monitor/rates';
import { baseSeed, forAll, Rng } from '../helpers/prng';

const C = (conns: number, inpkts = conns * 10, outpkts = 0, inbytes = inpkts * 100, outbytes = 0): Counters => ({ conns, inpkts, outpkts, inbytes, outbytes });
const R: Rates = { cps: 1, inpps: 2, outpps: 3, inbps: 4, outbps: 5 };

function dest(address: string, stats: Counters | null, rate: Rates | null = null): LiveDest {
  return { address, port: 80, forward: 'Route', weight: 1, activeconns: 0, inactconns: 0, persistconns: null, stats, rate };
}

function service(address: string, stats: Counters | null, dests: LiveDest[], rate: Rates | null = null): LiveService {
  return { protocol: 'TCP', af: 4, address, port: 80, fwmark: 0, scheduler: 'wlc', sched_flags: [], persistent_timeout: null, netmask: null, ops: false, stats, rate, dests };
}

function sample(at: number, services: LiveService[], total: Counters | null = null, totalRate: Rates | null = null): IpvsSample {
  return { at, unavailable: null, version: '1.2.1', connTabSize: 4096, services, total, totalRate, source: 'proc+ipvsadm', notes: [] };
}

test('rates: counters over a 2 s interval, per service, per server and in total', () => {
  const prev = sample(1000, [service('10.0.0.10', C(100, 1000, 500, 100000, 50000), [dest('10.0.1.1', C(60)), dest('10.0.1.2', C(40))])], C(1000));
  const next = sample(3000, [service('10.0.0.10', C(120, 1400, 700, 160000, 90000), [dest('10.0.1.1', C(70)), dest('10.0.1.2', C(50))])], C(1100));
  const v = computeRates(prev, next);
  assert.equal(v.intervalMs, 2000);
  const s = v.services.get('TCP 10.0.0.10:80')!;
  assert.deepEqual(s.rates, { cps: 10, inpps: 200, outpps: 100, inbps: 30000, outbps: 20000 });
  assert.equal(s.basis, 'counters');
  assert.equal(s.reset, false);
  assert.deepEqual(s.dests.get('10.0.1.1:80')!.rates, { cps: 5, inpps: 50, outpps: 0, inbps: 5000, outbps: 0 });
  assert.equal(v.total.rates?.cps, 50);
  assert.deepEqual(v.vanished, []);
});

test('rates: without counters (no ipvsadm) the kernel estimator rates are used, and said so', () => {
  const prev = sample(0, [service('10.0.0.10', null, [dest('10.0.1.1', null, R)], R)], null, R);
  const next = sample(2000, [service('10.0.0.10', null, [dest('10.0.1.1', null, R)], R)], null, R);
  const v = computeRates(prev, next);
  const s = v.services.get('TCP 10.0.0.10:80')!;
  assert.deepEqual([s.rates, s.basis], [R, 'kernel']);
  assert.deepEqual(s.dests.get('10.0.1.1:80'), { rates: R, basis: 'kernel', reset: false, wrapped: false });
  assert.deepEqual(v.total.basis, 'kernel');
  const bare = computeRates(sample(0, [service('10.0.0.10', null, [])]), sample(2000, [service('10.0.0.10', null, [])]));
  assert.deepEqual(bare.services.get('TCP 10.0.0.10:80')!.rates, null);
});

test('rates: a counter that went down is a reset: no rate, flagged', () => {
  const prev = sample(0, [service('10.0.0.10', C(500), [dest('10.0.1.1', C(500))])], C(5000));
  const next = sample(2000, [service('10.0.0.10', C(3), [dest('10.0.1.1', C(3))])], C(10));
  const v = computeRates(prev, next);
  const s = v.services.get('TCP 10.0.0.10:80')!;
  assert.deepEqual([s.rates, s.reset], [null, true]);
  assert.equal(s.dests.get('10.0.1.1:80')!.reset, true);
  assert.equal(v.total.reset, true);
});

test('rates: a 32-bit conns/packets counter wrapping while bytes grow is counted through (pre-4.1 kernels, ipvsadm 1.29-1.31 servers)', () => {
  const prev = C(2 ** 32 - 10, 2 ** 32 - 100, 0, 5e12, 0);
  const next = C(10, 300, 0, 5e12 + 40000, 0);
  const r = counterRates(prev, next, 2000);
  assert.deepEqual(r.rates, { cps: 10, inpps: 200, outpps: 0, inbps: 20000, outbps: 0 });
  assert.equal(r.wrapped, true);
  // the same drop with the bytes reset is ipvsadm -Z, not a wrap
  assert.equal(counterRates(prev, C(10, 300, 0, 4000, 0), 2000).reset, true);
  // a drop from low values cannot be a wrap
  assert.equal(counterRates(C(1000), C(10, 10000, 0, 2e9), 2000).reset, true);
});

test('rates: no interval (same instant, clock going back, an unavailable sample) gives no rates', () => {
  const s = sample(5000, [service('10.0.0.10', C(1), [dest('10.0.1.1', C(1), R)], R)], C(1), R);
  for (const [a, b] of [[s, s], [s, { ...s, at: 4000 }], [s, { ...s, at: 7000, unavailable: { reason: 'not-loaded' as const, message: 'x' }, services: [] }]] as const) {
    const v = computeRates(a, b);
    assert.equal(v.intervalMs, null);
    assert.equal(v.total.rates, null);
    for (const sr of v.services.values()) {
      assert.equal(sr.rates, null);
      for (const d of sr.dests.values()) assert.equal(d.rates, null);
    }
  }
});

test('rates: services and servers that appear or vanish', () => {
  const prev = sample(0, [service('10.0.0.10', C(10), [dest('10.0.1.1', C(10))]), service('10.0.0.11', C(5), [])]);
  const next = sample(2000, [service('10.0.0.10', C(30), [dest('10.0.1.1', C(20)), dest('10.0.1.2', C(10), R)]), service('10.0.0.12', C(7), [], R)]);
  const v = computeRates(prev, next);
  assert.deepEqual(v.vanished, ['TCP 10.0.0.11:80']);
  assert.deepEqual([...v.services.keys()], ['TCP 10.0.0.10:80', 'TCP 10.0.0.12:80']);
  const s = v.services.get('TCP 10.0.0.10:80')!;
  assert.equal(s.dests.get('10.0.1.1:80')!.rates?.cps, 5);
  assert.deepEqual(s.dests.get('10.0.1.2:80')!.basis, 'kernel', 'a new server has no previous counters');
  assert.deepEqual(v.services.get('TCP 10.0.0.12:80')!.rates, R);
});

// ---- properties -------------------------------------------------------------------------------

const FIELDS = ['conns', 'inpkts', 'outpkts', 'inbytes', 'outbytes'] as const;

function counters(r: Rng, max: number): Counters {
  return { conns: r.int(0, max), inpkts: r.int(0, max), outpkts: r.int(0, max), inbytes: r.int(0, max) * 1000, outbytes: r.int(0, max) * 1000 };
}

function grow(r: Rng, c: Counters): Counters {
  const d = () => (r.chance(0.2) ? 0 : r.int(0, 1e6));
  return { conns: c.conns + d(), inpkts: c.inpkts + d(), outpkts: c.outpkts + d(), inbytes: c.inbytes + d() * 100, outbytes: c.outbytes + d() * 100 };
}

test('rates property: monotonic counters give non-negative rates equal to delta/dt', () => {
  forAll(
    'monotonic',
    baseSeed(),
    300,
    (r) => {
      const a = counters(r, r.pick([1e3, 1e9, 2 ** 40]));
      return { a, b: grow(r, a), dt: r.pick([1, 500, 2000, 2001, 10000, 3.6e6]) };
    },
    ({ a, b, dt }) => {
      const v = computeRates(sample(0, [service('10.0.0.1', a, [dest('10.0.1.1', a)])], a), sample(dt, [service('10.0.0.1', b, [dest('10.0.1.1', b)])], b));
      for (const rd of [v.total, v.services.get('TCP 10.0.0.1:80')!, v.services.get('TCP 10.0.0.1:80')!.dests.get('10.0.1.1:80')!]) {
        assert.equal(rd.reset, false);
        assert.equal(rd.basis, 'counters');
        const rates = rd.rates!;
        const got = [rates.cps, rates.inpps, rates.outpps, rates.inbps, rates.outbps];
        FIELDS.forEach((f, i) => {
          assert.ok(got[i] >= 0, `${f} negative`);
          assert.ok(Math.abs(got[i] - ((b[f] - a[f]) * 1000) / dt) <= 1e-9 * Math.max(1, got[i]), `${f}: ${got[i]}`);
        });
      }
    },
    (x) => JSON.stringify(x),
  );
});

test('rates property: resets never give negative rates', () => {
  forAll(
    'resets',
    baseSeed(),
    300,
    (r) => {
      const a = counters(r, r.pick([1e3, 2 ** 32 - 1, 2 ** 48]));
      // some counters drop (a reset or something like it), others grow
      const b = { ...grow(r, a) };
      for (const f of FIELDS) if (r.chance(0.4)) b[f] = r.int(0, Math.max(0, a[f] - 1));
      return { a, b, dt: r.int(1, 10000) };
    },
    ({ a, b, dt }) => {
      const rd = computeRates(sample(0, [service('10.0.0.1', a, [])], a), sample(dt, [service('10.0.0.1', b, [])], b)).total;
      if (rd.rates === null) assert.equal(rd.reset, true);
      else for (const x of Object.values(rd.rates)) assert.ok(x >= 0 && Number.isFinite(x), `rate ${x}`);
      const wentDown = FIELDS.some((f) => b[f] < a[f]);
      if (wentDown && rd.rates !== null) assert.equal(rd.wrapped, true, 'a drop with a rate must be a wrap');
    },
    (x) => JSON.stringify(x),
  );
});

test('rates property: a zero or negative interval gives none', () => {
  forAll(
    'no interval',
    baseSeed(),
    200,
    (r) => {
      const a = counters(r, 1e9);
      return { a, b: grow(r, a), at: r.int(0, 1e9), back: r.chance(0.5) ? 0 : -r.int(1, 1e6) };
    },
    ({ a, b, at, back }) => {
      const v = computeRates(sample(at, [service('10.0.0.1', a, [dest('10.0.1.1', a, R)], R)], a, R), sample(at + back, [service('10.0.0.1', b, [dest('10.0.1.1', b, R)], R)], b, R));
      assert.equal(v.intervalMs, null);
      assert.equal(v.total.rates, null);
      assert.equal(v.services.get('TCP 10.0.0.1:80')!.rates, null);
      assert.equal(v.services.get('TCP 10.0.0.1:80')!.dests.get('10.0.1.1:80')!.rates, null);
    },
    (x) => JSON.stringify(x),
  );
});
