// Editing commands on the real binary: golden results (only the edited lines change), refusals,
// --dry-run, no-op writes, serial_no.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { changedLines, sample, tempRoot } from './harness';

const NAT = sample('nat-http-ftp.cf');
const DNS = sample('handwritten-dns.cf');

function ok(r: { status: number | null; stderr: string }, what: string): void {
  assert.equal(r.status, 0, `${what}: ${r.stderr}`);
}

test('set an existing key: only its line and serial_no change; status on stderr, nothing on stdout', () => {
  const t = tempRoot();
  const r = t.run('set', '--virtual', 'www', 'port=8080');
  ok(r, 'set');
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, `lvs-tui: wrote ${t.cfg} (serial_no 12 → 13)\n`);
  assert.deepEqual(changedLines(NAT, t.read()), ['-serial_no = 12', '+serial_no = 13', '-     port = 80', '+     port = 8080']);
});

test('set a new key: inserted in the GUI order with the block\'s indent; string keys quoted, escapes kept', () => {
  const t = tempRoot();
  ok(t.run('set', '--virtual', 'www', 'persistent=300', 'send=HEAD / HTTP/1.0\\r\\n\\r\\n'), 'set');
  const expected = NAT.replace('serial_no = 12', 'serial_no = 13')
    .replace('     port = 80\n     send = "GET / HTTP/1.0\\r\\n\\r\\n"', '     port = 80\n     persistent = 300\n     send = "HEAD / HTTP/1.0\\r\\n\\r\\n"');
  assert.equal(t.read(), expected);
  assert.equal(t.run('get', '--virtual', 'www', 'send').stdout, 'HEAD / HTTP/1.0\\r\\n\\r\\n\n');
});

test('set on a hand-written file keeps its tabs and comment; new keys go in the GUI order', () => {
  const t = tempRoot(DNS);
  ok(t.run('set', 'keepalive=4', 'deadtime=12'), 'global');
  ok(t.run('set', '--virtual', 'dns', '--server', 'ns1', 'weight=5'), 'server');
  assert.equal(
    t.read(),
    DNS.replace('network = direct\n', 'keepalive = 4\ndeadtime = 12\nnetwork = direct\n').replace('\t\tactive = 1\n\t}', '\t\tactive = 1\n\t\tweight = 5\n\t}'),
  );
});

test('set a virtual address: "IP DEVICE" as one argument, blanks normalised', () => {
  const t = tempRoot();
  ok(t.run('set', '--virtual', 'www', 'address=203.0.113.101   eth0:2'), 'set');
  assert.deepEqual(changedLines(NAT, t.read()).slice(2), ['-     address = 203.0.113.100 eth0:1', '+     address = 203.0.113.101 eth0:2']);
  const r = t.run('set', '--virtual', 'www', 'address=203.0.113.101');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /address takes an address and a device as one argument/);
});

test('unset removes the line; the daemons\' default applies', () => {
  const t = tempRoot();
  ok(t.run('unset', '--virtual', 'www', 'quiesce_server', 'use_regex'), 'unset');
  assert.equal(t.read(), NAT.replace('serial_no = 12', 'serial_no = 13').replace('     use_regex = 0\n     load_monitor = none\n     scheduler = wlc\n     protocol = tcp\n     timeout = 6\n     reentry = 15\n     quiesce_server = 0\n     server web1', '     load_monitor = none\n     scheduler = wlc\n     protocol = tcp\n     timeout = 6\n     reentry = 15\n     server web1'));
  assert.equal(t.run('get', '--virtual', 'www', 'quiesce_server').stdout, '0\n');
});

test('add virtual: GUI defaults overridden by the given values, inactive, after the last virtual', () => {
  const t = tempRoot();
  ok(t.run('add', 'virtual', 'smtp', 'address=203.0.113.25 eth0:3', 'port=25', 'send=HELO x\\r\\n', 'expect=220', 'scheduler=rr'), 'add');
  const block = [
    'virtual smtp {',
    '     active = 0',
    '     address = 203.0.113.25 eth0:3',
    '     port = 25',
    '     send = "HELO x\\r\\n"',
    '     expect = "220"',
    '     use_regex = 0',
    '     load_monitor = none',
    '     scheduler = rr',
    '     protocol = tcp',
    '     timeout = 6',
    '     reentry = 15',
    '     quiesce_server = 0',
    '}',
    '',
  ].join('\n');
  assert.equal(t.read(), NAT.replace('serial_no = 12', 'serial_no = 13') + block);
});

test('add with KEY= leaves that default out (the GUI\'s BLANK SEND); set KEY= is refused', () => {
  const t = tempRoot();
  const r = t.run('add', 'virtual', 'smtp', 'address=203.0.113.25 eth0:3', 'port=25', 'send=', 'expect=220');
  ok(r, 'add');
  assert.match(t.read(), /virtual smtp \{\n     active = 0\n     address = 203\.0\.113\.25 eth0:3\n     port = 25\n     expect = "220"\n     use_regex = 0\n/);
  const refused = t.run('set', '--virtual', 'smtp', 'expect=');
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /empty value for expect: use `lvs-tui unset expect`/);
  assert.equal(t.run('add', 'server', '--virtual', 'smtp', 'mx1', 'address=').status, 1);
});

