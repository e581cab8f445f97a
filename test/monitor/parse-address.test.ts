// Address forms of /proc and ipvsadm meet in one canonical text (glibc inet_ntop's).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fastIpv4HostPort, formatIpv6, ipv4FromHex, ipv6FromLong, parseIpv6, parseProcHostPort, parseTextHostPort } from '../../src/monitor/parse-address';
import { forAll, baseSeed } from '../helpers/prng';

test('address: /proc IPv4 hex is network order (not /proc/net/tcp host order)', () => {
  assert.equal(ipv4FromHex('0A00000A'), '10.0.0.10');
  assert.equal(ipv4FromHex('C0A80016'), '192.168.0.22');
  assert.equal(ipv4FromHex('c0a80016'), '192.168.0.22');
  assert.equal(ipv4FromHex('FFFFFFFF'), '255.255.255.255');
  assert.equal(ipv4FromHex('0A00000'), null);
  assert.equal(ipv4FromHex('0A00000G'), null);
  assert.deepEqual(parseProcHostPort('C0A80016:0CEA'), { address: '192.168.0.22', af: 4, port: 3306 });
  assert.equal(parseProcHostPort('C0A80016:CEA'), null);
});

test('address: long IPv6 from /proc is compressed the way ipvsadm prints it', () => {
  assert.equal(ipv6FromLong('2001:0db8:0010:0000:0000:0000:0000:0010'), '2001:db8:10::10');
  assert.equal(ipv6FromLong('0000:0000:0000:0000:0000:0000:0000:0000'), '::');
  assert.equal(ipv6FromLong('0000:0000:0000:0000:0000:0000:0000:0001'), '::1');
  assert.equal(ipv6FromLong('fe80:0000:0000:0000:0000:0000:0000:0000'), 'fe80::');
  assert.equal(ipv6FromLong('2001:0db8:0000:0001:0000:0000:0001:0001'), '2001:db8:0:1::1:1', 'a single zero group is not compressed');
  assert.equal(ipv6FromLong('2001:0000:0000:0001:0000:0000:0000:0001'), '2001:0:0:1::1', 'the longest run wins');
  assert.equal(ipv6FromLong('2001:0000:0000:0001:0000:0000:0001:0001'), '2001::1:0:0:1:1', 'the first of equal runs wins');
  assert.equal(ipv6FromLong('0000:0000:0000:0000:0000:ffff:c000:0201'), '::ffff:192.0.2.1');
  assert.equal(ipv6FromLong('0000:0000:0000:0000:0000:0000:c000:0201'), '::192.0.2.1');
  assert.deepEqual(parseProcHostPort('[2001:0db8:0010:0000:0000:0000:0000:0010]:0050'), { address: '2001:db8:10::10', af: 6, port: 80 });
});

test('address: ipvsadm text forms, IPv6 re-canonicalised', () => {
  assert.deepEqual(parseTextHostPort('10.0.0.10:80'), { address: '10.0.0.10', af: 4, port: 80 });
  assert.deepEqual(parseTextHostPort('[2001:db8:10::10]:80'), { address: '2001:db8:10::10', af: 6, port: 80 });
  assert.deepEqual(parseTextHostPort('[2001:DB8:10:0:0:0:0:10]:80'), { address: '2001:db8:10::10', af: 6, port: 80 });
  assert.deepEqual(parseTextHostPort('[::ffff:192.0.2.1]:0'), { address: '::ffff:192.0.2.1', af: 6, port: 0 });
  for (const bad of ['10.0.0.256:80', '10.0.0.1', 'www.example.com:http', '[2001:db8::1]', '[2001:db8:::1]:80', '10.0.0.1:65536', '[1:2:3:4:5:6:7:8:9]:1']) {
    assert.equal(parseTextHostPort(bad), null, bad);
  }
});

test('address: the fast IPv4 path agrees with the general one, and leaves odd forms to it', () => {
  const fast = (s: string) => fastIpv4HostPort(s, 0, s.length);
  for (const s of ['10.0.0.10:80', '0.0.0.100:0', '255.255.255.255:65535', '192.168.10.22:8081']) assert.deepEqual(fast(s), parseTextHostPort(s), s);
  for (const s of ['010.0.0.1:80', '10.0.0.256:80', '10.0.0:80', '10.0.0.1.2:80', '10.0.0.1:', '10.0.0.1:655350', '10.0.0.1:65536', '[::1]:80', 'web1:http', '10.0.0.1']) assert.equal(fast(s), null, s);
  assert.deepEqual(parseTextHostPort('010.0.0.1:80'), { address: '10.0.0.1', af: 4, port: 80 });
});

test('address: property: any 8 groups format and parse back to the same groups', () => {
  forAll(
    'ipv6 round trip',
    baseSeed(),
    500,
    (r) => Array.from({ length: 8 }, () => (r.chance(0.5) ? 0 : r.chance(0.2) ? 0xffff : r.int(0, 0xffff))),
    (g) => {
      const text = formatIpv6(g);
      assert.deepEqual(parseIpv6(text), g, text);
      assert.ok(!/(^|:)0[0-9a-f]/.test(text), `leading zero in ${text}`);
      const long = g.map((x) => x.toString(16).padStart(4, '0')).join(':');
      assert.equal(ipv6FromLong(long), text);
    },
    (g) => JSON.stringify(g),
  );
});
