// routerRole: active / standby / partial / unknown from the VIPs up on this host, primary or backup
// from lvs.cf's addresses; judgeRouter: the table's health seen through the role. The address
// readers' parsers on real output of this machine where it has it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { routerRole } from '../../src/monitor/router-role';
import { judgeRouter } from '../../src/monitor/merge-health';
import { mergeLive } from '../../src/monitor/merge';
import { LocalAddress, parseFibTrie, parseIfInet6, parseIpAddrShow } from '../../src/system/interfaces';
import { needProgram } from '../helpers/require-tool';
import { emptySample, fixtureRouter, model, scenarioSample } from './merge-helpers';

const v4 = (address: string, device: string | null = 'eth0', label: string | null = null): LocalAddress => ({ address, family: 4, prefix: 24, device, label });
const VIPS = ['10.0.0.10', '10.0.0.53', '10.0.0.100', '10.0.0.25'];

test('role: every VIP of an active virtual up here = active; primary from lvs.cf', () => {
  const role = routerRole(fixtureRouter(), [v4('192.0.2.1'), ...VIPS.map((a, i) => v4(a, 'eth0', `eth0:${i + 1}`))]);
  assert.equal(role.role, 'active');
  assert.equal(role.which, 'primary');
  assert.equal(role.redundancy, true);
  assert.deepEqual(
    role.addresses.map((a) => [a.address, a.device, a.for, a.up, a.on]),
    [
      ['10.0.0.10', 'eth0:1', ['web', 'https'], true, 'eth0:1'],
      ['10.0.0.53', 'eth0:2', ['dns'], true, 'eth0:2'],
      ['10.0.0.100', 'eth0:4', ['marked'], true, 'eth0:3'],
      ['10.0.0.25', 'eth0:5', ['mail'], true, 'eth0:4'],
    ],
    'a shared VIP once; inactive virtuals (syslog) do not count',
  );
  assert.equal(role.reason, 'all 4 floating addresses are up here (primary)');
});

test('role: none up = standby (the backup here); some up = partial, naming what is not up', () => {
  const standby = routerRole(fixtureRouter(), [v4('192.0.2.2'), v4('127.0.0.1', 'lo')]);
  assert.deepEqual([standby.role, standby.which, standby.reason], ['standby', 'backup', 'none of 4 floating addresses is up here (backup)']);
  const partial = routerRole(fixtureRouter(), [v4('192.0.2.1'), v4('10.0.0.10'), v4('10.0.0.53')]);
  assert.equal(partial.role, 'partial');
  assert.equal(partial.reason, '2 of 4 floating addresses up; not up: 10.0.0.100, 10.0.0.25 (primary)');
});

