// Several programs in one exec request (remote-batch.ts, SshSession.runBatch) against a real sshd:
// each one's stdout, stderr and status exactly as its own run gives them (no trailing newline,
// marker-like bytes, awkward argv, exit codes, missing programs), and the SHA-256 loop (missing
// files and directories null, awkward names) agreeing with hashes made here.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Sshd, skipUnlessSshd, sshdConnectOptions, startSshd } from '../helpers/sshd';
import { SshSession, connectSsh } from '../../src/system/ssh-session';
import { ExecError } from '../../src/system/io-error';
import { batchScript, splitBatch } from '../../src/system/remote-batch';
import { Command } from '../../src/system/runner';
import { catIfDiffersCommand, differOutcome } from '../../src/cli/peer';

const skip = skipUnlessSshd();
let sshd: Sshd;
let s: SshSession;
let work: string;

before(async () => {
  if (skip) return;
  sshd = await startSshd();
  s = await connectSsh(sshdConnectOptions(sshd));
  work = mkdtempSync(join(tmpdir(), 'lvs-tui-batch-'));
});
after(async () => {
  await s?.close();
  await sshd?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

test('batch (pure): the script quotes each argv; the output splits at the nonce markers only', () => {
  const script = batchScript([{ file: 'printf', args: ['%s', "it's $(id)"] }], 'abcdef0123');
  assert.match(script, /^printf %s 'it'\\''s \$\(id\)' <\/dev\/null; printf/);
  assert.throws(() => batchScript([], 'not hex'));
  const out = `a\n\n\x01abcdef0123 0 0\nb\x01abcdef0123 9 9\n\n\x01abcdef0123 1 3\n`;
  const parts = splitBatch(out, `e0\n\x01abcdef0123 0\n`, 3, 'abcdef0123');
  assert.deepEqual(parts, [
    { stdout: 'a\n', stderr: 'e0', status: 0 },
    { stdout: 'b\x01abcdef0123 9 9\n', stderr: '', status: 3 },
    { stdout: '', stderr: '', status: null },
  ]);
});

test('batch over ssh: each program as its own run gives it, in one exec request', { skip }, async () => {
  const awkward = ["it's", '$(id)', 'a\nb', '', '*', '\x01', '\\'];
  const cmds: Command[] = [
    { file: 'printf', args: ['%s\\0', ...awkward] },
    { file: 'printf', args: ['no newline at the end'] },
    { file: 'sh', args: ['-c', 'echo out; echo err >&2; exit 3'] },
    { file: 'sh', args: ['-c', 'exit 3'], acceptExit: [3] },
    { file: 'lvs-tui-no-such-program', args: [] },
    { file: 'cat', args: [] },
  ];
  const before = (sshd.logs().match(/Starting session: command/g) ?? []).length;
  const withBytes = await s.runBatch(cmds);
  // each result carries its stdout's bytes too (checked below); compared here without them
  const r = withBytes.map((x) => (x instanceof Error ? x : (({ bytes, ...rest }) => (assert.deepEqual(bytes, Buffer.from(rest.stdout)), rest))(x)));
  const after = (sshd.logs().match(/Starting session: command/g) ?? []).length;
  assert.equal(after - before, 1, 'one exec request for the whole batch');
  assert.deepEqual(r[0], { stdout: awkward.map((a) => `${a}\0`).join(''), stderr: '' });
  assert.deepEqual(r[1], { stdout: 'no newline at the end', stderr: '' });
  assert.ok(r[2] instanceof ExecError);
  assert.equal((r[2] as ExecError).status, 3);
  assert.equal((r[2] as ExecError).stderr, 'err\n');
  assert.deepEqual(r[3], { stdout: '', stderr: '', exitCode: 3 });
  assert.ok(r[4] instanceof ExecError);
  assert.equal((r[4] as ExecError).status, 127);
  assert.match((r[4] as ExecError).message, /cannot run lvs-tui-no-such-program on root@127\.0\.0\.1:\d+: no such program/);
  assert.deepEqual(r[5], { stdout: '', stderr: '' }, 'stdin is /dev/null');
  // and the same through run(), one by one
  for (const [i, c] of cmds.entries()) {
    const one = await s.run(c).catch((e: unknown) => e);
    if (one instanceof ExecError) assert.deepEqual([(r[i] as ExecError).status, (r[i] as ExecError).message], [one.status, one.message], c.file);
    else assert.deepEqual(r[i], one, c.file);
  }
});

test('sha256 on the far side: regular files hashed, missing files and directories null, awkward names', { skip }, async () => {
  const files = { plain: 'lvs.cf', space: 'a b.cf', newline: 'new\nline', backslash: 'back\\slash', quote: "it's" };
  const want = new Map<string, string | null>();
  for (const [k, name] of Object.entries(files)) {
    const p = join(work, name);
    writeFileSync(p, `content of ${k}\n`);
    want.set(p, createHash('sha256').update(`content of ${k}\n`).digest('hex'));
  }
  mkdirSync(join(work, 'dir'));
  want.set(join(work, 'dir'), null);
  want.set(join(work, 'missing'), null);
  const got = await s.sha256([...want.keys()]);
  assert.deepEqual(got, want);
});

test('batch over ssh: stdout bytes come back exact (invalid UTF-8, CR LF, marker-like bytes); a file read only when its hash differs', { skip }, async () => {
  const raw = Buffer.concat([Buffer.from('a\r\n\n\x01abcdef0123 0 0\n'), Buffer.from([0x80, 0xff, 0xfe, 0x00, 0xc3]), Buffer.from('\xe9 latin1 tail')]);
  const file = join(work, 'raw.bin');
  writeFileSync(file, raw);
  const same = createHash('sha256').update(raw).digest('hex');
  const r = await s.runBatch([
    { file: 'cat', args: [file] },
    catIfDiffersCommand(file, same),
    catIfDiffersCommand(file, '0'.repeat(64)),
    catIfDiffersCommand(join(work, 'missing'), same),
  ]);
  const [all, sameHash, differs, missing] = r;
  assert.ok(!(all instanceof Error) && Buffer.compare(all.bytes, raw) === 0, 'cat: the exact bytes');
  assert.ok(!(sameHash instanceof Error) && sameHash.exitCode === 112 && sameHash.bytes.length === 0, 'same SHA-256: nothing sent');
  assert.deepEqual(differOutcome(same, sameHash), { sha256: same, bytes: null });
  const other = differOutcome('0'.repeat(64), differs);
  assert.ok(other && other.sha256 === same && other.bytes !== null && Buffer.compare(other.bytes, raw) === 0, 'another SHA-256: the bytes, hashed here');
  assert.ok(!(missing instanceof Error) && missing.exitCode === 111);
  assert.deepEqual(differOutcome(same, missing), { sha256: null, bytes: null });
  assert.equal(differOutcome(same, new Error('lost')), undefined, 'an error says nothing: read over SFTP');
});
