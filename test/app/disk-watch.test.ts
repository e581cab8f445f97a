// Detecting lvs.cf / lvs-tui.yaml changed on disk under an open session, by content, and replaying
// staged edits on the new text when they do not overlap what changed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diskChange, diskChangeDiff, mergeStaged, watchDisk, FilesRead, DiskChange } from '../../src/app/disk-watch';

const B = (s: string) => Buffer.from(s);

test('diskChange: by content; created, removed and changed files are named', () => {
  assert.equal(diskChange({ config: B('a\n'), sidecar: null }, { config: B('a\n'), sidecar: null }), null);
  const c = diskChange({ config: B('a\n'), sidecar: null }, { config: B('b\n'), sidecar: B('x: 1\n') })!;
  assert.deepEqual([c.config, c.sidecar], ['changed', 'created']);
  assert.equal(c.summary, 'lvs.cf was changed and lvs-tui.yaml was created on disk since lvs-tui read them');
  const gone = diskChange({ config: B('a\n'), sidecar: B('s\n') }, { config: B('a\n'), sidecar: null })!;
  assert.equal(gone.summary, 'lvs-tui.yaml was removed on disk since lvs-tui read it');
  assert.match(diskChangeDiff({ config: B('a\n'), sidecar: null }, c, { config: '/x/lvs.cf', sidecar: '/x/lvs-tui.yaml' }), /^--- \/x\/lvs\.cf \(as read\)\n\+\+\+ \/x\/lvs\.cf \(on disk now\)\n@@[^\n]*\n-a\n\+b\n/);
});

const BASE = ['serial_no = 1', 'primary = 10.0.0.1', 'service = lvs', 'virtual www {', '     port = 80', '     weight = 1', '}', 'virtual ftp {', '     port = 21', '}', ''].join('\n');

test('mergeStaged: edits far from the change on disk are replayed on the new text', () => {
  const staged = BASE.replace('     port = 21', '     port = 2121');
  const disk = BASE.replace('primary = 10.0.0.1', 'primary = 10.0.0.2');
  assert.equal(mergeStaged(BASE, staged, disk), BASE.replace('     port = 21', '     port = 2121').replace('primary = 10.0.0.1', 'primary = 10.0.0.2'));
  // an insertion and a deletion, with lines added on disk elsewhere
  const staged2 = BASE.replace('     weight = 1\n', '').replace('virtual ftp {\n', 'virtual ftp {\n     scheduler = wlc\n');
  const disk2 = `# managed by hand\n${BASE}`;
  assert.equal(mergeStaged(BASE, staged2, disk2), `# managed by hand\n${staged2}`);
  assert.equal(mergeStaged(BASE, BASE, disk2), disk2, 'nothing staged: the disk text');
});

test('mergeStaged: an edit on or next to a line changed on disk is a conflict (null)', () => {
  const staged = BASE.replace('     port = 80', '     port = 8080');
  assert.equal(mergeStaged(BASE, staged, BASE.replace('     port = 80', '     port = 81')), null, 'same line');
  assert.equal(mergeStaged(BASE, staged, BASE.replace('     weight = 1', '     weight = 2')), null, 'the next line');
  const inserted = BASE.replace('virtual ftp {\n', 'virtual ftp {\n     scheduler = wlc\n');
  assert.equal(mergeStaged(BASE, inserted, BASE.replace('virtual ftp {\n', 'virtual ftp {\n     scheduler = rr\n')), null, 'two insertions at one place');
});

test('watchDisk: a rewrite with the same size and mtime is still seen; reported once per content', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lvs-tui-watch-'));
  try {
    const cfg = join(dir, 'lvs.cf');
    writeFileSync(cfg, 'weight = 1\n');
    const read: FilesRead = { config: readFileSync(cfg), sidecar: null };
    const { mtime } = statSync(cfg);
    const seen: (DiskChange | null)[] = [];
    const w = watchDisk({ read: () => ({ config: readFileSync(cfg), sidecar: null }), current: () => read, intervalMs: 60_000, onChange: (c) => seen.push(c) });
    try {
      assert.equal(w.check(), null);
      writeFileSync(cfg, 'weight = 2\n');
      utimesSync(cfg, mtime, mtime);
      assert.equal(w.check()?.config, 'changed');
      w.check();
      assert.deepEqual(seen.map((c) => c?.config ?? null), ['changed'], 'reported once, and not before it changed');
      writeFileSync(cfg, 'weight = 1\n');
      assert.equal(w.check(), null);
      assert.deepEqual(seen.map((c) => c?.config ?? null), ['changed', null]);
    } finally {
      w.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
