// The configuration forms without a screen: Piranha's fields in order, GUI defaults for new items,
// and accepting through the CLI's refusals and the validator.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EditSession } from '../../src/app/edit-session';
import { checkForm, globalForm, hasFormErrors, scriptsForm, serverForm, virtualForm } from '../../src/app/config-forms';
import { FIXTURES } from '../helpers/paths';

const ROUTER = readFileSync(join(FIXTURES, 'tui', 'router.lvs.cf'));
const SIDECAR = Buffer.from('firewall_marks:\n  - mark: 21\n    ports: [21, "10000:20000"]\n');
const session = () => new EditSession({ configPath: 'lvs.cf', configBytes: ROUTER, sidecarPath: 'lvs-tui.yaml', sidecarBytes: SIDECAR });

function accept(s: EditSession, def: ReturnType<typeof virtualForm>, values: Record<string, string>) {
  const check = checkForm(def, { ...def.values, ...values }, s.doc(), s.diagnostics().filter((d) => d.file === 'lvs.cf'), true);
  if (!hasFormErrors(check)) for (const op of check.ops) op.config ? s.edit(op.label, op.config) : s.editSidecar(op.label, op.sidecar!);
  return check;
}

test('config-forms: VIRTUAL SERVER has every field of spec §5 in order; the sidecar ports beside the firewall mark', () => {
  const s = session();
  const ftp = s.config().virtuals.find((v) => v.name === 'ftp')!;
  const def = virtualForm(ftp, s.sidecar().sidecar);
  assert.deepEqual(def.fields.map((f) => f.label), [
    'Name', 'Application port', 'Protocol', 'Virtual IP Address', 'Virtual IP Network Mask', 'Sorry Server', 'Firewall Mark',
    'Ports with this mark (yaml)', 'Device', 'Re-entry Time', 'Service Timeout', 'Quiesce server', 'Load monitoring tool', 'Scheduling',
    'Persistence', 'Persistence Network Mask',
  ]);
  assert.equal(def.values.fwmark, '21');
  assert.equal(def.values.marked_ports, '21, 10000:20000');
  assert.deepEqual(serverForm('www', null).fields.map((f) => f.label), ['Name', 'Address', 'Port', 'Weight']);
  assert.deepEqual(scriptsForm(ftp).fields.map((f) => f.label), ['Sending Program', 'Send', 'Expect', 'Treat expect string as a regular expression']);
  assert.equal(globalForm(s.config()).fields[2].options!.map((o) => o.label).join(','), 'unset (NAT),NAT,Direct Routing,Tunneling');
});

test('config-forms: a new virtual starts with Piranha\'s GUI defaults', () => {
  const def = virtualForm(null, session().sidecar().sidecar);
  assert.equal(def.isNew, true);
  assert.deepEqual(
    { port: def.values.port, protocol: def.values.protocol, vip: def.values.vip, device: def.values.device, scheduler: def.values.scheduler, timeout: def.values.timeout, reentry: def.values.reentry, quiesce: def.values.quiesce_server, load: def.values.load_monitor },
    { port: '80', protocol: 'tcp', vip: '0.0.0.0', device: 'eth0:1', scheduler: 'wlc', timeout: '6', reentry: '15', quiesce: '0', load: 'none' },
  );
  assert.deepEqual(serverForm('www', null).values, { name: '', address: '0.0.0.0', port: '', weight: '1' });
});

test('config-forms: changing the marked ports edits lvs-tui.yaml; a bad range is refused at the field', () => {
  const s = session();
  const ftp = () => virtualForm(s.config().virtuals.find((v) => v.name === 'ftp')!, s.sidecar().sidecar);
  const bad = accept(s, ftp(), { marked_ports: '21, 30000:20000' });
  assert.match(bad.errors.marked_ports, /"30000:20000" is not within 1-65535/);
  assert.equal(s.pendingCount(), 0);
  accept(s, ftp(), { marked_ports: '21, 20, 10000:20000' });
  assert.equal(s.pendingCount(), 1);
  assert.equal(ftp().values.marked_ports, '21, 20, 10000:20000');
  assert.equal(Buffer.compare(s.configBytes(), ROUTER), 0, 'lvs.cf untouched');
});

test('config-forms: errors the file already has do not block an unrelated change; new ones do, at their field', () => {
  const broken = Buffer.from(ROUTER.toString().replace('sorry_server = 192.168.10.250', 'sorry_server = 192.168.10.999'));
  const s = new EditSession({ configPath: 'lvs.cf', configBytes: broken, sidecarPath: 'lvs-tui.yaml', sidecarBytes: SIDECAR });
  assert.equal(s.errorCount(), 1);
  const www = () => virtualForm(s.config().virtuals.find((v) => v.name === 'www')!, s.sidecar().sidecar);
  const ok = accept(s, www(), { timeout: '9' });
  assert.equal(hasFormErrors(ok), false, JSON.stringify(ok.errors));
  const blocked = accept(s, www(), { persistent: 'abc' });
  assert.ok(blocked.errors.persistent, JSON.stringify(blocked.errors));
  const pmask = accept(s, www(), { pmask: '255.255.255.0' });
  assert.equal(hasFormErrors(pmask), false, 'pmask without persistent is a warning, not an error');
  assert.ok(pmask.warnings.pmask, JSON.stringify(pmask.warnings));
});
