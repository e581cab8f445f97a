// The real-server kit (pure): for each method, network and platform, the actions each real server
// gets, in the order that never lets it answer ARP for a VIP, what makes them survive a reboot,
// and what is left out (host names, marks without ports, NAT).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../src/config/parse';
import { buildModel } from '../../src/config/model';
import { parseSidecar, resolveMarks } from '../../src/apply/sidecar';
import { buildKit } from '../../src/realserver/build-kit';
import { Kit, KitAction, KitOptions } from '../../src/realserver/kit-model';
import { actionLines, kitJson, kitText, shellWord } from '../../src/realserver/render-kit';

function cf(network: string, virtuals: string, global = ''): string {
  return `serial_no = 1\nprimary = 192.0.2.1\nservice = lvs\nnetwork = ${network}\n${global}${virtuals}`;
}

function virtual(name: string, vip: string, servers: Array<[string, string]>, extra = '     port = 80\n'): string {
  return `virtual ${name} {\n     active = 1\n     address = ${vip} eth0:1\n${extra}` + servers.map(([n, a]) => `     server ${n} {\n         address = ${a}\n         active = 1\n     }\n`).join('') + '}\n';
}

function kitOf(text: string, opts: KitOptions, sidecar = ''): Kit {
  const config = buildModel(parse(Buffer.from(text)));
  const { sidecar: sc, diagnostics } = parseSidecar(new TextEncoder().encode(sidecar), 'lvs-tui.yaml');
  assert.deepEqual(diagnostics, []);
  return buildKit(config, resolveMarks(config, sc), opts);
}

const live = (k: Kit, i = 0): KitAction[] => k.servers[i].groups.filter((g) => g.stage === 'live').flatMap((g) => g.actions);
const boot = (k: Kit, i = 0): KitAction[] => k.servers[i].groups.filter((g) => g.stage === 'boot').flatMap((g) => g.actions);
const lines = (as: KitAction[]) => as.flatMap(actionLines);
const file = (as: KitAction[], path: string) => {
  const f = as.find((a) => a.kind === 'file' && a.path === path);
  assert.ok(f && f.kind === 'file', `no file ${path}`);
  return f;
};

const WEB = cf('direct', virtual('web', '192.0.2.10', [['rs1', '10.0.2.21'], ['rs2', '10.0.2.22']]));

