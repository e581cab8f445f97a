// Whether the TUI opens read-only: --read-only, this machine's permissions on lvs.cf (not in
// remote mode, where the files are the far side's), the file's errors.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { EditSession } from '../../src/app/edit-session';
import { readOnlyRules } from '../../src/cli/commands/tui';
import { testTui } from '../app/session-helpers';

const ROOT = join('/nonexistent', 'lvs-tui-root');

function sessionAt(path: string, text = 'serial_no = 1\nprimary = 10.0.0.1\nservice = lvs\n'): EditSession {
  return new EditSession({ configPath: path, configBytes: Buffer.from(text), sidecarPath: join(path, '..', 'lvs-tui.yaml'), sidecarBytes: null });
}

test('read-only: a local lvs.cf this user cannot write; in remote mode this machine\'s permissions do not count', () => {
  const tui = testTui(ROOT);
  const s = sessionAt(tui.ctx.paths.config);
  assert.match(readOnlyRules(tui.ctx, s).now ?? '', /does not exist/);
  const remote = { ...tui.ctx, deps: { ...tui.ctx.deps, remoteLabel: 'root@router' } };
  assert.equal(readOnlyRules(remote, s).now, null);
  assert.equal(readOnlyRules(remote, s).check(), null);
  assert.equal(readOnlyRules({ ...remote, options: { ...remote.options, readOnly: true } }, s).now, 'opened with --read-only');
  const broken = sessionAt(tui.ctx.paths.config, 'serial_no = 1\nvirtual www {\n     active = 1\n');
  assert.match(readOnlyRules(remote, broken).check() ?? '', /^lvs\.cf:\d+:\d+: .*\[unclosed-block\]/);
});
