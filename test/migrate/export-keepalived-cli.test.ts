// `lvs-tui export --format keepalived --out DIR` as an admin runs it: files and modes, warnings on
// stderr, an unchanged re-run, no overwrite of other contents without --force, a broken lvs.cf
// refused, --dry-run writing nothing.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempRoot } from '../cli/harness';

test('export keepalived writes both routers\' files and the check script, warnings on stderr', () => {
  const t = tempRoot();
  const out = join(t.root, 'etc', 'keepalived');
  const r = t.run('export', '--format', 'keepalived', '--out', out);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, '');
  assert.deepEqual(readdirSync(out).sort(), ['check-ftp.sh', 'keepalived-backup.conf', 'keepalived-primary.conf']);
  assert.equal(statSync(join(out, 'check-ftp.sh')).mode & 0o777, 0o755);
  assert.equal(statSync(join(out, 'keepalived-primary.conf')).mode & 0o777, 0o644);
  assert.match(r.stderr, /^lvs-tui: warning: virtual ftp: fwmark 21: /m);
  assert.match(r.stderr, /^lvs-tui: warning: global: heartbeat: /m);
  assert.match(r.stderr, /^lvs-tui: wrote .*keepalived-primary\.conf$/m);
  assert.match(readFileSync(join(out, 'keepalived-primary.conf'), 'utf8'), new RegExp(`misc_path "${out}/check-ftp\\.sh 192\\.168\\.10\\.21 21"`));

  // the same export again changes nothing
  const again = t.run('export', '--format', 'keepalived', '--out', out);
  assert.equal(again.status, 0);
  assert.match(again.stderr, /already up to date/);

  // after an edit the files differ: refused without --force, replaced with it
  assert.equal(t.run('set', '--virtual', 'www', 'scheduler=rr').status, 0);
  const before = readFileSync(join(out, 'keepalived-primary.conf'), 'utf8');
  const refused = t.run('export', '--format', 'keepalived', '--out', out);
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /keepalived-primary\.conf, .*keepalived-backup\.conf already exist with other contents \(use --force/);
  assert.equal(readFileSync(join(out, 'keepalived-primary.conf'), 'utf8'), before);
  const forced = t.run('export', '--format', 'keepalived', '--out', out, '--force');
  assert.equal(forced.status, 0, forced.stderr);
  assert.match(forced.stderr, /replaced .*keepalived-primary\.conf/);
  assert.match(forced.stderr, /unchanged .*check-ftp\.sh/);
  assert.match(readFileSync(join(out, 'keepalived-primary.conf'), 'utf8'), /lb_algo rr/);
  assert.deepEqual(readdirSync(out).filter((n) => n.startsWith('.')), [], 'no temp files left');
});

test('export keepalived: --out is required, --dry-run writes nothing, a broken lvs.cf is refused', () => {
  const t = tempRoot();
  const missing = t.run('export', '--format', 'keepalived');
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /missing --out DIR/);
  const out = join(t.root, 'kd');
  const dry = t.run('export', '--format', 'keepalived', '--out', out, '--dry-run');
  assert.equal(dry.status, 0, dry.stderr);
  assert.match(dry.stdout, /^==> .*\/kd\/keepalived-primary\.conf <==\n# keepalived\.conf for the primary router/m);
  assert.ok(!existsSync(out));
  writeFileSync(t.cfg, readFileSync(t.cfg, 'utf8').replace('scheduler = wlc', 'scheduler = sed'));
  const broken = t.run('export', '--format', 'keepalived', '--out', out);
  assert.equal(broken.status, 1);
  assert.match(broken.stderr, /error: "sed" is not a valid scheduler/);
  assert.match(broken.stderr, /not exported: .* has 1 error/);
  assert.ok(!existsSync(out));
});
