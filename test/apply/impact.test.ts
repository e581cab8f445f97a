import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '../../src/config/parse';
import { LvsConfig, buildModel } from '../../src/config/model';
import { Impact, RESTART_NOTE, planImpact } from '../../src/apply/impact';
import { SAMPLES } from '../helpers/paths';

const NAT = readFileSync(join(SAMPLES, 'nat-http-ftp.cf'), 'utf8');
const DIRECT = readFileSync(join(SAMPLES, 'direct-fwmark.cf'), 'utf8');
const RUNNING = { installed: true, running: true };

const model = (text: string): LvsConfig => buildModel(parse(Buffer.from(text)));

/** Replaces `from` (which must occur exactly once) in the sample. */
function edit(text: string, from: string, to: string): string {
  assert.equal(text.split(from).length, 2, `'${from}' must occur once`);
  return text.replace(from, to);
}

function impact(before: string, after: string): Impact {
  return planImpact(model(before), model(after), RUNNING);
}

const whats = (i: Impact) => i.reasons.map((r) => `${r.action}: ${r.what}`);

/** A second real server for www, in the GUI's layout. */
const WEB2 = '     server web2 {\n         address = 192.168.10.12\n         active = 1\n         weight = 1\n     }\n';
const afterWeb1 = (text: string) => edit(text, '         weight = 1\n     }\n}\nvirtual ftp', '         weight = 1\n     }\n' + WEB2 + '}\nvirtual ftp');

test('no change: nothing to do', () => {
  assert.deepEqual(impact(NAT, NAT), { action: 'none', reasons: [] });
});

test('serial_no, debug_level and heartbeat are shown but need nothing', () => {
  const i = impact(NAT, edit(edit(edit(NAT, 'serial_no = 12', 'serial_no = 13'), 'debug_level = NONE', 'debug_level = DEBUG'), 'heartbeat = 1', 'heartbeat = 0'));
  assert.equal(i.action, 'none');
  assert.deepEqual(whats(i), [
    'none: global serial_no: 12 → 13 (information only)',
    'none: global heartbeat: 1 → 0 (not used by pulse)',
    'none: global debug_level: NONE → DEBUG (not used by the daemons)',
  ]);
});

test('a real server added or removed: reload', () => {
  const two = afterWeb1(NAT);
  const added = impact(NAT, two);
  assert.equal(added.action, 'reload');
  assert.deepEqual(whats(added), ['reload: virtual www (tcp 203.0.113.100:80): server web2 (192.168.10.12:80) is added (a new nanny checks it)']);
  assert.equal(added.note, undefined);
  const removed = impact(two, NAT);
  assert.deepEqual(whats(removed), ['reload: virtual www (tcp 203.0.113.100:80): server web2 (192.168.10.12:80) is removed (ipvsadm -d -t 203.0.113.100:80 -r 192.168.10.12:80)']);
});

test('inactive servers do not exist for lvsd: deactivating is a removal, activating an addition', () => {
  const inactive = afterWeb1(NAT).replace('192.168.10.12\n         active = 1', '192.168.10.12\n         active = 0');
  assert.deepEqual(impact(NAT, inactive), { action: 'none', reasons: [] });
  assert.equal(impact(inactive, afterWeb1(NAT)).action, 'reload');
  // a server's port change is a different real server for lvsd: removed and added
  const ported = edit(NAT, '         address = 192.168.10.11\n         active = 1\n', '         address = 192.168.10.11\n         active = 1\n         port = 8080\n');
  assert.deepEqual(whats(impact(NAT, ported)), [
    'reload: virtual www (tcp 203.0.113.100:80): server web1 (192.168.10.11:80) is removed (ipvsadm -d -t 203.0.113.100:80 -r 192.168.10.11:80)',
    'reload: virtual www (tcp 203.0.113.100:80): server web1 (192.168.10.11:8080) is added (a new nanny checks it)',
  ]);
});

