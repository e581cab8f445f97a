// Applying on the demo router (`lvs-tui --demo`): the transaction runs against the demo root (its
// files are written for real) but the iptables, sysctl and pulse commands a real router would run
// are shown in the command log, labelled DEMO, and not run. Proven by pointing the staged sidecar's
// iptables-restore at a program that does not exist: a real run would fail the apply.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDemo } from '../../src/demo';
import { applyReviewed, reviewSession } from '../../src/app/apply-session';
import { sessionEnv } from '../../src/app/session-env';
import { testTui } from './session-helpers';

test('demo apply: files in the demo root written, iptables/sysctl/pulse commands logged as DEMO and not run', async () => {
  const demo = await startDemo({ tickMs: 0 });
  try {
    const tui = testTui(demo.root, { demo });
    const env = await sessionEnv(tui, 'apply');
    const cfgPath = tui.ctx.paths.config;
    const sidecarPath = tui.ctx.paths.sidecar;
    const config = readFileSync(cfgPath);
    const sidecar = readFileSync(sidecarPath);
    // the demo router starts as applied: nothing to do, and nothing logged by settling it
    const files0 = { configBytes: config, sidecarBytes: sidecar, originalConfigBytes: config, originalSidecarBytes: sidecar };
    const first = await reviewSession(env, files0, { readOnlyReason: null });
    assert.equal(first.nothingToDo, true, first.text);
    assert.ok(readFileSync(join(demo.root, 'etc', 'sysconfig', 'iptables'), 'utf8').includes('LVS_TUI_MARK'), 'settled: saved rules in the demo root');

    const stagedSidecar = Buffer.from(
      sidecar
        .toString('utf8')
        .replace('ports: [21, "10000:20000"]', 'ports: [21, 990, "10000:20000"]')
        .replace('programs:\n', 'programs:\n  iptables_restore: /nonexistent/sbin/iptables-restore\n'),
    );
    assert.notEqual(stagedSidecar.toString(), sidecar.toString());
    // deactivating a real server needs a pulse reload
    const stagedConfig = Buffer.from(config.toString('utf8').replace(/(server ns2 \{[^}]*active = )1/, (_m, head: string) => `${head}0`));
    assert.notEqual(stagedConfig.toString(), config.toString());
    const files = { ...files0, configBytes: stagedConfig, sidecarBytes: stagedSidecar };
    const review = await reviewSession(env, files, { readOnlyReason: null });
    assert.equal(review.refused, null, review.text);
    assert.match(review.text, /\+-A LVS_TUI_MARK -d \S+ -p tcp -m tcp --dport 990 -j MARK/);
    const asked: string[] = [];
    const out = await applyReviewed(env, files, review, { readOnlyReason: null, choosePulse: async (needed) => (asked.push(needed), 'reload') });
    assert.deepEqual(asked, ['reload']);
    assert.equal(out.kind, 'done', out.kind === 'not-applied' ? out.reason : '');
    if (out.kind !== 'done') return;
    assert.equal(out.result.ok, true, out.lines.join('\n'));

    // the journal (and so the audit log) says so too
    const journal = out.result.journal.steps.flatMap((st) => st.commands.map((c) => ({ ...c, step: st.id })));
    const simulated = journal.filter((c) => c.file.endsWith('iptables-restore') || (c.step === 'pulse:reload' && c.phase === 'apply'));
    assert.ok(simulated.length >= 4);
    assert.ok(simulated.every((c) => /DEMO: simulated, not run/.test(c.stderr)), JSON.stringify(simulated));
    // files: written for real in the demo root
    assert.equal(readFileSync(sidecarPath, 'utf8'), stagedSidecar.toString());
    const written = readFileSync(cfgPath);
    assert.equal(written.toString('utf8'), stagedConfig.toString().replace('serial_no = 27\n', 'serial_no = 28\n'), 'staged lvs.cf, serial_no raised by one');
    assert.match(readFileSync(join(demo.root, 'etc', 'sysconfig', 'iptables'), 'utf8'), /--dport 990 -j MARK/);
    // commands: shown, not run
    const log = tui.commandLog.entries();
    const restore = log.filter((e) => e.file === '/nonexistent/sbin/iptables-restore');
    assert.ok(restore.length >= 3, 'checked, applied, per table');
    assert.ok(restore.every((e) => e.demo && e.exitCode === 0));
    const pulse = log.filter((e) => e.demo && /pulse reload was not run/.test(e.stdout));
    assert.equal(pulse.length, 1);
    assert.ok(log.filter((e) => e.file === 'sysctl').every((e) => e.demo));
    assert.ok(log.filter((e) => e.file === 'iptables-save').every((e) => e.demo));
    // the simulated kernel now holds the new rule: applying the same again has nothing to do
    const again = await reviewSession(env, { ...files, configBytes: written, originalConfigBytes: written, originalSidecarBytes: stagedSidecar }, { readOnlyReason: null });
    assert.equal(again.nothingToDo, true, again.text);
  } finally {
    demo.stop();
  }
});
