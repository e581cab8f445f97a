// The TUI looks host names up as `lvs-tui check` does, in the background: the unresolved-host
// warning reaches the status bar's count, `!` and the review without a keystroke ever waiting for
// DNS; answers are kept for the session, and a staged edit with a new name asks for that one.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setAttribute } from '../../src/config/edit';
import { EditSession } from '../../src/app/edit-session';
import { lookUpHostNames } from '../../src/app/host-lookups';
import { dnsResolver, LookupFn } from '../../src/system/resolver';
import { DEMO_LVS_CF } from '../../src/demo';
import { openOnDemo } from './demo-tui';

function rootWith(lvsCf: string): string {
  const root = mkdtempSync(join(tmpdir(), 'lvs-tui-hosts-'));
  mkdirSync(join(root, 'etc', 'sysconfig', 'ha'), { recursive: true });
  writeFileSync(join(root, 'etc', 'sysconfig', 'ha', 'lvs.cf'), lvsCf);
  return root;
}

/** The screen's boxed lines joined, so a wrapped message reads as one. */
const flat = (screen: string) => screen.replace(/\s*│\n│\s*/g, ' ');

const WITH_NAMES = DEMO_LVS_CF.replace('address = 192.168.10.12\n', 'address = web2.lvs-tui-test.invalid\n').replace('address = 192.168.10.13\n', 'address = localhost\n');

test('host lookups in the background: a name that does not resolve is warned about; one that does is not; each name asked once', { timeout: 20_000 }, async () => {
  const asked: string[] = [];
  const real = dnsResolver(1500);
  const counting = { resolveAll: (names: readonly string[]) => (asked.push(...names), real.resolveAll(names)) };
  const session = new EditSession({ configPath: '/x/lvs.cf', configBytes: Buffer.from(WITH_NAMES), sidecarPath: '/x/lvs-tui.yaml', sidecarBytes: null });
  assert.equal(session.diagnostics().filter((d) => d.code === 'unresolved-host').length, 0, 'no answer yet: no warning');
  const l = lookUpHostNames(session, counting, { settleMs: 5 });
  try {
    await l.idle();
    const warned = session.diagnostics().filter((d) => d.code === 'unresolved-host');
    assert.deepEqual(warned.map((d) => d.message.match(/"([^"]+)"/)![1]), ['web2.lvs-tui-test.invalid']);
    assert.deepEqual(asked.sort(), ['localhost', 'web2.lvs-tui-test.invalid']);
    // an edit that keeps the names asks nothing more; a new name is asked alone
    session.edit('weight', (d) => setAttribute(d, { virtual: 'www', server: 'web1' }, 'weight', '7'));
    session.edit('address', (d) => setAttribute(d, { virtual: 'www', server: 'web1' }, 'address', '300.1.2.x'));
    await new Promise((r) => setTimeout(r, 20));
    await l.idle();
    assert.deepEqual(asked.sort(), ['300.1.2.x', 'localhost', 'web2.lvs-tui-test.invalid']);
    assert.equal(session.diagnostics().filter((d) => d.code === 'unresolved-host').length, 2);
  } finally {
    l.stop();
  }
});

test('TUI: keys are answered while DNS hangs; the warning then shows in the status bar count, ! and the review', { timeout: 30_000 }, async () => {
  const root = rootWith(WITH_NAMES);
  // a DNS server that never answers: dnsResolver's own timeout (1 s here) says "does not resolve"
  const silent: LookupFn = () => undefined;
  const t = openOnDemo(null, { root, resolver: dnsResolver(1000, silent) });
  try {
    const start = Date.now();
    await t.waitFor(/VIRTUAL SERVERS {2}3 configured/);
    await t.keys('j');
    const moved = t.handle.text();
    assert.match(moved, /│>active +ftp /, 'the key moved the selection at once');
    assert.ok(Date.now() - start < 900, 'before DNS gave up');
    const before = t.session.warningCount();
    assert.match(moved.split('\n')[22], new RegExp(`${before} warnings?`), 'no host warning before DNS answers');
    await t.waitFor(new RegExp(`\\| 0 errors, ${before + 2} warnings`));
    assert.ok(Date.now() - start >= 900, 'the warnings came with the lookup timeout');
    await t.keys('!');
    const problems = flat(await t.waitFor(/unresolved-host/));
    assert.match(problems, /lvs\.cf:\d+:\d+: warning: host name "localhost" does not resolve here/);
    assert.match(problems, /lvs\.cf:\d+:\d+: warning: host name "web2\.lvs-tui-test\.invalid" does not resolve here/);
  } finally {
    await t.close();
    rmSync(root, { recursive: true, force: true });
  }
});

test('review: a staged address DNS does not resolve is warned about above the plan', { timeout: 40_000 }, async () => {
  const { startDemo } = await import('../../src/demo');
  const { FLOW_HOOKS } = await import('../../screens/tabs');
  const { openReview } = await import('../../screens/review');
  FLOW_HOOKS.openReview = openReview;
  const demo = await startDemo({ tickMs: 0 });
  const t = openOnDemo(demo, { resolver: dnsResolver(300, () => undefined) });
  try {
    await t.waitFor(/VIRTUAL SERVERS {2}3 configured/);
    t.session.edit('staging address', (d) => setAttribute(d, { virtual: 'www', server: 'web1' }, 'address', '300.1.2.x'));
    await t.waitFor(/1 warning/);
    await t.keys('A');
    const review = await t.waitFor(/y apply all of this|CANNOT APPLY/, 20_000);
    assert.match(flat(review), /lvs\.cf:\d+:\d+: warning: host name "300\.1\.2\.x" does not resolve here/);
  } finally {
    await t.close();
    demo.stop();
  }
});
