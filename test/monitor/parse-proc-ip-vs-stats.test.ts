// /proc/net/ip_vs_stats (current and pre-4.1 forms) and ip_vs_stats_percpu.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseProcIpvsStats } from '../../src/monitor/parse-proc-ip-vs-stats';
import { fixture, scenario } from './parse-fixtures';

test('proc ip_vs_stats: totals and the hex rate line match scenario.json', () => {
  const s = parseProcIpvsStats(fixture('proc-ip_vs_stats.txt'));
  assert.deepEqual(s, { total: scenario.total, totalRate: scenario.total_rate, perCpu: [], issues: [] });
});

test('proc ip_vs_stats_percpu: the ~ row is the total, per-CPU rows kept raw', () => {
  const s = parseProcIpvsStats(fixture('proc-ip_vs_stats_percpu.txt'));
  assert.deepEqual(s.issues, []);
  assert.deepEqual(s.total, scenario.total);
  assert.deepEqual(s.totalRate, scenario.total_rate);
  assert.deepEqual(s.perCpu.map((c) => c.cpu), [0, 1, 2, 3]);
  assert.equal(s.perCpu[0].counters.conns, 0x6de84c);
  // the fixture has not been zeroed: the CPUs add up to the total
  assert.equal(s.perCpu.reduce((a, c) => a + c.counters.inbytes, 0), scenario.total.inbytes);
});

test('proc ip_vs_stats: the pre-4.1 (K3) form, 32-bit %8X fields at their maximum', () => {
  const k3 =
    '   Total Incoming Outgoing         Incoming         Outgoing\n' +
    '   Conns  Packets  Packets            Bytes            Bytes\n' +
    'FFFFFFFF FFFFFFFE        0     51D8C8883AB3                0\n' +
    '\n' +
    ' Conns/s   Pkts/s   Pkts/s          Bytes/s          Bytes/s\n' +
    '       1        A        0              3E8                0\n';
  const s = parseProcIpvsStats(k3);
  assert.deepEqual(s.issues, []);
  assert.deepEqual(s.total, { conns: 4294967295, inpkts: 4294967294, outpkts: 0, inbytes: 0x51d8c8883ab3, outbytes: 0 });
  assert.deepEqual(s.totalRate, { cps: 1, inpps: 10, outpps: 0, inbps: 1000, outbps: 0 });
});

test('proc ip_vs_stats: 64-bit values wider than their column push the line right and still read', () => {
  const wide = fixture('proc-ip_vs_stats.txt').replace('521856F99', '1FFFFFFFFFFFFF');
  assert.equal(parseProcIpvsStats(wide).total?.inbytes, 2 ** 53 - 1);
});

test('proc ip_vs_stats: CRLF, trimmed, empty, header only, truncated and garbage never throw', () => {
  const text = fixture('proc-ip_vs_stats.txt');
  assert.deepEqual(parseProcIpvsStats(text.replace(/\n/g, '\r\n')).total, scenario.total);
  assert.deepEqual(parseProcIpvsStats(text.split('\n').map((l) => l.trim()).join('\n')).totalRate, scenario.total_rate);
  const empty = parseProcIpvsStats('');
  assert.equal(empty.total, null);
  assert.equal(empty.issues.length, 1);
  const header = parseProcIpvsStats(text.split('\n').slice(0, 2).join('\n'));
  assert.equal(header.total, null);
  const cut = parseProcIpvsStats(text.slice(0, text.indexOf('ED5')));
  assert.deepEqual(cut.total, scenario.total);
  assert.equal(cut.totalRate, null);
  assert.equal(cut.issues.length, 1);
  const junk = parseProcIpvsStats('Total Incoming\n1 2 3 4 zz\nnot numbers at all\n');
  assert.equal(junk.total, null);
  assert.equal(junk.issues.length, 2, 'the header line is no issue');
});