test('add server: address required, GUI defaults, inside its virtual after the last server', () => {
  const t = tempRoot();
  ok(t.run('add', 'server', '--virtual', 'www', 'web2', 'address=192.168.10.12', 'weight=2'), 'add');
  const expected = NAT.replace('serial_no = 12', 'serial_no = 13').replace(
    '         weight = 1\n     }\n}\nvirtual ftp',
    '         weight = 1\n     }\n     server web2 {\n         address = 192.168.10.12\n         active = 0\n         weight = 2\n     }\n}\nvirtual ftp',
  );
  assert.equal(t.read(), expected);
  for (const args of [['add', 'server', '--virtual', 'www', 'web3'], ['add', 'virtual', 'x', 'port=80']]) {
    const r = t.run(...args);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /needs an address: add .*address=/);
  }
  const dup = t.run('add', 'server', '--virtual', 'www', 'web2', 'address=192.168.10.13');
  assert.equal(dup.status, 1);
  assert.match(dup.stderr, /a server named "web2" already exists/);
  const bad = t.run('add', 'virtual', 'bad name', 'address=10.0.0.1 eth0:1');
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /not allowed/);
  assert.equal(t.read(), expected);
});

test('delete, rename, enable and disable touch only their lines', () => {
  const t = tempRoot();
  ok(t.run('disable', 'server', '--virtual', 'www', 'web1'), 'disable server');
  ok(t.run('rename', 'server', '--virtual', 'www', 'web1', 'web-a'), 'rename server');
  ok(t.run('rename', 'virtual', 'www', 'http'), 'rename virtual');
  ok(t.run('disable', 'virtual', 'ftp'), 'disable virtual');
  ok(t.run('enable', 'virtual', 'ftp'), 'enable virtual');
  ok(t.run('enable', 'server', '--virtual', 'http', 'web-a'), 'enable server');
  assert.deepEqual(changedLines(NAT, t.read()), ['-serial_no = 12', '+serial_no = 18', '-virtual www {', '+virtual http {', '-     server web1 {', '+     server web-a {']);
  ok(t.run('delete', 'server', '--virtual', 'ftp', 'ftp1'), 'delete server');
  ok(t.run('delete', 'virtual', 'http'), 'delete virtual');
  const lines = t.read().split('\n');
  assert.equal(lines[0], 'serial_no = 20');
  assert.equal(t.read(), ['serial_no = 20', ...NAT.split('\n').slice(1, 18), ...NAT.split('\n').slice(38, 54), '}', ''].join('\n'));
  const gone = t.run('enable', 'virtual', 'http');
  assert.equal(gone.status, 1);
  assert.match(gone.stderr, /no virtual server named "http"/);
});

test('comments and unknown keys survive an edit (which needs --force while the file has errors)', () => {
  const content = '# managed by hand\nprimary = 192.0.2.1\nnetwork = direct\nmystery_key = 7\nvirtual dns {\n\tactive = 1\n\taddress = 192.0.2.53 eth0:2\n\t# our resolver\n\tport = 53\n\tprotocol = udp\n\tsend_program = "/usr/local/bin/dnscheck %h"\n\texpect = "OK"\n\tserver ns1 {\n\t\taddress = 192.0.2.101\n\t\tactive = 1\n\t}\n}\n';
  const t = tempRoot(content);
  const refused = t.run('set', '--virtual', 'dns', 'timeout=5');
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /:4:1: error: .*\[unknown-key\]/);
  assert.match(refused.stderr, /not written: the result has 1 error; the file has 1 error now, see lvs-tui check/);
  assert.equal(t.read(), content);
  const forced = t.run('--force', 'set', '--virtual', 'dns', 'timeout=5');
  ok(forced, 'forced');
  assert.match(forced.stderr, /despite \d+ errors? \(--force\)/);
  assert.equal(t.read(), content.replace('\texpect = "OK"\n', '\texpect = "OK"\n\ttimeout = 5\n'));
});

