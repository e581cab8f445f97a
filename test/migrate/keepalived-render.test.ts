// The keepalived renderer and the checker choice, on the spec's samples and small files: what is
// written where, and which meaning changes are reported.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '../../src/config/parse';
import { buildModel } from '../../src/config/model';
import { renderKeepalived, KeepalivedExport } from '../../src/migrate/keepalived-render';
import { chooseChecker, CheckInput } from '../../src/migrate/keepalived-checker';
import { FIXTURES, SAMPLES } from '../helpers/paths';

const OPTS = { dir: '/etc/keepalived', source: '/etc/sysconfig/ha/lvs.cf', version: 'test' };

function render(text: string): KeepalivedExport {
  return renderKeepalived(buildModel(parse(Buffer.from(text))), OPTS);
}
const sampleText = (name: string) => readFileSync(join(SAMPLES, name), 'utf8');
const file = (r: KeepalivedExport, name: string) => {
  const f = r.files.find((x) => x.name === name);
  assert.ok(f, `${name} among ${r.files.map((x) => x.name).join(', ')}`);
  return f.text;
};
const warned = (r: KeepalivedExport, where: string, pattern: RegExp) =>
  assert.ok(r.warnings.some((w) => w.where === where && pattern.test(w.message)), `no warning for ${where} matching ${pattern}: ${JSON.stringify(r.warnings, null, 1)}`);

/** The lines of the block that starts with `head`, up to its closing brace at the same indent. */
function block(text: string, head: string): string {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => l.trim() === head);
  assert.ok(i >= 0, `no "${head}" in\n${text}`);
  const indent = lines[i].length - lines[i].trimStart().length;
  const j = lines.findIndex((l, k) => k > i && l.trim() === '}' && l.length - l.trimStart().length === indent);
  return lines.slice(i, j + 1).join('\n');
}

const base: CheckInput = { protocol: 'tcp', port: 8080, send: null, expect: null, sendProgram: null, useRegex: false };

test('checker: connect only is TCP_CHECK; port 80 with nothing set is nanny\'s GET / fallback, HTTP_GET any status', () => {
  assert.deepEqual(chooseChecker(base).checker, { kind: 'tcp' });
  assert.deepEqual(chooseChecker({ ...base, expect: '*' }).checker, { kind: 'tcp' });
  assert.deepEqual(chooseChecker({ ...base, port: 80 }).checker, { kind: 'http', path: '/', status: '100-599' });
});

test('checker: a plain GET with expect HTTP is HTTP_GET; a status line maps to status_code with a warning', () => {
  const any = chooseChecker({ ...base, send: 'GET /health HTTP/1.0\\r\\n\\r\\n', expect: 'HTTP' });
  assert.deepEqual(any.checker, { kind: 'http', path: '/health', status: '100-599' });
  assert.deepEqual(any.warnings, []);
  const status = chooseChecker({ ...base, send: 'GET / HTTP/1.0\\r\\n\\r\\n', expect: 'HTTP/1.1 200 OK' });
  assert.deepEqual(status.checker, { kind: 'http', path: '/', status: '200' });
  assert.match(status.warnings.join('\n'), /status_code 200 only, not the HTTP version and the reason phrase/);
});

test('checker: anything else is a MISC_CHECK wrapper doing nanny\'s check', () => {
  const cases: Array<[Partial<CheckInput>, RegExp | null]> = [
    [{ send: 'GET / HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n', expect: 'HTTP' }, null], // not the request keepalived sends
    [{ send: 'HELO lvs\\r\\n', expect: '220' }, null],
    [{ expect: '220' }, null], // a banner
    [{ send: 'GET / HTTP/1.0\\r\\n\\r\\n', expect: 'HTTP/1.[01] 200', useRegex: true }, /grep -E/],
    [{ sendProgram: '/usr/local/bin/check %h %p', expect: 'OK', useRegex: true }, /ignored for send_program/],
    [{ protocol: 'udp' }, null], // TCP_CHECK cannot check UDP
  ];
  for (const [c, warning] of cases) {
    const got = chooseChecker({ ...base, ...c });
    assert.equal(got.checker.kind, 'misc', JSON.stringify(c));
    if (warning) assert.match(got.warnings.join('\n'), warning);
  }
});