test('a weight change needs a restart (nanny got the weight on its command line), with the warning', () => {
  const i = impact(NAT, edit(NAT, '         address = 192.168.10.11\n         active = 1\n         weight = 1', '         address = 192.168.10.11\n         active = 1\n         weight = 5'));
  assert.equal(i.action, 'restart');
  assert.deepEqual(whats(i), ['restart: virtual www (tcp 203.0.113.100:80), server web1 (192.168.10.11:80): weight 1 → 5']);
  assert.equal(i.note, RESTART_NOTE);
  assert.match(i.note!, /ipvsadm -C/);
});

test('every virtual setting but the identity and the servers needs a restart', () => {
  const cases: Array<[string, string, string]> = [
    ['     scheduler = wlc\n     protocol = tcp\n     timeout = 6\n     reentry = 15\n     quiesce_server = 0\n     server web1', 'scheduler', 'scheduler = rr'],
    ['     port = 80\n', 'persistent', '     port = 80\n     persistent = 300\n'],
    ['     port = 80\n', 'pmask', '     port = 80\n     pmask = 255.255.255.0\n'],
    ['     port = 80\n', 'sorry_server', '     port = 80\n     sorry_server = 192.168.10.99\n'],
    ['     send = "GET / HTTP/1.0\\r\\n\\r\\n"\n     expect = "HTTP"', 'send', '     send = "HEAD / HTTP/1.0\\r\\n\\r\\n"\n     expect = "HTTP"'],
    ['     expect = "HTTP"', 'expect', '     expect = "HTTP/1.1 200"'],
    ['     expect = "HTTP"\n     use_regex = 0', 'use_regex', '     expect = "HTTP"\n     use_regex = 1'],
    ['     expect = "HTTP"\n     use_regex = 0\n', 'send_program', '     expect = "HTTP"\n     use_regex = 0\n     send_program = "/usr/local/bin/check %h"\n'],
    ['     load_monitor = none\n     scheduler = wlc\n     protocol = tcp\n     timeout = 6\n     reentry = 15\n     quiesce_server = 0\n     server web1', 'load_monitor', 'load_monitor = uptime'],
    ['     protocol = tcp\n     timeout = 6\n     reentry = 15\n     quiesce_server = 0\n     server web1', 'timeout', 'timeout = 10'],
    ['     timeout = 6\n     reentry = 15\n     quiesce_server = 0\n     server web1', 'reentry', 'reentry = 30'],
    ['     reentry = 15\n     quiesce_server = 0\n     server web1', 'quiesce_server', 'quiesce_server = 1'],
  ];
  for (const [context, key, replacement] of cases) {
    // single-line replacements change the key's line inside the context; others replace the context
    const after = replacement.includes('\n') ? edit(NAT, context, replacement) : edit(NAT, context, context.replace(new RegExp(`${key} = [^\\n]*`), replacement));
    const i = impact(NAT, after);
    assert.equal(i.action, 'restart', key);
    assert.equal(i.reasons.length, 1, `${key}: ${whats(i).join('; ')}`);
    assert.ok(i.reasons[0].what.startsWith(`virtual www (tcp 203.0.113.100:80): ${key} `), i.reasons[0].what);
  }
  const sched = impact(NAT, NAT.replace(/scheduler = wlc/, 'scheduler = rr'));
  assert.deepEqual(whats(sched), ['restart: virtual www (tcp 203.0.113.100:80): scheduler wlc → rr']);
  const send = impact(NAT, NAT.replace('send = "GET / HTTP/1.0', 'send = "HEAD / HTTP/1.0'));
  assert.deepEqual(whats(send), ['restart: virtual www (tcp 203.0.113.100:80): send "GET / HTTP/1.0\\r\\n\\r\\n" → "HEAD / HTTP/1.0\\r\\n\\r\\n"']);
});

test('vip_nmask and the VIP device need a restart', () => {
  const nmask = impact(NAT, NAT.replace('vip_nmask = 255.255.255.0', 'vip_nmask = 255.255.255.255'));
  assert.deepEqual(whats(nmask), ['restart: virtual www (tcp 203.0.113.100:80): vip_nmask 255.255.255.0 → 255.255.255.255']);
  const device = impact(NAT, NAT.replace(/eth0:1/g, 'eth0:2'));
  assert.deepEqual(whats(device), ['restart: VIP 203.0.113.100: device eth0:1 → eth0:2']);
});