test('refused edits exit 1 and write nothing: unknown key, line break, double quote, empty value, several words', () => {
  const t = tempRoot();
  const cases: Array<[string[], RegExp]> = [
    [['set', 'colour=blue'], /unknown key "colour" at the top level.*--force/],
    [['set', '--virtual', 'www', '--server', 'web1', 'nmask=255.255.255.0'], /unknown key "nmask" in a server block/],
    [['add', 'virtual', 'v', 'address=10.0.0.9 eth0:1', 'expect_program=x'], /unknown key "expect_program" in a virtual block/],
    [['set', '--virtual', 'www', 'expect=a\nport = 1'], /line break/],
    [['set', '--virtual', 'www', 'expect=say "hi"'], /double quote/],
    [['set', 'keepalive='], /empty value for keepalive: use `lvs-tui unset keepalive`/],
    [['set', 'keepalive=6 7'], /keepalive takes one word/],
    [['set', 'bad-key=1'], /"bad-key" is not a key name/],
    [['set', '--virtual', 'nope', 'port=1'], /no virtual server named "nope"/],
    [['unset', '--virtual', 'www', '--server', 'nope', 'port'], /virtual "www" has no server named "nope"/],
    [['rename', 'virtual', 'www', 'ftp'], /a virtual named "ftp" already exists/],
  ];
  for (const [args, message] of cases) {
    const r = t.run(...args);
    assert.equal(r.status, 1, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message, args.join(' '));
  }
  assert.equal(t.read(), NAT);
  assert.deepEqual(t.strays(), []);
});

test('--force writes an unknown key', () => {
  const t = tempRoot();
  const r = t.run('set', '--force', 'colour=blue');
  ok(r, 'force');
  assert.match(r.stderr, /error: unknown key "colour".*\[unknown-key\]/);
  assert.match(t.read(), /\ncolour = blue\n/);
});

test('--dry-run prints the unified diff of exactly what would be written, and writes nothing', () => {
  const t = tempRoot();
  const before = statSync(t.cfg);
  const r = t.run('--dry-run', 'set', '--virtual', 'ftp', 'persistent=600');
  ok(r, 'dry-run');
  assert.equal(
    r.stdout,
    [
      `--- ${t.cfg}`,
      `+++ ${t.cfg} (new)`,
      '@@ -1,4 +1,4 @@',
      '-serial_no = 12',
      '+serial_no = 13',
      ' primary = 203.0.113.10',
      ' primary_private = 10.11.12.1',
      ' service = lvs',
      '@@ -42,7 +42,7 @@',
      '      vip_nmask = 255.255.255.0',
      '      fwmark = 21',
      '      port = 21',
      '-     persistent = 1800',
      '+     persistent = 600',
      '      send = "QUIT\\r\\n"',
      '      expect = "220"',
      '      use_regex = 0',
      '',
    ].join('\n'),
  );
  const after = statSync(t.cfg);
  assert.equal(t.read(), NAT);
  assert.equal(after.mtimeMs, before.mtimeMs);
  assert.deepEqual(t.strays(), []);
  const forced = t.run('--dry-run', 'set', '--force', '--virtual', 'ftp', 'colour=red');
  assert.equal(forced.status, 0);
  assert.match(forced.stdout, /\+     colour = red/);
  assert.equal(t.read(), NAT);
  // a change that would be refused: the diff is still shown, the exit code says so
  const bad = tempRoot(NAT.replace('service = lvs\n', 'service = lvs\ncolour = blue\n'));
  const refused = bad.run('--dry-run', 'set', 'keepalive=5');
  assert.equal(refused.status, 1);
  assert.match(refused.stdout, /^\+keepalive = 5$/m);
  assert.match(refused.stderr, /\[unknown-key\]\n.*would be refused: the result has \d+ errors?/s);
  assert.equal(bad.read(), NAT.replace('service = lvs\n', 'service = lvs\ncolour = blue\n'));
});

test('an edit that changes nothing writes nothing: same inode, same mtime, serial_no unchanged', () => {
  const t = tempRoot();
  const before = statSync(t.cfg);
  for (const args of [['set', '--virtual', 'www', 'port=80'], ['enable', 'virtual', 'www'], ['unset', 'tcp_timeout'], ['set', 'keepalive=6', 'deadtime=18'], ['rename', 'virtual', 'www', 'www']]) {
    const r = t.run(...args);
    ok(r, args.join(' '));
    assert.equal(r.stderr, `lvs-tui: nothing to change in ${t.cfg}\n`);
  }
  const after = statSync(t.cfg);
  assert.equal(after.ino, before.ino);
  assert.equal(after.mtimeMs, before.mtimeMs);
  assert.equal(t.read(), NAT);
  assert.equal(t.run('history').stdout, `no earlier versions of ${t.cfg} kept yet\n`);
});

test('serial_no: +1 per write; not added when the file has none; an explicit set wins', () => {
  const t = tempRoot();
  ok(t.run('set', 'keepalive=5'), 'a');
  ok(t.run('set', 'keepalive=4'), 'b');
  assert.equal(t.run('get', 'serial_no').stdout, '14\n');
  ok(t.run('set', 'serial_no=100', 'keepalive=3'), 'explicit');
  assert.equal(t.run('get', 'serial_no').stdout, '100\n');
  const d = tempRoot(DNS);
  ok(d.run('set', 'keepalive=4'), 'no serial');
  assert.doesNotMatch(d.read(), /serial_no/);
});
