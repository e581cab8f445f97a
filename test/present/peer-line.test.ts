// The peer line of tab 1 and the dashboard (pure): each state in words within the width, which
// router holds the VIPs, split brain as an alarm, the reason cut before the age, nothing when no
// peer is configured.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ageText, peerLine } from '../../src/present/peer-present';
import { peerCheck } from '../helpers/fake-peer';

const at = (ageMs = 0, checking = false) => ({ checkedAt: 1_000_000, now: 1_000_000 + ageMs, checking });

test('peer line: in sync, differs (which files), unreachable (why, how long ago); roles; level', () => {
  assert.deepEqual(peerLine(peerCheck({ state: 'in-sync' }), at(), 80), { text: 'backup root@10.0.0.2: in sync · backup standby', level: 'ok' });
  assert.deepEqual(peerLine(peerCheck({ state: 'in-sync' }), at(), 80, false), { text: 'backup root@10.0.0.2: in sync - backup standby', level: 'ok' });
  assert.deepEqual(peerLine(peerCheck({ state: 'in-sync', here: 'standby', peer: 'active' }), at(), 80)?.text, 'backup root@10.0.0.2: in sync · backup active');
  assert.deepEqual(
    peerLine(peerCheck({ state: 'differs', differing: ['/etc/sysconfig/ha/lvs.cf', '/etc/sysconfig/ha/lvs-tui.yaml'] }), at(), 80),
    { text: 'backup root@10.0.0.2: differs: lvs.cf, lvs-tui.yaml · backup standby', level: 'warn' },
  );
  const refused = peerCheck({ state: 'unreachable', reason: 'ssh to root@10.0.0.2: connection refused by 10.0.0.2 port 22 (is sshd running there, on that port?)' });
  assert.deepEqual(peerLine(refused, at(12_000), 80), { text: 'backup root@10.0.0.2: unreachable: connection refused (12 s ago)', level: 'warn' });
  assert.equal(peerLine(refused, at(12_000, true), 80)?.text, 'backup root@10.0.0.2: unreachable: connection refused (12 s ago) ...');
  assert.equal(peerLine(peerCheck({ state: 'in-sync', here: 'standby', peer: 'standby' }), at(), 80)?.text, 'backup root@10.0.0.2: in sync · neither router holds the VIPs');
  assert.equal(peerLine(peerCheck({ state: 'in-sync', here: 'standby', peer: 'standby' }), at(), 80)?.level, 'warn');
  assert.equal(peerLine(peerCheck({ state: 'in-sync', here: 'active', peer: 'unknown' }), at(), 80)?.text, 'backup root@10.0.0.2: in sync · active here');
});

test('peer line: split brain is an alarm, said first; a partial role is an alarm', () => {
  const both = peerLine(peerCheck({ state: 'in-sync', here: 'active', peer: 'active' }), at(), 80);
  assert.deepEqual(both, { text: 'SPLIT BRAIN: backup root@10.0.0.2: in sync · both hold the VIPs', level: 'bad' });
  const partial = peerLine(peerCheck({ state: 'in-sync', here: 'standby', peer: 'partial' }), at(), 80);
  assert.equal(partial?.level, 'bad');
  assert.match(partial!.text, /backup PARTIAL/);
});

test('peer line: fits the width; the reason or file list gives way, the age and roles stay; nothing without a peer', () => {
  const long = peerCheck({ state: 'unreachable', reason: `ssh to root@10.0.0.2: ${'a very long reason '.repeat(10)}` });
  for (const width of [60, 80]) {
    const l = peerLine(long, at(125_000), width)!;
    assert.ok(l.text.length <= width, `${width}: ${l.text}`);
    assert.match(l.text, /~ \(2 min ago\)$/);
  }
  const many = peerLine(peerCheck({ state: 'differs', differing: ['/etc/sysconfig/ha/lvs.cf', '/etc/sysconfig/ha/lvs-tui.yaml', '/usr/local/bin/check_web'] }), at(), 60)!;
  assert.ok(many.text.length <= 60, many.text);
  assert.match(many.text, /^backup root@10\.0\.0\.2: differs: .*~ · backup standby$/);
  assert.equal(peerLine(peerCheck({ state: 'not-configured' }), at(), 80), null);
  assert.equal(peerLine(null, at(), 80), null);
  assert.deepEqual([ageText(0), ageText(89_000), ageText(95_000), ageText(3 * 3600_000)], ['0 s', '89 s', '2 min', '3 h']);
});
