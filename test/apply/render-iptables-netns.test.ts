// The rendered restore text against the real iptables-restore --noflush, in a network namespace
// the test creates: the live rules come out exactly as rendered, the admin's rules survive, and
// rendering again against the new state finds nothing to do. Also the rollback, and removal.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { needProgram, needRootNamespaces } from '../helpers/require-tool';
import { Netns, withNetns } from '../helpers/netns';
import { desiredChains, renderRestore, renderRestoreBack } from '../../src/apply/render-iptables';
import { parseIptablesSave } from '../../src/apply/iptables-save';
import { printOwned } from '../../src/apply/owned-chains';
import { editPersistedIptables } from '../../src/apply/persist-iptables';

const skip = needRootNamespaces() || needProgram('ip', ['-V']) || needProgram('iptables-restore', ['--version']) || needProgram('iptables-save', ['--version']);

const FTP = { mark: 21, protocol: 'tcp', vip: '203.0.113.100', ports: [{ from: 21, to: 21 }, { from: 10000, to: 20000 }] };
const WEB = { mark: 80, protocol: 'tcp', vip: '198.51.100.50', ports: [{ from: 80, to: 80 }, { from: 443, to: 443 }] };
const DNS = { mark: 53, protocol: 'udp', vip: '192.0.2.53', ports: [{ from: 53, to: 53 }] };
const NAT = { subnet: { network: '192.168.10.0', prefix: 24 }, ftpMasquerade: true };

/** The nf_tables variant (Debian's default) and the legacy one (RHEL 5/6 routers run that). */
interface Variant {
  readonly iptables: string;
  readonly save: string;
  readonly restore: string;
}
const NFT: Variant = { iptables: 'iptables', save: 'iptables-save', restore: 'iptables-restore' };
const LEGACY: Variant = { iptables: 'iptables-legacy', save: 'iptables-legacy-save', restore: 'iptables-legacy-restore' };
const skipLegacy = skip || needProgram('iptables-legacy-restore', ['--version']);

const save = (ns: Netns, v: Variant) => ns.run(v.save, ['-t', 'mangle']) + ns.run(v.save, ['-t', 'nat']);
/** iptables-save without comments and counters: what the issue compares. */
const significant = (text: string) => text.split('\n').filter((l) => l !== '' && !l.startsWith('#')).map((l) => l.replace(/\[\d+:\d+\]/, '[0:0]'));

function restore(ns: Netns, v: Variant, text: string): void {
  ns.run(v.restore, ['--noflush'], text);
}

