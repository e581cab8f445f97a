import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../../src/config/parse';
import { validate } from '../../../src/config/validate';

// 10,000 virtual servers of 10 real servers each (about 650k lines) in Piranha's GUI layout: a big
// valid file must come out clean (no rule misfires at scale). Its speed is measured by
// `npm run bench`, not asserted here.
function bigFile(virtuals: number, servers: number): Buffer {
  const out = ['serial_no = 1', 'primary = 192.0.2.1', 'backup_active = 1', 'backup = 192.0.2.2', 'keepalive = 6', 'deadtime = 18', 'network = direct'];
  for (let i = 0; i < virtuals; i++) {
    out.push(`virtual v${i} {`, '     active = 1', `     address = 10.${(i >> 8) & 255}.${i & 255}.1 eth0:1`, '     vip_nmask = 255.255.255.255', '     port = 80',
      '     send = "GET / HTTP/1.0\\r\\n\\r\\n"', '     expect = "HTTP"', '     use_regex = 0', '     load_monitor = none', '     scheduler = wlc',
      '     protocol = tcp', '     timeout = 6', '     reentry = 15', '     quiesce_server = 0');
    for (let j = 0; j < servers; j++) out.push(`     server s${j} {`, `         address = 172.16.${i & 255}.${j + 1}`, '         active = 1', '         weight = 1', '     }');
    out.push('}');
  }
  return Buffer.from(out.join('\n') + '\n');
}

test('parse + validate of 10,000 x 10 servers is clean', () => {
  const src = bigFile(10000, 10);
  assert.deepEqual(validate(parse(src), { src }), []);
});