test('role: unknown when the addresses cannot be read or lvs.cf has no VIP; which unknown off the pair', () => {
  assert.equal(routerRole(fixtureRouter(), null).role, 'unknown');
  const noVip = routerRole(model('primary = 192.0.2.1\n'), [v4('192.0.2.1')]);
  assert.deepEqual([noVip.role, noVip.which], ['unknown', 'primary']);
  const elsewhere = routerRole(fixtureRouter(), [v4('198.51.100.7')]);
  assert.deepEqual([elsewhere.role, elsewhere.which], ['standby', 'unknown']);
  assert.match(elsewhere.reason, /neither lvs\.cf's primary nor its backup address is on this host/);
});

test('role: a NAT router raises nat_router too; it counts as a floating address', () => {
  const cf = model('primary = 192.0.2.1\nnetwork = nat\nnat_router = 192.168.10.254 eth1:1\nvirtual www {\n     active = 1\n     address = 203.0.113.100 eth0:1\n}\n');
  const role = routerRole(cf, [v4('192.0.2.1'), v4('203.0.113.100')]);
  assert.equal(role.role, 'partial');
  assert.deepEqual(role.addresses.map((a) => [a.address, a.for, a.up]), [['203.0.113.100', ['www'], true], ['192.168.10.254', ['nat_router'], false]]);
});

test('judgeRouter: the standby with no services is healthy; without a backup it is down; partial is an alarm', () => {
  const cf = fixtureRouter();
  const empty = mergeLive(cf, emptySample());
  assert.equal(empty.health, 'down');
  const standby = routerRole(cf, [v4('192.0.2.2')]);
  assert.deepEqual(judgeRouter(empty, standby), { health: 'ok', summary: 'standby (backup): the services run on the active router' });
  const lone = routerRole(model('primary = 192.0.2.1\nvirtual www {\n     active = 1\n     address = 203.0.113.100 eth0:1\n}\n'), [v4('192.0.2.1')]);
  assert.equal(judgeRouter(empty, lone).health, 'down');
  assert.match(judgeRouter(empty, lone).summary, /^no VIP is up and lvs\.cf has no backup router: pulse is not running here/);
  const full = mergeLive(cf, scenarioSample());
  const partial = routerRole(cf, [v4('192.0.2.1'), v4('10.0.0.10')]);
  assert.equal(judgeRouter(full, partial).health, 'degraded');
  const active = routerRole(cf, [v4('192.0.2.1'), ...VIPS.map((a) => v4(a))]);
  assert.deepEqual(judgeRouter(full, active), { health: full.health, summary: full.summary });
});

test('interfaces: ip -o addr show with labels, peers, IPv6 flags', () => {
  const text = [
    '1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever',
    '1: lo    inet6 ::1/128 scope host \\       valid_lft forever preferred_lft forever',
    '2: eth0    inet 192.0.2.1/24 brd 192.0.2.255 scope global eth0\\       valid_lft forever preferred_lft forever',
    '2: eth0    inet 10.0.0.10/8 brd 10.255.255.255 scope global secondary eth0:1\\       valid_lft forever preferred_lft forever',
    '2: eth0    inet 10.0.0.11/32 scope global secondary dynamic\\       valid_lft 100sec preferred_lft 100sec',
    '3: ppp0    inet 10.64.0.1 peer 10.64.0.2/32 scope global ppp0\\       valid_lft forever preferred_lft forever',
    '5: veth1@if4    inet6 fd00::2/64 scope global nodad \\       valid_lft forever preferred_lft forever',
    'garbage line',
  ].join('\n');
  assert.deepEqual(
    parseIpAddrShow(text).map((a) => [a.address, a.family, a.prefix, a.device, a.label]),
    [
      ['127.0.0.1', 4, 8, 'lo', null],
      ['::1', 6, 128, 'lo', null],
      ['192.0.2.1', 4, 24, 'eth0', null],
      ['10.0.0.10', 4, 8, 'eth0', 'eth0:1'],
      ['10.0.0.11', 4, 32, 'eth0', null],
      ['10.64.0.1', 4, null, 'ppp0', null],
      ['fd00::2', 6, 64, 'veth1', null],
    ],
  );
});

test('interfaces: /proc/net/fib_trie local addresses once each; /proc/net/if_inet6', () => {
  const fib = readFileSync('/proc/net/fib_trie', 'utf8');
  const local = parseFibTrie(fib).map((a) => a.address);
  assert.ok(local.includes('127.0.0.1'), local.join(' '));
  assert.equal(new Set(local).size, local.length);
  assert.ok(!local.includes('127.255.255.255'), 'broadcast entries are not local addresses');
  assert.deepEqual(
    parseIfInet6('00000000000000000000000000000001 01 80 10 80       lo\nfd000000000000000000000000000002 04 40 00 82     eth0\n').map((a) => [a.address, a.prefix, a.device]),
    [['0000:0000:0000:0000:0000:0000:0000:0001', 128, 'lo'], ['fd00:0000:0000:0000:0000:0000:0000:0002', 64, 'eth0']],
  );
});

test('interfaces: this machine\'s real `ip -o addr show` parses, and agrees with fib_trie on IPv4', { skip: needProgram('ip', ['-V']) }, () => {
  const r = spawnSync('ip', ['-o', 'addr', 'show'], { encoding: 'utf8' });
  const parsed = parseIpAddrShow(r.stdout);
  assert.ok(parsed.some((a) => a.address === '127.0.0.1' && a.device === 'lo'));
  const fromIp = parsed.filter((a) => a.family === 4).map((a) => a.address).sort();
  const fromFib = parseFibTrie(readFileSync('/proc/net/fib_trie', 'utf8')).map((a) => a.address).sort();
  assert.deepEqual(fromFib, fromIp);
});