function roundTrip(ns: Netns, v: Variant): void {
  // the admin's own rules, in both tables
  ns.run(v.iptables, ['-t', 'mangle', '-A', 'PREROUTING', '-p', 'tcp', '--dport', '22', '-j', 'ACCEPT']);
  ns.run(v.iptables, ['-t', 'nat', '-A', 'POSTROUTING', '-o', 'lo', '-j', 'MASQUERADE']);
  const before = parseIptablesSave(save(ns, v));

  const desired = desiredChains([FTP, WEB, DNS], NAT);
  const text = renderRestore(before, desired);
  assert.ok(text);
  restore(ns, v, text);
  const live = save(ns, v);
  const lines = significant(live);
  for (const rule of [...desired.mangle, ...desired.nat, '-A PREROUTING -j LVS_TUI_MARK', '-A POSTROUTING -j LVS_TUI_NAT']) {
    assert.ok(lines.includes(rule), `iptables-save lacks: ${rule}\n${live}`);
  }
  const after = parseIptablesSave(live);
  assert.deepEqual(after.get('mangle')!.chains.get('LVS_TUI_MARK')!.rules.map((r) => r.text), desired.mangle);
  assert.deepEqual(after.get('nat')!.chains.get('LVS_TUI_NAT')!.rules.map((r) => r.text), desired.nat);
  assert.ok(lines.includes('-A PREROUTING -p tcp -m tcp --dport 22 -j ACCEPT'), 'the admin rule in mangle survived');
  assert.ok(lines.includes('-A POSTROUTING -o lo -j MASQUERADE'), 'the admin rule in nat survived');
  assert.equal(renderRestore(after, desired), null, 'a second render finds nothing to do');

  // changed ports: the chain declaration flushes the old rules under --noflush
  const changed = desiredChains([{ ...FTP, ports: [{ from: 21, to: 21 }, { from: 30000, to: 31000 }] }], NAT);
  restore(ns, v, renderRestore(after, changed)!);
  const afterChange = parseIptablesSave(save(ns, v));
  assert.deepEqual(afterChange.get('mangle')!.chains.get('LVS_TUI_MARK')!.rules.map((r) => r.text), changed.mangle);
  assert.equal(renderRestore(afterChange, changed), null);

  // the rollback puts the earlier state back exactly
  restore(ns, v, renderRestoreBack(after, afterChange)!);
  const rolledBack = parseIptablesSave(save(ns, v));
  assert.equal(printOwned(rolledBack), printOwned(after));
  assert.deepEqual(significant(save(ns, v)), significant(live));

  // duplicate jumps (an admin ran the guide's commands twice) go down to one
  ns.run(v.iptables, ['-t', 'mangle', '-A', 'PREROUTING', '-j', 'LVS_TUI_MARK']);
  restore(ns, v, renderRestore(parseIptablesSave(save(ns, v)), desired)!);
  assert.equal(significant(save(ns, v)).filter((l) => l === '-A PREROUTING -j LVS_TUI_MARK').length, 1);

  // nothing desired: our jumps and chains are gone, the admin's rules are not
  const removed = renderRestore(parseIptablesSave(save(ns, v)), { mangle: [], nat: [] });
  restore(ns, v, removed!);
  const empty = save(ns, v);
  assert.equal(printOwned(parseIptablesSave(empty)), '');
  assert.doesNotMatch(empty, /LVS_TUI/);
  assert.ok(significant(empty).includes('-A PREROUTING -p tcp -m tcp --dport 22 -j ACCEPT'));
  assert.ok(significant(empty).includes('-A POSTROUTING -o lo -j MASQUERADE'));
  assert.equal(renderRestore(parseIptablesSave(empty), { mangle: [], nat: [] }), null);
  // and rolling that back brings everything of ours back
  restore(ns, v, renderRestoreBack(after, parseIptablesSave(empty))!);
  assert.equal(printOwned(parseIptablesSave(save(ns, v))), printOwned(after));
}

test('iptables-restore --noflush (nf_tables) takes the rendered text: exact rules, admin rules kept, then nothing to do', { skip }, async () => {
  await withNetns((ns) => roundTrip(ns, NFT));
});

test('iptables-legacy-restore --noflush takes the same text the same way', { skip: skipLegacy }, async () => {
  await withNetns((ns) => roundTrip(ns, LEGACY));
});

test('iptables-restore --test accepts the rendered text on a fresh namespace', { skip }, async () => {
  await withNetns((ns) => {
    const text = renderRestore(parseIptablesSave(save(ns, NFT)), desiredChains([FTP, WEB], NAT))!;
    ns.run('iptables-restore', ['--test', '--noflush'], text);
  });
});

test('the persisted rules file lvs-tui writes is what iptables-restore loads at boot', { skip }, async () => {
  const admin = '# saved by hand\n*nat\n:PREROUTING ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n-A POSTROUTING -o lo -j MASQUERADE\nCOMMIT\n*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -i lo -j ACCEPT\nCOMMIT\n';
  const desired = desiredChains([FTP, WEB], NAT);
  for (const file of [admin, null]) {
    const text = editPersistedIptables(file, desired)!;
    await withNetns((ns) => {
      ns.run('iptables-restore', [], text); // as the boot scripts do: no --noflush
      const live = parseIptablesSave(save(ns, NFT));
      assert.equal(renderRestore(live, desired), null, 'the restored rules are exactly the desired ones');
    });
  }
});
