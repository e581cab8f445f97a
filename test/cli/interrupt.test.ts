// Ctrl-C or a kill while lvs-tui changes lvs.cf: the file is either the old one or the new one,
// never partial; no temp file, no lock and no stray history entry is left; the process still ends
// by the signal. The kill lands at different moments of the run (reading, validating, writing).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { BIN } from '../helpers/paths';
import { tempRoot } from './harness';

/** A valid lvs.cf big enough (about 60,000 lines) that a change takes a noticeable time. */
function bigConfig(virtuals: number): string {
  const out = ['serial_no = 1', 'primary = 192.0.2.1', 'network = direct'];
  for (let i = 0; i < virtuals; i++) {
    out.push(`virtual v${i} {`, '     active = 1', `     address = 10.${(i >> 8) & 255}.${i & 255}.1 eth0:1`, '     port = 80', '     scheduler = wlc');
    for (let j = 0; j < 10; j++) out.push(`     server s${j} {`, `         address = 172.16.${i & 255}.${j + 1}`, '         active = 1', '     }');
    out.push('}');
  }
  return out.join('\n') + '\n';
}

function runAndKill(root: string, afterMs: number, signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, '--root', root, 'set', '--virtual', 'v7', 'scheduler=rr'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill(signal), afterMs);
    child.on('error', reject);
    child.on('close', (code, sig) => {
      clearTimeout(timer);
      resolve({ code, signal: sig, stderr });
    });
  });
}

test('interrupt: a killed edit leaves the old or the new file, whole, and nothing else', async () => {
  const before = bigConfig(1500);
  const after = before.replace('serial_no = 1\n', 'serial_no = 2\n').replace('virtual v7 {\n     active = 1\n     address = 10.0.7.1 eth0:1\n     port = 80\n     scheduler = wlc', 'virtual v7 {\n     active = 1\n     address = 10.0.7.1 eth0:1\n     port = 80\n     scheduler = rr');
  assert.notEqual(after, before);
  const outcomes = new Set<string>();
  // the last kill comes long after the edit is done, even on a machine under heavy load
  for (const [ms, signal] of [[50, 'SIGTERM'], [150, 'SIGINT'], [300, 'SIGTERM'], [500, 'SIGHUP'], [30000, 'SIGTERM']] as const) {
    const t = tempRoot(before);
    const r = await runAndKill(t.root, ms, signal);
    const now = t.read();
    assert.ok(now === before || now === after, `after ${signal} at ${ms} ms the file is neither old nor new`);
    assert.deepEqual(t.strays(), [], 'no temp file left');
    assert.equal(existsSync(join(t.root, 'run', 'lvs-tui.lock')), false, 'lock released');
    const historyDir = join(t.root, 'var', 'lib', 'lvs-tui', 'history');
    const kept = existsSync(historyDir) ? readdirSync(historyDir).flatMap((d) => readdirSync(join(historyDir, d))) : [];
    assert.equal(kept.length, now === after ? 1 : 0, 'a history entry exactly when the file changed');
    if (r.signal === null) {
      // the run was over before the kill: it must have written the change
      assert.equal(r.code, 0, r.stderr);
      assert.equal(now, after);
    } else {
      assert.equal(r.signal, signal);
      if (now === before && r.stderr !== '') assert.match(r.stderr, /interrupted: nothing written|^$/m);
    }
    outcomes.add(r.signal === null ? 'finished' : now === before ? 'abandoned' : 'written, then ended');
  }
  assert.ok(outcomes.has('finished'), `outcomes: ${[...outcomes].join(', ')}`);
});
