// EditSession: staged edits of lvs.cf and lvs-tui.yaml, pending count, diagnostics, discard, rebase.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EditSession } from '../../src/app/edit-session';
import { EditError, addBlock, setAttribute } from '../../src/config/edit';
import { setFirewallMark } from '../../src/apply/sidecar';
import { DEMO_LVS_CF } from '../../src/demo';

const CF = Buffer.from(DEMO_LVS_CF);
const SIDECAR = Buffer.from('# marks\nfirewall_marks:\n  - mark: 21\n    ports: [21, "10000:20000"]\n');

const session = (sidecar: Buffer | null = SIDECAR) => new EditSession({ configPath: '/etc/lvs.cf', configBytes: CF, sidecarPath: '/etc/lvs-tui.yaml', sidecarBytes: sidecar });

test('edit-session: starts with the file as it is and nothing pending', () => {
  const s = session();
  assert.equal(s.pendingCount(), 0);
  assert.equal(s.isDirty(), false);
  assert.equal(Buffer.compare(s.configBytes(), CF), 0);
  assert.equal(s.config().virtuals[0].name, 'www');
  assert.equal(s.errorCount(), 0, s.diagnostics().map((d) => d.message).join('\n'));
});

test('edit-session: an edit changes only its line; one field edited twice counts once; undoing it counts none', () => {
  const s = session();
  let notified = 0;
  const off = s.subscribe(() => notified++);
  s.edit('www: weight of web1', (d) => setAttribute(d, { virtual: 'www', server: 'web1' }, 'weight', '7'));
  const expected = DEMO_LVS_CF.replace('address = 192.168.10.11\n         active = 1\n         weight = 100', 'address = 192.168.10.11\n         active = 1\n         weight = 7');
  assert.equal(s.configBytes().toString(), expected);
  assert.equal(s.config().virtuals[0].servers[0].weight, 7);
  assert.equal(s.pendingCount(), 1);
  s.edit('www: weight of web1', (d) => setAttribute(d, { virtual: 'www', server: 'web1' }, 'weight', '8'));
  assert.equal(s.pendingCount(), 1);
  s.edit('www: scheduler', (d) => setAttribute(d, { virtual: 'www' }, 'scheduler', 'rr'));
  assert.equal(s.pendingCount(), 2);
  s.edit('www: weight of web1', (d) => setAttribute(d, { virtual: 'www', server: 'web1' }, 'weight', '100'));
  s.edit('www: scheduler', (d) => setAttribute(d, { virtual: 'www' }, 'scheduler', 'wlc'));
  assert.equal(Buffer.compare(s.configBytes(), CF), 0);
  assert.equal(s.pendingCount(), 0, 'back to the original bytes: nothing to apply');
  assert.equal(notified, 5);
  off();
  s.edit('x', (d) => setAttribute(d, {}, 'keepalive', '7'));
  assert.equal(notified, 5, 'unsubscribed');
});

test('edit-session: a refused edit changes nothing; an edit that changes no byte is not recorded', () => {
  const s = session();
  assert.throws(() => s.edit('add', (d) => addBlock(d, {}, 'www', [['address', '1.2.3.4 eth0:1']])), EditError);
  assert.throws(() => s.edit('bad', () => { throw new EditError('invalid', 'no'); }), /no/);
  s.edit('same', (d) => setAttribute(d, { virtual: 'www' }, 'port', '80'));
  assert.equal(s.pendingCount(), 0);
  assert.equal(s.edits().length, 0);
});

test('edit-session: diagnostics follow the staged bytes, with the file and line', () => {
  const s = session();
  s.edit('www: address', (d) => setAttribute(d, { virtual: 'www' }, 'address', '203.0.113.300 eth0:1'));
  const errs = s.diagnostics().filter((d) => d.severity === 'error');
  assert.equal(errs.length, 1);
  assert.equal(errs[0].file, '/etc/lvs.cf');
  assert.equal(errs[0].span.line, DEMO_LVS_CF.split('\n').findIndex((l) => l.includes('203.0.113.100 eth0:1')) + 1);
  assert.equal(s.errorCount(), 1);
  s.discard();
  assert.equal(s.errorCount(), 0);
  assert.equal(s.pendingCount(), 0);
  assert.equal(Buffer.compare(s.configBytes(), CF), 0);
});

test('edit-session: sidecar edits keep comments, count as pending, and feed the agreement check', () => {
  const s = session();
  const before = s.diagnostics().length;
  s.editSidecar('ftp: marked ports', (doc) => setFirewallMark(doc, { mark: 21, ports: [21] }));
  assert.match(s.sidecarBytes()!.toString(), /^# marks\n/);
  assert.match(s.sidecarBytes()!.toString(), /ports: \[21\]|ports:\n\s+- 21/);
  assert.equal(s.pendingCount(), 1);
  assert.equal(Buffer.compare(s.originalSidecarBytes!, SIDECAR), 0);
  s.editSidecar('mark 99', (doc) => setFirewallMark(doc, { mark: 99, ports: [8080] }));
  const codes = s.diagnostics().map((d) => d.code);
  assert.ok(codes.includes('mark-without-virtual'), codes.join(' '));
  assert.ok(s.diagnostics().length > before);
});

test('edit-session: a missing sidecar is created by its first edit; rebase makes the staged bytes the original', () => {
  const s = session(null);
  assert.equal(s.sidecarBytes(), null);
  s.editSidecar('ftp marks', (doc) => setFirewallMark(doc, { mark: 21, ports: [21] }));
  assert.ok(s.sidecarBytes()!.length > 0);
  s.edit('keepalive', (d) => setAttribute(d, {}, 'keepalive', '7'));
  assert.equal(s.pendingCount(), 2);
  const cf = s.configBytes();
  const side = s.sidecarBytes();
  s.rebase(cf, side);
  assert.equal(s.pendingCount(), 0);
  assert.equal(s.originalConfigBytes, cf);
  assert.equal(s.originalSidecarBytes, side);
  s.discard();
  assert.equal(Buffer.compare(s.configBytes(), cf), 0, 'discard after rebase keeps the rebased bytes');
});