test('global settings need a restart: heartbeat timing, redundancy, network, NAT router, timeouts, sync daemon', () => {
  const cases: Array<[string, string]> = [
    ['keepalive = 6', 'keepalive = 2'],
    ['deadtime = 18', 'deadtime = 30'],
    ['heartbeat_port = 539', 'heartbeat_port = 540'],
    ['backup = 203.0.113.11', 'backup = 203.0.113.12'],
    ['backup_active = 1', 'backup_active = 0'],
    ['network = nat', 'network = direct'],
    ['nat_router = 192.168.10.254 eth1:1', 'nat_router = 192.168.10.253 eth1:1'],
    ['nat_nmask = 255.255.255.0', 'nat_nmask = 255.255.0.0'],
    ['syncdaemon = 0', 'syncdaemon = 1'],
    ['monitor_links = 0', 'monitor_links = 1'],
    ['syncdaemon = 0', 'syncdaemon = 0\ntcp_timeout = 900'],
  ];
  for (const [from, to] of cases) {
    const i = impact(NAT, edit(NAT, from, to));
    assert.equal(i.action, 'restart', to);
    assert.equal(i.reasons.length, 1, to);
    assert.match(i.reasons[0].what, /^global \w+: /, to);
  }
  assert.deepEqual(whats(impact(NAT, edit(NAT, 'keepalive = 6', 'keepalive = 2'))), ['restart: global keepalive: 6 → 2']);
  assert.deepEqual(whats(impact(NAT, edit(NAT, 'syncdaemon = 0', 'syncdaemon = 0\ntcp_timeout = 900'))), ['restart: global tcp_timeout: 0 → 900']);
});

/** A virtual server for SMTP on the www VIP (already raised), in the GUI's layout. */
const SMTP_ON = (vip: string, dev: string) =>
  `virtual smtp {\n     active = 1\n     address = ${vip} ${dev}\n     port = 25\n     send = ""\n     expect = "220"\n     scheduler = wlc\n     protocol = tcp\n     server mx1 {\n         address = 192.168.10.41\n         active = 1\n         weight = 1\n     }\n}\n`;

test('a new virtual service on a raised VIP is a reload; removing it again too', () => {
  const more = NAT + SMTP_ON('203.0.113.100', 'eth0:1');
  assert.deepEqual(whats(impact(NAT, more)), ['reload: virtual smtp (tcp 203.0.113.100:25) is added (ipvsadm -A -t 203.0.113.100:25 -s wlc, 1 real server)']);
  assert.deepEqual(whats(impact(more, NAT)), ['reload: virtual smtp (tcp 203.0.113.100:25) is removed (ipvsadm -D -t 203.0.113.100:25)']);
});

test('a virtual service on a new VIP needs a restart: pulse raises VIPs only when it starts', () => {
  const more = NAT + SMTP_ON('203.0.113.25', 'eth0:3');
  const i = impact(NAT, more);
  assert.equal(i.action, 'restart');
  assert.deepEqual(whats(i), [
    'restart: VIP 203.0.113.25 on eth0:3 is new: pulse raises VIPs only when it starts',
    'reload: virtual smtp (tcp 203.0.113.25:25) is added (ipvsadm -A -t 203.0.113.25:25 -s wlc, 1 real server)',
  ]);
  // removing the only service of a VIP is a reload; the address stays up until a restart
  assert.deepEqual(whats(impact(more, NAT)), [
    'reload: VIP 203.0.113.25 is no longer used; it stays raised on eth0:3 until pulse restarts',
    'reload: virtual smtp (tcp 203.0.113.25:25) is removed (ipvsadm -D -t 203.0.113.25:25)',
  ]);
});

test('inactive virtual servers do not exist for lvsd', () => {
  const inactive = NAT + SMTP_ON('203.0.113.100', 'eth0:1').replace('active = 1\n     address', 'active = 0\n     address');
  assert.deepEqual(impact(NAT, inactive), { action: 'none', reasons: [] });
  // changing an inactive virtual needs nothing either
  assert.deepEqual(impact(inactive, inactive.replace(/port = 25/, 'port = 26')), { action: 'none', reasons: [] });
  // and deactivating an active one is its removal
  const off = NAT.replace('virtual ftp {\n     active = 1', 'virtual ftp {\n     active = 0');
  assert.deepEqual(whats(impact(NAT, off)), ['reload: virtual ftp (fwmark 21) is removed (ipvsadm -D -f 21)']);
});

