// The kit's commands run for real, as an admin would paste them, inside a network namespace the
// test creates (a veth named eth0 holding the real server's address stands for its NIC): then
// `ip addr`, `arptables-save`, `iptables-save` and `sysctl` there show the intended state. The
// boot unit's ExecStart lines run there too, twice: they delete before they add, so rules are not
// doubled. (Tunnelling is not run here: this kernel has no ipip module; its actions are tested pure.)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from '../../src/config/parse';
import { buildModel } from '../../src/config/model';
import { parseSidecar, resolveMarks } from '../../src/apply/sidecar';
import { buildKit } from '../../src/realserver/build-kit';
import { Kit, KitMethod, KitPlatform } from '../../src/realserver/kit-model';
import { actionLines } from '../../src/realserver/render-kit';
import { Netns, withNetns } from '../helpers/netns';
import { needProgram, needRootNamespaces } from '../helpers/require-tool';

const skip = needRootNamespaces() || needProgram('ip', ['-V']) || needProgram('arptables', ['-V']) || needProgram('iptables-save', ['--version']) || needProgram('sysctl', ['--version']);

const LVS_CF = `network = direct
virtual web {
     active = 1
     address = 192.0.2.10 eth0:1
     port = 80
     server rs1 {
         address = 10.0.2.21
         active = 1
     }
}
virtual both {
     active = 1
     address = 192.0.2.11 eth0:1
     fwmark = 80
     server rs1 {
         address = 10.0.2.21
         active = 1
     }
}
`;
const SIDECAR = 'firewall_marks:\n  - mark: 80\n    ports: [80, 443]\n';

function kit(method: KitMethod, platform: KitPlatform = 'systemd'): Kit {
  const config = buildModel(parse(Buffer.from(LVS_CF)));
  return buildKit(config, resolveMarks(config, parseSidecar(new TextEncoder().encode(SIDECAR), 'lvs-tui.yaml').sidecar), { method, platform });
}

/** A namespace with lo up and a veth called eth0 holding the real server's address. */
async function withRealServer(fn: (ns: Netns) => void): Promise<void> {
  await withNetns((ns) => {
    ns.run('ip', ['link', 'set', 'lo', 'up']);
    ns.run('ip', ['link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', 'eth0peer']);
    ns.run('ip', ['addr', 'add', '10.0.2.21/24', 'dev', 'eth0']);
    ns.run('ip', ['link', 'set', 'eth0', 'up']);
    fn(ns);
  }, 'lvstui-rskit');
}

/** The live commands of the kit's only server, pasted into `sh -e` in the namespace. */
function pasteLive(ns: Netns, k: Kit): void {
  const script = k.servers[0].groups.filter((g) => g.stage === 'live').flatMap((g) => g.actions.flatMap(actionLines)).join('\n');
  ns.run('sh', ['-e', '-c', script]);
}

/** The unit's ExecStart lines, run as systemd would (`-` = failure ignored). */
function runUnit(ns: Netns, k: Kit): void {
  const unit = k.servers[0].groups.flatMap((g) => g.actions).find((a) => a.kind === 'file' && a.path.endsWith('.service'));
  assert.ok(unit && unit.kind === 'file');
  for (const l of unit.content.split('\n').filter((x) => x.startsWith('ExecStart='))) {
    const cmd = l.slice('ExecStart='.length);
    const ignore = cmd.startsWith('-');
    const argv = (ignore ? cmd.slice(1) : cmd).split(' ');
    const r = ns.exec(argv[0], argv.slice(1));
    if (!ignore) assert.equal(r.status, 0, `${cmd}: ${r.stderr}`);
  }
}

const addresses = (ns: Netns, dev: string) =>
  ns
    .run('ip', ['-o', '-4', 'addr', 'show', 'dev', dev])
    .split('\n')
    .filter(Boolean)
    .map((l) => /inet (\S+)/.exec(l)![1]);
const ruleLines = (text: string) => text.split('\n').filter((l) => l.startsWith('-A '));

