// nodeProcFs on a temp directory standing for /proc (what --root does).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeProcFs } from '../../src/system/proc-fs';
import { IoError } from '../../src/system/io-error';
import { needProgram } from '../helpers/require-tool';

test('proc-fs: reads under its root, null for a missing file or a file where a directory should be', async () => {
  const root = mkdtempSync(join(tmpdir(), 'lvs-procfs-'));
  try {
    mkdirSync(join(root, 'net'));
    writeFileSync(join(root, 'net', 'ip_vs'), 'IP Virtual Server version 1.2.1 (size=4096)\n');
    writeFileSync(join(root, 'version'), 'x');
    const p = nodeProcFs(root);
    assert.equal(p.root, root);
    assert.equal(await p.read('net/ip_vs'), 'IP Virtual Server version 1.2.1 (size=4096)\n');
    assert.equal(await p.read('net/ip_vs_stats'), null);
    assert.equal(await p.read('version/net'), null);
    await assert.rejects(p.read('net'), (e: unknown) => e instanceof IoError && e.code === 'is-directory');
    await assert.rejects(p.read('../etc/passwd'), (e: unknown) => e instanceof IoError && /not a path inside/.test(e.message));
    await assert.rejects(p.read('/etc/passwd'), IoError);
    // the same answers as bytes (what the monitor scans), not decoded
    assert.deepEqual(await p.readBytes!('net/ip_vs'), Buffer.from('IP Virtual Server version 1.2.1 (size=4096)\n'));
    assert.equal(await p.readBytes!('net/ip_vs_stats'), null);
    assert.equal(await p.readBytes!('version/net'), null);
    await assert.rejects(p.readBytes!('net'), (e: unknown) => e instanceof IoError && e.code === 'is-directory');
    await assert.rejects(p.readBytes!('../etc/passwd'), (e: unknown) => e instanceof IoError && /not a path inside/.test(e.message));
    writeFileSync(join(root, 'net', 'high'), Buffer.from([0x41, 0xe9, 0xff]));
    assert.deepEqual([...(await p.readBytes!('net/high'))!], [0x41, 0xe9, 0xff]);
    assert.equal(await p.read('net/high'), 'A\u00e9\u00ff');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('proc-fs: the real /proc reads to EOF although its files report size 0', async () => {
  const text = await nodeProcFs().read('self/status');
  assert.ok(text !== null && /^Pid:\s+\d+$/m.test(text));
});

test('proc-fs: permission denied is an IoError with code permission', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'lvs-procfs-'));
  try {
    chmodSync(root, 0o755);
    writeFileSync(join(root, 'secret'), 'x', { mode: 0o600 });
    if (process.getuid?.() !== 0) {
      await assert.rejects(nodeProcFs(root).read('secret'), (e: unknown) => e instanceof IoError && e.code === 'permission');
      return;
    }
    // root reads any mode: read as nobody in a child (setpriv, util-linux)
    const why = needProgram('setpriv');
    if (why) return t.skip(why);
    const script = `require(${JSON.stringify(join(__dirname, '..', '..', 'src', 'system', 'proc-fs.js'))}).nodeProcFs(${JSON.stringify(root)}).read('secret').then(() => console.log('read'), (e) => console.log(e.name, e.code))`;
    const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '-e', script], { encoding: 'utf8' });
    assert.equal(r.stdout.trim(), 'IoError permission', r.stderr);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