test('the port of a non-fwmark virtual is its identity: a change is a removal and an addition', () => {
  const i = impact(NAT, NAT.replace('     port = 80\n', '     port = 8080\n'));
  assert.equal(i.action, 'reload');
  assert.deepEqual(whats(i), [
    'reload: virtual www (tcp 203.0.113.100:80) is removed (ipvsadm -D -t 203.0.113.100:80)',
    'reload: virtual www (tcp 203.0.113.100:8080) is added (ipvsadm -A -t 203.0.113.100:8080 -s wlc, 1 real server)',
  ]);
});

test('fwmark services are matched by mark: a new fwmark, or a fwmark service\'s VIP or port, needs a restart', () => {
  const mark = impact(NAT, NAT.replace('fwmark = 21', 'fwmark = 22'));
  assert.deepEqual(whats(mark), ['restart: virtual ftp: fwmark 21 → 22']);
  const toMark = impact(NAT, NAT.replace('     port = 80\n', '     fwmark = 80\n     port = 80\n'));
  assert.deepEqual(whats(toMark), ['restart: virtual www: fwmark 0 → 80']);
  const port = impact(DIRECT, DIRECT.replace('     port = 80\n', '     port = 443\n'));
  assert.equal(port.action, 'restart');
  assert.ok(whats(port).includes('restart: virtual web-fwm80 (fwmark 80): port 80 → 443'), whats(port).join('\n'));
});

test('renaming is not a change for lvsd', () => {
  const i = impact(NAT, NAT.replace('virtual www {', 'virtual web {').replace('server web1 {', 'server www1 {'));
  assert.equal(i.action, 'none');
  assert.deepEqual(whats(i), [
    'none: virtual www renamed to web (lvsd matches services by tcp 203.0.113.100:80)',
    'none: virtual web (tcp 203.0.113.100:80): server web1 renamed to www1',
  ]);
});

test('several changes: the strongest action wins and every reason is listed', () => {
  const i = impact(NAT, afterWeb1(NAT).replace('keepalive = 6', 'keepalive = 2'));
  assert.equal(i.action, 'restart');
  assert.equal(i.reasons.length, 2);
});

test('pulse not running or not installed: nothing to do, and the plan says why', () => {
  const after = model(NAT.replace(/scheduler = wlc/, 'scheduler = rr'));
  const stopped = planImpact(model(NAT), after, { installed: true, running: false });
  assert.equal(stopped.action, 'none');
  assert.equal(stopped.note, 'pulse is not running: the new configuration is read when it starts');
  assert.equal(stopped.reasons.length, 1, 'the changes are still listed');
  const absent = planImpact(model(NAT), after, { installed: false, running: false });
  assert.equal(absent.action, 'none');
  assert.match(absent.note!, /^pulse is not installed/);
});

test('unknown running configuration: a restart when pulse runs, nothing when it does not', () => {
  const i = planImpact(null, model(NAT), RUNNING);
  assert.equal(i.action, 'restart');
  assert.equal(i.note, RESTART_NOTE);
  assert.match(i.reasons[0].what, /does not know which configuration pulse is running/);
  assert.equal(planImpact(null, model(NAT), { installed: true, running: false }).action, 'none');
});

test('legacy failover services have no reload: any change to them needs a restart', () => {
  const fos = NAT + 'failover web {\n     active = 1\n     address = 203.0.113.200 eth0:5\n     port = 80\n}\n';
  assert.deepEqual(whats(impact(NAT, fos)), ['restart: failover web is added']);
  assert.deepEqual(whats(impact(fos, fos.replace('port = 80\n}', 'port = 81\n}'))), ['restart: failover web: port 80 → 81']);
  assert.deepEqual(whats(impact(fos, NAT)), ['restart: failover web is removed']);
});