test('keepalived: sample A (NAT, HTTP + FTP on fwmark 21) for both routers', () => {
  const r = render(sampleText('nat-http-ftp.cf'));
  assert.deepEqual(r.files.map((f) => f.name), ['keepalived-primary.conf', 'keepalived-backup.conf', 'check-ftp.sh']);
  const primary = file(r, 'keepalived-primary.conf');
  const backup = file(r, 'keepalived-backup.conf');
  const vrrp = block(primary, 'vrrp_instance LVS {');
  for (const line of ['state MASTER', 'interface eth0', 'priority 150', 'advert_int 6', 'unicast_src_ip 203.0.113.10', '203.0.113.11', '203.0.113.100/24 dev eth0 label eth0:1', '192.168.10.254/24 dev eth1 label eth1:1']) {
    assert.ok(vrrp.split('\n').some((l) => l.trim() === line), `${line} in\n${vrrp}`);
  }
  const bvrrp = block(backup, 'vrrp_instance LVS {');
  assert.match(bvrrp, /state BACKUP\n\s+interface eth0\n\s+virtual_router_id 51\n\s+priority 100/);
  assert.match(bvrrp, /unicast_src_ip 203\.0\.113\.11\n\s+unicast_peer \{\n\s+203\.0\.113\.10\n/);
  // the virtual servers are the same in both files
  assert.equal(primary.slice(primary.indexOf('# virtual www')), backup.slice(backup.indexOf('# virtual www')));
  const www = block(primary, 'virtual_server 203.0.113.100 80 {');
  assert.match(www, /delay_loop 6\n\s+lb_algo wlc\n\s+lb_kind NAT\n\s+protocol TCP\n/);
  assert.match(block(www, 'HTTP_GET {'), /path \/\n\s+status_code 100-599\n\s+\}\n\s+connect_timeout 6\n\s+retry 0/);
  const ftp = block(primary, 'virtual_server fwmark 21 {');
  assert.match(ftp, /persistence_timeout 1800/);
  assert.doesNotMatch(ftp, /protocol/); // keepalived ignores (and warns about) a protocol on fwmark services
  assert.match(ftp, /real_server 192\.168\.10\.21 \{/); // no port on fwmark real servers
  assert.match(ftp, /misc_path "\/etc\/keepalived\/check-ftp\.sh 192\.168\.10\.21 21"\n\s+misc_timeout 6/);
  assert.match(block(primary, 'global_defs {'), /enable_script_security\n\s+script_user root/);
  const script = file(r, 'check-ftp.sh');
  assert.match(script, /printf '%s' \$'QUIT\\r\\n' >&3/);
  assert.match(script, /head -c 3 <&3 \| cmp -s - <\(printf '%s' "\$expect"\)/);
  assert.equal(r.files.find((f) => f.name === 'check-ftp.sh')!.mode, 0o755);
  warned(r, 'virtual ftp', /iptables rules that give them mark 21/);
  warned(r, 'virtual www', /reentry = 15: nanny re-adds a failed server after 2 good checks/);
  warned(r, 'global', /UDP heartbeat \(port 539\) becomes VRRP/);
  warned(r, 'global', /primary_private\/backup_private/);
  assert.deepEqual([...r.interfaces].sort(), ['eth0', 'eth1']);
});

test('keepalived: sample B (DR, fwmark 80, send_program, quiesce, sorry server)', () => {
  const r = render(sampleText('direct-fwmark.cf'));
  const vs = block(file(r, 'keepalived-primary.conf'), 'virtual_server fwmark 80 {');
  assert.match(vs, /lb_kind DR/);
  assert.match(vs, /persistence_timeout 300/);
  assert.match(vs, /inhibit_on_failure/);
  assert.match(vs, /sorry_server 198\.51\.100\.60\n/);
  assert.match(vs, /weight 64/);
  warned(r, 'virtual web-fwm80', /quiesce_server = 1 → inhibit_on_failure/);
  assert.match(file(r, 'check-web-fwm80.sh'), /^\/usr\/local\/bin\/check_https "\$host" \| head -c 4095 \| head -c -1 \| cmp -s - <\(printf '%s' "\$expect"\)$/m);
  // no deadtime warning: 18 = 3 × 6
  assert.ok(!r.warnings.some((w) => /deadtime/.test(w.message)));
});

test('keepalived: sample C (UDP, port by service name, no redundancy): one file, a UDP-less checker', () => {
  const r = render(sampleText('handwritten-dns.cf'));
  assert.deepEqual(r.files.map((f) => f.name), ['keepalived-primary.conf', 'check-dns.sh']);
  const primary = file(r, 'keepalived-primary.conf');
  assert.match(primary, /virtual_server 192\.0\.2\.53 53 \{\n\s+delay_loop 5\n\s+lb_algo wlc\n\s+lb_kind DR\n\s+protocol UDP/);
  assert.doesNotMatch(primary, /unicast_peer/);
  assert.match(primary, /192\.0\.2\.53\/24 dev eth0 label eth0:2/); // classful /24, as ifconfig gave it
});

test('keepalived: load_monitor, inactive servers and virtuals, deadtime, DR port, no VIP', () => {
  const r = renderKeepalived(buildModel(parse(readFileSync(join(FIXTURES, 'corpus', 'gui-send-program.cf')))), OPTS);
  warned(r, 'virtual ldap', /load_monitor = ruptime is dropped/);
  warned(r, 'virtual mysql', /use_regex is ignored for send_program/);
  const tunnel = render(readFileSync(join(FIXTURES, 'corpus', 'gui-tunnel.cf'), 'utf8'));
  const t = file(tunnel, 'keepalived-primary.conf');
  assert.match(t, /lb_kind TUN/);
  assert.match(t, /# server mx-dc3 \(line \d+\): inactive in lvs\.cf\n(\s+# .*\n)+/);
  assert.match(t, /^\s+# real_server 198\.18\.2\.25 25 \{$/m);
  const text = `primary = 10.0.0.1
backup_active = 1
backup = 10.0.0.2
keepalive = 2
deadtime = 10
network = direct
monitor_links = 1
virtual web {
     active = 1
     address = 10.0.0.100 eth0:1
     vip_nmask = 255.255.255.255
     port = 8443
     server a {
         address = 10.0.1.1
         port = 443
         active = 1
     }
}
virtual off {
     active = 0
     address = 10.0.2.100 eth2:1
     server b {
         address = 10.0.1.2
         active = 1
     }
}
`;
  const m = render(text);
  const p = file(m, 'keepalived-primary.conf');
  warned(m, 'global', /deadtime = 10: VRRP declares the master dead after about 3 × advert_int = 6 s/);
  warned(m, 'server a of virtual web', /with DR packets keep the virtual's port 8443/);
  assert.match(p, /real_server 10\.0\.1\.1 8443 \{\n\s+weight 1\n\s+TCP_CHECK \{\n\s+connect_port 443/);
  assert.match(p, /10\.0\.0\.100\/32 dev eth0 label eth0:1/);
  assert.doesNotMatch(p, /10\.0\.2\.100\//); // pulse does not raise an inactive virtual's VIP
  assert.match(p, /# inactive in lvs\.cf: pulse does not start it\n# virtual_server 10\.0\.2\.100 80 \{/);
  const none = render('primary = 10.0.0.1\nactive_cmd = /usr/local/bin/up\n');
  assert.match(file(none, 'keepalived-primary.conf'), /# no vrrp_instance: no VIP to raise/);
  warned(none, 'global', /active_cmd is not exported/);
});

test('keepalived: every feature at once (sync daemon, timeouts, notify commands, tracked links, UDP regex)', () => {
  const r = renderKeepalived(buildModel(parse(readFileSync(join(FIXTURES, 'keepalived', 'every-feature.cf')))), OPTS);
  const backup = file(r, 'keepalived-backup.conf');
  const defs = block(backup, 'global_defs {');
  assert.match(defs, /router_id lvs_backup\n\s+enable_script_security\n\s+script_user root\n\s+lvs_timeouts tcp 900 tcpfin 120 udp 300\n\s+lvs_sync_daemon eth3 LVS id 7\n/);
  const vrrp = block(backup, 'vrrp_instance LVS {');
  assert.match(vrrp, /advert_int 2\n/);
  assert.match(vrrp, /track_interface \{\n\s+eth4\n\s+\}/); // the VIPs' other interface; eth0 is the instance's own
  assert.match(vrrp, /10\.0\.0\.100\/24 dev eth0 label eth0:1\n\s+10\.0\.4\.25\/8 dev eth4 label eth4:1\n\s+10\.0\.0\.53\/8 dev eth0 label eth0:2\n/);
  assert.match(vrrp, /notify_master "\/usr\/local\/sbin\/lvs-active"\n\s+notify_backup "\/usr\/local\/sbin\/lvs-inactive"/);
  assert.match(block(backup, 'virtual_server 10.0.0.100 80 {'), /HTTP_GET \{\n\s+url \{\n\s+path \/health\n\s+status_code 200\n/);
  assert.match(block(backup, 'virtual_server 10.0.4.25 25 {'), /MISC_CHECK/);
  assert.match(file(r, 'check-dns.sh'), /exec 3<>"\/dev\/udp\/\$host\/\$port"[\s\S]*grep -Ezq -- "\$expect"/);
  warned(r, 'virtual dns', /use_regex: the wrapper matches the POSIX extended regex/);
  warned(r, 'virtual web', /status_code 200 only, not the HTTP version/);
  warned(r, 'global', /inactive_cmd → notify_backup/);
  assert.ok(!r.warnings.some((w) => /deadtime|reentry/.test(w.message)), 'deadtime = 3 × keepalive, reentry = timeout: nothing to say');
  assert.deepEqual([...r.interfaces].sort(), ['eth0', 'eth3', 'eth4']);
});
