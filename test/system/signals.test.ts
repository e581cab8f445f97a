import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withSignalsDeferred } from '../../src/system/signals';

test('signals: SIGINT during a critical section waits for it to finish, then is raised again', async () => {
  const events: string[] = [];
  const result = await withSignalsDeferred(
    async () => {
      process.emit('SIGINT');
      process.emit('SIGTERM');
      await new Promise((r) => setTimeout(r, 10));
      events.push('finished');
      return 42;
    },
    { raise: (s) => events.push(`raised ${s}`) },
  );
  assert.equal(result, 42);
  assert.deepEqual(events, ['finished', 'raised SIGINT']);
  assert.equal(process.listenerCount('SIGINT'), 0, 'handlers removed');
});

test('signals: a failing critical section still raises the noted signal after its cleanup', async () => {
  const events: string[] = [];
  await assert.rejects(
    withSignalsDeferred(
      async () => {
        process.emit('SIGHUP');
        throw new Error('disk full');
      },
      { raise: (s) => events.push(`raised ${s}`) },
    ),
    /disk full/,
  );
  assert.deepEqual(events, ['raised SIGHUP']);
});

test('signals: nothing is raised when no signal came', async () => {
  const events: string[] = [];
  await withSignalsDeferred(async () => 1, { raise: (s) => events.push(s) });
  assert.deepEqual(events, []);
});

test('signals: the section sees a signal that came during its synchronous work before it commits', async () => {
  const events: string[] = [];
  const wrote = await withSignalsDeferred(
    async (interrupted) => {
      process.emit('SIGTERM');
      if (await interrupted()) return false;
      return true;
    },
    { raise: (s) => events.push(`raised ${s}`) },
  );
  assert.equal(wrote, false);
  assert.deepEqual(events, ['raised SIGTERM']);
  assert.equal(await withSignalsDeferred(async (interrupted) => !(await interrupted()), { raise: () => events.push('no') }), true);
  assert.deepEqual(events, ['raised SIGTERM']);
});