test('realserver kit, sysctl (direct): arp_ignore/arp_announce for all and the device, then the VIP on lo as /32; sysctl.d file and a unit', () => {
  const k = kitOf(WEB, { method: 'sysctl', platform: 'systemd' });
  assert.equal(k.network, 'direct');
  assert.deepEqual(k.servers.map((s) => s.address), ['10.0.2.21', '10.0.2.22']);
  assert.deepEqual(lines(live(k)), [
    'sysctl -w net.ipv4.conf.all.arp_ignore=1',
    'sysctl -w net.ipv4.conf.all.arp_announce=2',
    'sysctl -w net.ipv4.conf.eth0.arp_ignore=1',
    'sysctl -w net.ipv4.conf.eth0.arp_announce=2',
    'ip addr replace 192.0.2.10/32 dev lo label lo:0',
  ]);
  const sysctlFile = file(boot(k), '/etc/sysctl.d/90-lvs-tui-realserver.conf');
  assert.match(sysctlFile.content, /^# Written by lvs-tui/);
  assert.deepEqual(sysctlFile.content.split('\n').filter((l) => l && !l.startsWith('#')), ['net.ipv4.conf.all.arp_ignore = 1', 'net.ipv4.conf.all.arp_announce = 2', 'net.ipv4.conf.eth0.arp_ignore = 1', 'net.ipv4.conf.eth0.arp_announce = 2']);
  const unit = file(boot(k), '/etc/systemd/system/lvs-tui-realserver.service');
  assert.deepEqual(unit.content.split('\n').filter((l) => l.startsWith('ExecStart')), ['ExecStart=/sbin/ip addr replace 192.0.2.10/32 dev lo label lo:0']);
  assert.deepEqual(boot(k).at(-1), { kind: 'enable', service: 'lvs-tui-realserver.service', manager: 'systemctl' });
  // --device changes the interface-specific keys
  const k2 = kitOf(WEB, { method: 'sysctl', platform: 'systemd', device: 'ens192' });
  assert.ok(lines(live(k2)).includes('sysctl -w net.ipv4.conf.ens192.arp_ignore=1'));
});

test('realserver kit, arptables (the guide, RHEL 6): DROP requests for the VIP, mangle the source to the real IP, then the VIP on eth0; save and chkconfig', () => {
  const k = kitOf(WEB, { method: 'arptables', platform: 'rhel6' });
  assert.deepEqual(lines(live(k, 1)), [
    'arptables -A IN -d 192.0.2.10 -j DROP',
    'arptables -A OUT -s 192.0.2.10 -j mangle --mangle-ip-s 10.0.2.22',
    'ip addr replace 192.0.2.10/32 dev eth0 label eth0:0',
  ]);
  assert.deepEqual(lines(boot(k, 1)).filter((l) => !l.startsWith('cat') && !/^[A-Z#]/.test(l) && l !== 'EOF'), ['service arptables_jf save', 'chkconfig arptables_jf on']);
  const ifcfg = file(boot(k, 1), '/etc/sysconfig/network-scripts/ifcfg-eth0:0');
  assert.match(ifcfg.content, /\nDEVICE=eth0:0\nIPADDR=192\.0\.2\.10\nNETMASK=255\.255\.255\.255\nONBOOT=yes\n$/);
  // no sysctls with arptables
  assert.ok(!live(k).some((a) => a.kind === 'sysctl'));
});

test('realserver kit, arptables on systemd: chains INPUT/OUTPUT (or those read on the server); the unit deletes before it adds', () => {
  const k = kitOf(WEB, { method: 'arptables', platform: 'systemd' });
  assert.deepEqual(lines(live(k)).slice(0, 2), ['arptables -A INPUT -d 192.0.2.10 -j DROP', 'arptables -A OUTPUT -s 192.0.2.10 -j mangle --mangle-ip-s 10.0.2.21']);
  const exec = file(boot(k), '/etc/systemd/system/lvs-tui-realserver.service').content.split('\n').filter((l) => l.startsWith('ExecStart'));
  assert.deepEqual(exec, [
    'ExecStart=-/sbin/arptables -D INPUT -d 192.0.2.10 -j DROP',
    'ExecStart=/sbin/arptables -A INPUT -d 192.0.2.10 -j DROP',
    'ExecStart=-/sbin/arptables -D OUTPUT -s 192.0.2.10 -j mangle --mangle-ip-s 10.0.2.21',
    'ExecStart=/sbin/arptables -A OUTPUT -s 192.0.2.10 -j mangle --mangle-ip-s 10.0.2.21',
    'ExecStart=/sbin/ip addr replace 192.0.2.10/32 dev eth0 label eth0:0',
  ]);
  const k2 = kitOf(WEB, { method: 'arptables', platform: 'systemd', arpChains: { in: 'IN', out: 'OUT' } });
  assert.equal(lines(live(k2))[0], 'arptables -A IN -d 192.0.2.10 -j DROP');
});

test('realserver kit, iptables: one REDIRECT rule per VIP and port, as iptables-save prints it; fwmark services by the sidecar\'s ports (ranges, udp); no VIP held', () => {
  const text = cf(
    'direct',
    virtual('web', '192.0.2.10', [['rs1', '10.0.2.21']], '     fwmark = 80\n     port = 80\n') +
      virtual('dns', '192.0.2.53', [['rs1', '10.0.2.21']], '     port = 53\n     protocol = udp\n') +
      virtual('ftp', '192.0.2.21', [['rs1', '10.0.2.21']], '     fwmark = 21\n     port = 21\n'),
  );
  const sidecar = 'firewall_marks:\n  - mark: 80\n    ports: [80, 443]\n  - mark: 21\n    ports: [21, "10000:20000"]\n';
  const k = kitOf(text, { method: 'iptables', platform: 'systemd' }, sidecar);
  assert.deepEqual(k.problems, []);
  assert.deepEqual(lines(live(k)), [
    'iptables -t nat -A PREROUTING -d 192.0.2.10/32 -p tcp -m tcp --dport 80 -j REDIRECT',
    'iptables -t nat -A PREROUTING -d 192.0.2.10/32 -p tcp -m tcp --dport 443 -j REDIRECT',
    'iptables -t nat -A PREROUTING -d 192.0.2.53/32 -p udp -m udp --dport 53 -j REDIRECT',
    'iptables -t nat -A PREROUTING -d 192.0.2.21/32 -p tcp -m tcp --dport 21 -j REDIRECT',
    'iptables -t nat -A PREROUTING -d 192.0.2.21/32 -p tcp -m tcp --dport 10000:20000 -j REDIRECT',
  ]);
  assert.ok(!live(k).some((a) => a.kind === 'address' || a.kind === 'sysctl'));
  assert.equal(k.servers[0].services[0].service, 'fwmark 80 (tcp 80, 443)');
  // RHEL 6 keeps them with the iptables service
  const k6 = kitOf(text, { method: 'iptables', platform: 'rhel6' }, sidecar);
  assert.deepEqual(boot(k6).map((a) => a.kind), ['save', 'enable']);
  // a mark without ports is left out, with the reason
  const k3 = kitOf(text, { method: 'iptables', platform: 'systemd' }, 'firewall_marks:\n  - mark: 80\n    ports: [80]\n');
  assert.deepEqual(k3.problems, ['virtual ftp: fwmark 21 has no ports in lvs-tui.yaml (firewall_marks), so the REDIRECT rules cannot be written']);
});

test('realserver kit, tunnelling: ipip, tunl0 up, rp_filter off for tunl0 and all, the VIP on tunl0; modules-load.d and the unit', () => {
  const k = kitOf(cf('tunnel', virtual('syslog', '192.0.2.60', [['a', '10.0.2.41']], '     port = 514\n     protocol = udp\n')), { method: 'sysctl', platform: 'systemd' });
  assert.equal(k.network, 'tunnel');
  assert.deepEqual(lines(live(k)), [
    'modprobe ipip',
    'ip link set tunl0 up',
    'sysctl -w net.ipv4.conf.tunl0.rp_filter=0',
    'sysctl -w net.ipv4.conf.all.rp_filter=0',
    'sysctl -w net.ipv4.conf.all.arp_ignore=1',
    'sysctl -w net.ipv4.conf.all.arp_announce=2',
    'sysctl -w net.ipv4.conf.eth0.arp_ignore=1',
    'sysctl -w net.ipv4.conf.eth0.arp_announce=2',
    'ip addr replace 192.0.2.60/32 dev tunl0',
  ]);
  assert.equal(file(boot(k), '/etc/modules-load.d/lvs-tui-ipip.conf').content.split('\n').at(-2), 'ipip');
  assert.deepEqual(
    file(boot(k), '/etc/systemd/system/lvs-tui-realserver.service').content.split('\n').filter((l) => l.startsWith('ExecStart')),
    ['ExecStart=/sbin/ip link set tunl0 up', 'ExecStart=/sbin/ip addr replace 192.0.2.60/32 dev tunl0'],
  );
  // RHEL 6: an executable modules script and ifcfg-tunl0
  const k6 = kitOf(cf('tunnel', virtual('syslog', '192.0.2.60', [['a', '10.0.2.41']])), { method: 'arptables', platform: 'rhel6' });
  assert.equal(file(boot(k6), '/etc/sysconfig/modules/lvs-tui-ipip.modules').mode, 0o755);
  assert.match(file(boot(k6), '/etc/sysconfig/network-scripts/ifcfg-tunl0').content, /DEVICE=tunl0\nIPADDR=192\.0\.2\.60\n/);
  assert.ok(lines(live(k6)).includes('ip addr replace 192.0.2.60/32 dev tunl0'));
});

test('realserver kit, NAT: nothing to prepare, and the note says the gateway must be the router\'s NAT address', () => {
  const k = kitOf(cf('nat', virtual('web', '192.0.2.10', [['rs1', '10.0.2.21']]), 'nat_router = 10.0.2.254 eth1:1\n'), { method: 'sysctl', platform: 'systemd' });
  assert.equal(k.network, 'nat');
  assert.deepEqual(k.servers, []);
  assert.match(k.notes.join(' '), /no VIP, no ARP change/);
  assert.match(k.notes.join(' '), /default gateway must be the router's NAT address 10\.0\.2\.254/);
  assert.match(kitText(k), /ip route replace default via 10\.0\.2\.254/);
});

test('realserver kit: a real server in several virtual servers holds every VIP once (labels lo:0, lo:1); --virtual keeps one', () => {
  const text = cf(
    'direct',
    virtual('web', '192.0.2.10', [['rs1', '10.0.2.21']]) + virtual('web443', '192.0.2.10', [['rs1', '10.0.2.21']], '     port = 443\n') + virtual('mail', '192.0.2.25', [['m1', '10.0.2.21'], ['m2', '10.0.2.23']], '     port = 25\n'),
  );
  const k = kitOf(text, { method: 'sysctl', platform: 'systemd' });
  assert.deepEqual(k.servers.map((s) => [s.address, s.vips]), [['10.0.2.21', ['192.0.2.10', '192.0.2.25']], ['10.0.2.23', ['192.0.2.25']]]);
  assert.deepEqual(k.servers[0].services.map((s) => `${s.virtual}/${s.server}`), ['web/rs1', 'web443/rs1', 'mail/m1']);
  assert.deepEqual(lines(live(k)).filter((l) => l.startsWith('ip')), ['ip addr replace 192.0.2.10/32 dev lo label lo:0', 'ip addr replace 192.0.2.25/32 dev lo label lo:1']);
  const one = kitOf(text, { method: 'sysctl', platform: 'systemd', virtual: 'mail' });
  assert.deepEqual(one.servers.map((s) => [s.address, s.vips]), [['10.0.2.21', ['192.0.2.25']], ['10.0.2.23', ['192.0.2.25']]]);
  assert.deepEqual(kitOf(text, { method: 'sysctl', platform: 'systemd', virtual: 'nope' }).problems, ['no virtual server named "nope"']);
});

test('realserver kit: host names and IPv6 (lvs.cf holds IPv4 only) are left out with the reason; failover blocks are not real servers', () => {
  const text = cf('direct', virtual('named', 'www.example.com', [['rs1', '10.0.2.21']]) + virtual('six', '2001:db8::10', [['rs1', '10.0.2.21']]) + virtual('web', '192.0.2.10', [['byname', 'rs.example.com'], ['ok', '10.0.2.22']]) + 'failover f {\n     active = 1\n     address = 192.0.2.99 eth0:2\n}\n');
  const k = kitOf(text, { method: 'arptables', platform: 'systemd' });
  assert.deepEqual(k.servers.map((s) => s.address), ['10.0.2.22']);
  assert.deepEqual(k.problems, [
    'virtual named: VIP "www.example.com" is not an IPv4 address (a host name is resolved by pulse, not here): left out',
    'virtual six: VIP "2001:db8::10" is not an IPv4 address (a host name is resolved by pulse, not here): left out',
    'virtual web, server byname: address "rs.example.com" is not an IPv4 address: left out',
  ]);
  assert.match(kitText(k), /# left out: virtual web, server byname/);
});

test('realserver kit text and JSON: grouped and commented, files as quoted here-documents, words quoted for the shell', () => {
  const k = kitOf(WEB, { method: 'sysctl', platform: 'systemd' });
  const text = kitText(k);
  assert.match(text, /^# lvs-tui realserver-setup: direct routing \(network = direct\), method sysctl/);
  assert.match(text, /######## real server 10\.0\.2\.21: VIP 192\.0\.2\.10\n#   web \(192\.0\.2\.10 tcp 80\) as server rs1\n/);
  assert.match(text, /# 1\. Do not answer ARP for the VIPs\n/);
  assert.match(text, /cat > \/etc\/sysctl\.d\/90-lvs-tui-realserver\.conf <<'EOF'\n# Written by lvs-tui[^\n]*\nnet\.ipv4\.conf\.all\.arp_ignore = 1\n[\s\S]*?\nEOF\n/);
  assert.equal(shellWord("it's a b"), `'it'\\''s a b'`);
  assert.equal(shellWord('10.0.0.1/32'), '10.0.0.1/32');
  const json = JSON.parse(JSON.stringify(kitJson(k)));
  assert.equal(json.servers[0].groups[0].actions[0].commands[0], 'sysctl -w net.ipv4.conf.all.arp_ignore=1');
  assert.equal(json.servers[0].groups.at(-1).actions[0].mode, '0644');
  // a file holding a line "EOF" gets another delimiter
  assert.deepEqual(actionLines({ kind: 'file', path: '/x', content: 'EOF\n', mode: 0o755 }), ["cat > /x <<'EOF_'", 'EOF', 'EOF_', 'chmod 755 /x']);
});
