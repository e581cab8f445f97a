// The background peer check: one at a time, again after its interval, now on demand, nothing after
// stop; a check that never answers blocks nothing.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PeerWatch } from '../../src/app/peer-watch';
import { fakePeer } from '../helpers/fake-peer';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('peer watch: first check at start, then every interval; checkNow joins a running check; stop ends the timer', async () => {
  const peer = fakePeer({ state: 'in-sync' });
  let notified = 0;
  const w = new PeerWatch(peer, { intervalMs: 40, now: () => 5 });
  w.subscribe(() => notified++);
  assert.equal(w.state.last, null);
  w.start();
  assert.equal(w.state.checking, true);
  await w.checkNow();
  assert.equal(peer.calls, 1, 'checkNow while the first runs is that one');
  assert.equal(w.state.last!.drift.state, 'in-sync');
  assert.equal(w.state.checkedAt, 5);
  assert.ok(notified >= 2, 'told when it starts and when it ends');
  await sleep(130);
  assert.ok(peer.calls >= 3 && peer.calls <= 5, `about one check per 40 ms: ${peer.calls}`);
  peer.scenario = { state: 'unreachable', reason: 'connection refused' };
  await w.checkNow();
  assert.equal(w.state.last!.drift.state, 'unreachable');
  w.stop();
  const after = peer.calls;
  await sleep(100);
  assert.equal(peer.calls, after, 'no check after stop');
});

test('peer watch: a check held open keeps the previous result and does not stack up', async () => {
  const peer = fakePeer({ state: 'in-sync' });
  const w = new PeerWatch(peer, { intervalMs: 10 });
  w.start();
  await w.checkNow();
  peer.hold();
  peer.scenario = { state: 'differs', differing: ['/etc/sysconfig/ha/lvs.cf'] };
  const pending = w.checkNow();
  await sleep(60);
  assert.equal(w.state.checking, true);
  assert.equal(w.state.last?.drift.state, 'in-sync', 'the last result stays while a check runs');
  const calls = peer.calls;
  void w.checkNow();
  await sleep(30);
  assert.equal(peer.calls, calls, 'no second check while one runs, whatever the timer or the key');
  peer.release();
  await pending;
  assert.equal(w.state.last?.drift.state, 'differs');
  w.stop();
});
