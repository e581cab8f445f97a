// The TUI's command log: what the logging runner records of real programs (output, exit status,
// a program that is missing) and how the monitor's reads are kept apart from the admin's actions.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CommandLog, commandLine, entrySummary, loggingRunner } from '../../src/app/command-log';
import { processRunner } from '../../src/system/runner';
import { ExecError } from '../../src/system/io-error';

test('loggingRunner records a real program: stdout, stderr, exit status, source', async () => {
  const log = new CommandLog();
  const seen: number[] = [];
  log.subscribe((e) => seen.push(e.seq));
  const r = loggingRunner(processRunner(), log, 'pulse');
  const ok = await r.run({ file: 'sh', args: ['-c', 'echo out; echo err >&2'] });
  assert.equal(ok.stdout, 'out\n');
  await assert.rejects(r.run({ file: 'sh', args: ['-c', 'echo bad >&2; exit 3'] }), (e: unknown) => e instanceof ExecError && e.status === 3);
  await assert.rejects(r.run({ file: '/nonexistent/program', args: ['x'] }));
  const [a, b, c] = log.entries();
  assert.deepEqual([a.stdout, a.stderr, a.exitCode, a.source, a.demo], ['out\n', 'err\n', 0, 'pulse', false]);
  assert.deepEqual([b.exitCode, b.stderr], [3, 'bad\n']);
  assert.equal(c.exitCode, null);
  assert.match(c.note ?? '', /no such program/);
  assert.deepEqual(seen, [1, 2, 3]);
  assert.match(entrySummary(b), /^\d\d:\d\d:\d\d pulse {3}sh -c 'echo bad >&2; exit 3' {2}\[exit 3\]$/);
  assert.equal(commandLine({ file: 'ipvsadm', args: ['-e', '-t', '10.0.0.1:80', '-w', '0'] }), 'ipvsadm -e -t 10.0.0.1:80 -w 0');
});

test('the monitor\'s reads are capped and hidden unless asked; actions are never pushed out by them', async () => {
  const log = new CommandLog();
  const mon = loggingRunner({ run: async () => ({ stdout: 'x', stderr: '' }) }, log, 'monitor');
  const act = loggingRunner({ run: async () => ({ stdout: 'y', stderr: '' }) }, log, 'server');
  await act.run({ file: 'ipvsadm', args: ['-e'] });
  for (let i = 0; i < 500; i++) await mon.run({ file: 'ipvsadm', args: ['-Ln'] });
  assert.equal(log.entries().length, 1);
  const all = log.entries({ monitor: true });
  assert.equal(all.length, 201);
  assert.equal(all[0].source, 'server', 'oldest first');
  assert.ok(all.slice(1).every((e, i, xs) => i === 0 || e.seq > xs[i - 1].seq));
});
