// `lvs-tui realserver-setup` printing: the real binary on a temp root holding the spec's
// direct-routing sample and its sidecar; methods, platforms, --virtual, --json and usage errors.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from '../helpers/paths';
import { sample, tempRoot } from './harness';

function directRoot() {
  const r = tempRoot(sample('direct-fwmark.cf'));
  writeFileSync(join(r.root, 'etc', 'sysconfig', 'ha', 'lvs-tui.yaml'), readFileSync(join(FIXTURES, 'sidecar', 'http-fwmark80.yaml')));
  return r;
}

test('realserver-setup prints each real server\'s commands: sysctl by default, arptables and iptables on request', () => {
  const r = directRoot();
  const def = r.run('realserver-setup');
  assert.equal(def.status, 0, def.stderr);
  assert.equal(def.stderr, '');
  assert.match(def.stdout, /^# lvs-tui realserver-setup: direct routing \(network = direct\), method sysctl, for RHEL 7 and later/);
  assert.match(def.stdout, /######## real server 198\.51\.100\.21: VIP 198\.51\.100\.50\n#   web-fwm80 \(198\.51\.100\.50 fwmark 80 \(tcp 80, 443\)\) as server rs1\n/);
  assert.match(def.stdout, /\nsysctl -w net\.ipv4\.conf\.all\.arp_ignore=1\n/);
  assert.match(def.stdout, /\nip addr replace 198\.51\.100\.50\/32 dev lo label lo:0\n/);
  assert.match(def.stdout, /\nsystemctl enable lvs-tui-realserver\.service\n/);

  const arp = r.run('realserver-setup', '--method', 'arptables', '--platform', 'rhel6', '--device', 'eth1');
  assert.equal(arp.status, 0, arp.stderr);
  assert.match(arp.stdout, /\narptables -A IN -d 198\.51\.100\.50 -j DROP\narptables -A OUT -s 198\.51\.100\.50 -j mangle --mangle-ip-s 198\.51\.100\.21\n/);
  assert.match(arp.stdout, /\nip addr replace 198\.51\.100\.50\/32 dev eth1 label eth1:0\n/);
  assert.match(arp.stdout, /\nservice arptables_jf save\nchkconfig arptables_jf on\n/);

  const ipt = r.run('realserver-setup', '--method=iptables');
  assert.equal(ipt.status, 0, ipt.stderr);
  assert.match(ipt.stdout, /\niptables -t nat -A PREROUTING -d 198\.51\.100\.50\/32 -p tcp -m tcp --dport 80 -j REDIRECT\niptables -t nat -A PREROUTING -d 198\.51\.100\.50\/32 -p tcp -m tcp --dport 443 -j REDIRECT\n/);
});

test('realserver-setup --json: the same kit as data, each action with its shell lines', () => {
  const r = directRoot();
  const out = r.run('realserver-setup', '--json', '--virtual', 'web-fwm80');
  assert.equal(out.status, 0, out.stderr);
  const kit = JSON.parse(out.stdout);
  assert.equal(kit.network, 'direct');
  assert.equal(kit.method, 'sysctl');
  assert.equal(kit.platform, 'systemd');
  assert.deepEqual(kit.servers.map((s: { address: string }) => s.address), ['198.51.100.21']);
  assert.deepEqual(kit.servers[0].groups[1].actions[0], { kind: 'address', address: '198.51.100.50', prefix: 32, dev: 'lo', label: 'lo:0', commands: ['ip addr replace 198.51.100.50/32 dev lo label lo:0'] });
});

test('realserver-setup on a NAT router says nothing is needed but the gateway', () => {
  const r = tempRoot(sample('nat-http-ftp.cf'));
  const out = r.run('realserver-setup');
  assert.equal(out.status, 0, out.stderr);
  assert.match(out.stdout, /network = nat: the real servers need no VIP, no ARP change and no REDIRECT rule\./);
  assert.match(out.stdout, /default gateway must be the router's NAT address/);
  assert.doesNotMatch(out.stdout, /real server \d/);
});

test('realserver-setup: bad methods, platforms and devices are usage errors; an unknown virtual is refused; problems go to stderr', () => {
  const r = directRoot();
  const bad = r.run('realserver-setup', '--method', 'nft');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--method nft: not one of sysctl, arptables, iptables/);
  assert.equal(r.run('realserver-setup', '--platform', 'bsd').status, 2);
  assert.match(r.run('realserver-setup', '--device', 'eth0;rm').stderr, /--device eth0;rm: not an interface name/);
  assert.match(r.run('realserver-setup', '--yes').stderr, /--yes goes with --apply/);
  assert.match(r.run('realserver-setup', 'extra').stderr, /takes no arguments/);
  const none = r.run('realserver-setup', '--virtual', 'nope');
  assert.equal(none.status, 1);
  assert.match(none.stderr, /no virtual server named "nope"/);
  // the fwmark without ports in lvs-tui.yaml: said on stderr and in the output
  const bare = tempRoot(sample('direct-fwmark.cf'));
  const ipt = bare.run('realserver-setup', '--method', 'iptables');
  assert.equal(ipt.status, 0);
  assert.match(ipt.stderr, /warning: virtual web-fwm80: fwmark 80 has no ports in lvs-tui\.yaml/);
  assert.match(ipt.stdout, /# left out: virtual web-fwm80/);
  const help = r.run('help', 'realserver-setup');
  assert.equal(help.status, 0);
  assert.match(help.stdout, /^Usage: lvs-tui realserver-setup/);
});
