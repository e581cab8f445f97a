// processRunner: argument arrays, standard input, exit codes and stderr in ExecError, missing programs.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExecError } from '../../src/system/io-error';
import { processRunner } from '../../src/system/runner';

const runner = processRunner();

test('runner: stdin is fed to the program, then EOF', async () => {
  const r = await runner.run({ file: 'sh', args: ['-c', 'cat; echo " [$#]"', 'sh', 'a b'], stdin: '*mangle\nCOMMIT\n' });
  assert.equal(r.stdout, '*mangle\nCOMMIT\n [1]\n');
  const bytes = await runner.run({ file: 'wc', args: ['-c'], stdin: new Uint8Array([1, 2, 3]) });
  assert.equal(bytes.stdout.trim(), '3');
});

test('runner: without stdin the program reads EOF instead of waiting', async () => {
  const r = await runner.run({ file: 'cat', args: [], timeoutMs: 5000 });
  assert.equal(r.stdout, '');
});

test('runner: a non-zero exit rejects with ExecError holding the status and stderr', async () => {
  await assert.rejects(runner.run({ file: 'sh', args: ['-c', 'echo "line 3 failed" >&2; exit 4'] }), (err: unknown) => {
    assert.ok(err instanceof ExecError);
    assert.equal(err.status, 4);
    assert.equal(err.stderr, 'line 3 failed\n');
    assert.equal(err.message, 'sh -c echo "line 3 failed" >&2; exit 4 failed (exit 4): line 3 failed');
    return true;
  });
});

test('runner: a program that exits without reading its input is judged by its exit status', async () => {
  const r = await runner.run({ file: 'true', args: [], stdin: 'x'.repeat(1 << 20) });
  assert.equal(r.stdout, '');
});

test('runner: a missing program and a timeout say so', async () => {
  await assert.rejects(runner.run({ file: 'lvs-tui-no-such-program', args: [] }), (err: unknown) => {
    assert.ok(err instanceof ExecError);
    assert.equal(err.status, null);
    assert.equal(err.stderr, 'cannot run lvs-tui-no-such-program: no such program (is it installed and on PATH?)');
    return true;
  });
  await assert.rejects(runner.run({ file: 'sleep', args: ['5'], timeoutMs: 100 }), /timed out after 100 ms \(killed with SIGTERM\)/);
});

test('runner: an exit status named in acceptExit is an answer, with its output', async () => {
  const r = await runner.run({ file: 'sh', args: ['-c', 'echo stopped; exit 3'], acceptExit: [3] });
  assert.deepEqual(r, { stdout: 'stopped\n', stderr: '', exitCode: 3 });
  await assert.rejects(runner.run({ file: 'sh', args: ['-c', 'exit 5'], acceptExit: [3] }), /exit 5/);
});

test('runner: runBytes gives standard output as the bytes the program wrote, and fails as run does', async () => {
  const r = await runner.runBytes!({ file: 'printf', args: ['a\\303\\251\\377\\nb'] });
  assert.ok(Buffer.isBuffer(r.stdout));
  assert.deepEqual([...r.stdout], [0x61, 0xc3, 0xa9, 0xff, 0x0a, 0x62]);
  assert.equal(r.stderr, '');
  // run decodes the same output as UTF-8
  assert.equal((await runner.run({ file: 'printf', args: ['a\\303\\251'] })).stdout, 'a\u00e9');
  const failing = { file: 'sh', args: ['-c', 'echo out; echo "line 3 failed" >&2; exit 4'] };
  const asText = await runner.run(failing).then(() => null, (e: unknown) => e as ExecError);
  const asBytes = await runner.runBytes!(failing).then(() => null, (e: unknown) => e as ExecError);
  assert.ok(asText instanceof ExecError && asBytes instanceof ExecError);
  assert.deepEqual([asBytes.status, asBytes.stderr, asBytes.message], [asText.status, asText.stderr, asText.message]);
  const missing = await runner.runBytes!({ file: 'lvs-tui-no-such-program', args: [] }).then(() => null, (e: unknown) => e as ExecError);
  assert.equal(missing?.stderr, 'cannot run lvs-tui-no-such-program: no such program (is it installed and on PATH?)');
  const accepted = await runner.runBytes!({ file: 'sh', args: ['-c', 'echo stopped; exit 3'], acceptExit: [3] });
  assert.deepEqual([Buffer.from(accepted.stdout).toString(), accepted.exitCode], ['stopped\n', 3]);
});
