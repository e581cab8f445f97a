// The demo's /proc files and ipvsadm answers against the spec's fixtures, byte for byte (trailing
// spaces included), for the part of the scenario the demo models (IPv4 TCP, UDP and FWM services).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderProcIpVs, renderProcIpVsConn, renderProcIpVsStats, renderProcIpVsStatsPercpu } from '../../src/demo/render-proc';
import { renderIpvsadm } from '../../src/demo/render-ipvsadm';
import { fixture, fixtureState, withoutServices } from './fixture-state';

// S5 (ops), S6 (SCTP) and S7 (IPv6) are outside the demo
const droppedProc = (l: string) => l.startsWith('SCTP') || l.includes('[') || l.includes(' ops ');
const droppedIpvsadm = (l: string) => l.startsWith('SCTP') || l.includes('[') || l.includes(':514');
const demoConnRow = (l: string) => !l.startsWith('SCTP') && !l.includes(':') && !l.includes('[');

test('renderProcIpVs: the fixture /proc/net/ip_vs, byte for byte (two spaces, hex, padding)', () => {
  assert.equal(renderProcIpVs(fixtureState()), withoutServices(fixture('proc-ip_vs.txt'), droppedProc));
});

test('renderProcIpVs: a hand-checked line layout (offsets of spec §2.1)', () => {
  const lines = renderProcIpVs(fixtureState()).split('\n');
  assert.equal(lines[3], 'TCP  0A000014:1F90 rr  ');
  const server = lines[4];
  assert.equal(server.length, 60);
  assert.equal(server.slice(5, 13), 'C0A80A16');
  assert.equal(server[13], ':');
  assert.equal(server.slice(24, 31), 'Masq   ');
  assert.equal(server.slice(32, 38), '1     ');
  assert.ok(lines.includes('FWM  00000064 wlc persistent 600 FFFFFFFF'));
  assert.ok(lines.includes('TCP  0A00000A:01BB wlc  persistent 300 FFFFFF00'));
});

test('renderProcIpVsStats: the fixture file exactly (hex counters and rates)', () => {
  assert.equal(renderProcIpVsStats(fixtureState()), fixture('proc-ip_vs_stats.txt'));
});

test('renderProcIpVsStatsPercpu: layout of the fixture, per-CPU rows adding up to the total', () => {
  const got = renderProcIpVsStatsPercpu(fixtureState()).split('\n');
  const want = fixture('proc-ip_vs_stats_percpu.txt').split('\n');
  assert.deepEqual(got.slice(0, 2), want.slice(0, 2));
  assert.deepEqual(got.slice(4), want.slice(6)); // `~` row, blank, rate header, rates, final newline
  const rows = got.slice(2, 4).map((l) => l.trim().split(/\s+/).slice(1).map((h) => parseInt(h, 16)));
  const total = got[4].trim().split(/\s+/).slice(1).map((h) => parseInt(h, 16));
  assert.deepEqual(rows[0].map((v, i) => v + rows[1][i]), total);
  assert.match(got[2], /^ {2}0 /);
});

test('renderProcIpVsConn: the fixture rows of the modelled services, in order', () => {
  const want = fixture('proc-ip_vs_conn.txt').split('\n').filter((l, i) => i === 0 || l === '' || demoConnRow(l));
  assert.equal(renderProcIpVsConn(fixtureState()), want.join('\n'));
});

test('renderIpvsadm: -Ln, --stats --exact, --stats, --rate, --persistent-conn and -Lnc as the fixtures', () => {
  const s = fixtureState();
  const cases: [string[], string][] = [
    [['-Ln'], 'ipvsadm-Ln.txt'],
    [['-Ln', '--stats', '--exact'], 'ipvsadm-Ln-stats-exact.txt'],
    [['-L', '-n', '--stats'], 'ipvsadm-Ln-stats.txt'],
    [['--list', '--numeric', '--rate'], 'ipvsadm-Ln-rate.txt'],
    [['-Ln', '--persistent-conn'], 'ipvsadm-Ln-persistent-conn.txt'],
  ];
  for (const [args, file] of cases) assert.equal(renderIpvsadm(s, args), withoutServices(fixture(file), droppedIpvsadm), args.join(' '));
  const lnc = fixture('ipvsadm-Lnc.txt').split('\n').filter((l, i) => i < 2 || l === '' || (!l.startsWith('SCTP') && !l.includes('[')));
  assert.equal(renderIpvsadm(s, ['-Lnc']), lnc.join('\n'));
});
