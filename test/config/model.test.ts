import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '../../src/config/parse';
import { buildModel, cInt, effectiveSetting } from '../../src/config/model';
import { SAMPLES } from '../helpers/paths';

test('model: sample A (NAT) reads as pulse does', () => {
  const m = buildModel(parse(readFileSync(join(SAMPLES, 'nat-http-ftp.cf'))));
  assert.equal(m.global.network, 'nat');
  assert.equal(m.global.natRouter, '192.168.10.254');
  assert.equal(m.global.natDevice, 'eth1:1');
  assert.equal(m.global.serialNo, 12);
  assert.equal(m.redundancy.enabled, true);
  assert.equal(m.redundancy.keepalive, 6);
  assert.deepEqual(
    m.virtuals.map((v) => [v.name, v.active, v.vip, v.device, v.port, v.fwmark, v.persistent]),
    [
      ['www', true, '203.0.113.100', 'eth0:1', '80', 0, 0],
      ['ftp', true, '203.0.113.100', 'eth0:1', '21', 21, 1800],
    ],
  );
  const web1 = m.virtuals[0].servers[0];
  assert.equal(web1.port, '80');
  assert.equal(web1.settings.get('port')?.from, 'virtual');
  assert.equal(m.virtuals[0].settings.get('send')?.value, 'GET / HTTP/1.0\\r\\n\\r\\n', 'quotes removed, escapes kept');
});

test('model: missing keys take the daemons\' defaults, not the GUI\'s', () => {
  const m = buildModel(parse(Buffer.from('primary = 10.0.0.1\nvirtual v {\n address = 10.0.0.9 eth0:1\n server s {\n  address = 10.0.1.1\n }\n}\n')));
  assert.equal(m.redundancy.keepalive, 2);
  assert.equal(m.redundancy.deadtime, 5);
  assert.equal(m.global.network, 'nat');
  const timeout = effectiveSetting(m, 'timeout', 'v');
  assert.deepEqual([timeout?.value, timeout?.from, timeout?.line], ['10', 'default', null]);
  assert.equal(m.virtuals[0].scheduler, 'wlc');
  assert.equal(m.virtuals[0].servers[0].weight, 1);
  assert.equal(m.virtuals[0].active, false);
});

test('model: the last duplicate key wins, with its line', () => {
  const m = buildModel(parse(Buffer.from('backup_active = 0\nbackup = 10.0.0.2\nbackup_active = 1\n')));
  const s = m.global.settings.get('backup_active');
  assert.deepEqual([s?.value, s?.line], ['1', 3]);
  assert.equal(m.redundancy.enabled, true);
});

test('model: backup_active without a backup is not redundancy (pulse clears it)', () => {
  const m = buildModel(parse(Buffer.from('backup_active = 1\n')));
  assert.equal(m.redundancy.enabled, false);
});

test('model: a server\'s default port is the virtual\'s port as parsed so far', () => {
  const m = buildModel(parse(Buffer.from('virtual v {\n port = 443\n server a {\n }\n port = 8080\n server b {\n }\n}\n')));
  const [a, b] = m.virtuals[0].servers;
  assert.equal(a.port, '443');
  assert.equal(b.port, '8080');
  assert.equal(m.virtuals[0].port, '8080');
});

test('model: integers read like strtol(..., 0)', () => {
  assert.equal(cInt('0x10'), 16);
  assert.equal(cInt('010'), 8);
  assert.equal(cInt('42'), 42);
  assert.equal(cInt('abc'), 0);
  assert.equal(cInt('-3'), -3);
});