test('realserver kit in a namespace, sysctl: the VIPs on lo as /32, arp_ignore 1 and arp_announce 2 for all and eth0; the sysctl.d file loads', { skip }, async () => {
  await withRealServer((ns) => {
    const k = kit('sysctl');
    pasteLive(ns, k);
    assert.deepEqual(addresses(ns, 'lo'), ['127.0.0.1/8', '192.0.2.10/32', '192.0.2.11/32']);
    assert.deepEqual(addresses(ns, 'eth0'), ['10.0.2.21/24']);
    const values = ns.run('sysctl', ['net.ipv4.conf.all.arp_ignore', 'net.ipv4.conf.all.arp_announce', 'net.ipv4.conf.eth0.arp_ignore', 'net.ipv4.conf.eth0.arp_announce']);
    assert.equal(values, 'net.ipv4.conf.all.arp_ignore = 1\nnet.ipv4.conf.all.arp_announce = 2\nnet.ipv4.conf.eth0.arp_ignore = 1\nnet.ipv4.conf.eth0.arp_announce = 2\n');
    // pasting again changes nothing (ip addr replace, sysctl -w)
    pasteLive(ns, k);
    assert.deepEqual(addresses(ns, 'lo'), ['127.0.0.1/8', '192.0.2.10/32', '192.0.2.11/32']);
    // the boot file, loaded into a namespace reset to 0, gives the same values
    ns.run('sysctl', ['-w', 'net.ipv4.conf.all.arp_ignore=0', 'net.ipv4.conf.eth0.arp_announce=0']);
    const f = k.servers[0].groups.flatMap((g) => g.actions).find((a) => a.kind === 'file' && a.path.includes('sysctl.d'));
    assert.ok(f && f.kind === 'file');
    const dir = mkdtempSync(join(tmpdir(), 'lvs-tui-rskit-'));
    try {
      writeFileSync(join(dir, 'kit.conf'), f.content);
      ns.run('sysctl', ['-p', join(dir, 'kit.conf')]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    assert.equal(ns.run('sysctl', ['-n', 'net.ipv4.conf.all.arp_ignore', 'net.ipv4.conf.eth0.arp_announce']), '1\n2\n');
  });
});

test('realserver kit in a namespace, arptables: the guide\'s DROP and mangle rules per VIP, then the VIPs on eth0; the unit can run twice', { skip }, async () => {
  await withRealServer((ns) => {
    const k = kit('arptables');
    pasteLive(ns, k);
    // arptables-save lists chain by chain
    const want = [
      '-A INPUT -j DROP -d 192.0.2.10',
      '-A INPUT -j DROP -d 192.0.2.11',
      '-A OUTPUT -j mangle -s 192.0.2.10 --mangle-ip-s 10.0.2.21',
      '-A OUTPUT -j mangle -s 192.0.2.11 --mangle-ip-s 10.0.2.21',
    ];
    assert.deepEqual(ruleLines(ns.run('arptables-save', [])), want);
    assert.match(ns.run('arptables', ['-L', '-n']), /Chain INPUT[^\n]*\n-j DROP -d 192\.0\.2\.10\n-j DROP -d 192\.0\.2\.11/);
    assert.deepEqual(addresses(ns, 'eth0'), ['10.0.2.21/24', '192.0.2.10/32', '192.0.2.11/32']);
    // the boot unit, on top of the live state and then again: still each rule once
    runUnit(ns, k);
    runUnit(ns, k);
    assert.deepEqual(ruleLines(ns.run('arptables-save', [])), want);
    assert.deepEqual(addresses(ns, 'eth0'), ['10.0.2.21/24', '192.0.2.10/32', '192.0.2.11/32']);
  });
});

test('realserver kit in a namespace, iptables: REDIRECT per VIP and port (the fwmark service by its ports), exactly as iptables-save prints them; no VIP held', { skip }, async () => {
  await withRealServer((ns) => {
    const k = kit('iptables');
    pasteLive(ns, k);
    const want = [
      '-A PREROUTING -d 192.0.2.10/32 -p tcp -m tcp --dport 80 -j REDIRECT',
      '-A PREROUTING -d 192.0.2.11/32 -p tcp -m tcp --dport 80 -j REDIRECT',
      '-A PREROUTING -d 192.0.2.11/32 -p tcp -m tcp --dport 443 -j REDIRECT',
    ];
    assert.deepEqual(ruleLines(ns.run('iptables-save', ['-t', 'nat'])), want);
    assert.deepEqual(addresses(ns, 'lo'), ['127.0.0.1/8']);
    runUnit(ns, k);
    runUnit(ns, k);
    assert.deepEqual(ruleLines(ns.run('iptables-save', ['-t', 'nat'])), want);
  });
});
