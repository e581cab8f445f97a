// `lvs-tui import FILE.yaml` as an admin runs it: the real binary on a temporary root, the YAML
// from `export --format yaml`, edited as text.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { changedLines, tempRoot } from '../cli/harness';

function historyCount(root: string): number {
  const dir = join(root, 'var', 'lib', 'lvs-tui', 'history');
  return existsSync(dir) ? readdirSync(dir).flatMap((d) => readdirSync(join(dir, d))).length : 0;
}

function exported(t: ReturnType<typeof tempRoot>): string {
  const r = t.run('export', '--format', 'yaml');
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

/** The YAML with the value of `key` in the block introduced by `header` (e.g. "- name: www") replaced. */
function setValue(yaml: string, header: string, key: string, value: string): string {
  const start = yaml.indexOf(header);
  assert.ok(start >= 0, header);
  const at = yaml.indexOf(`${key}:\n`, start);
  const v = yaml.indexOf('value: ', at);
  const end = yaml.indexOf('\n', v);
  return yaml.slice(0, v) + `value: ${value}` + yaml.slice(end);
}

test('import: an unchanged export writes nothing; one changed value changes its line and serial_no only', () => {
  const t = tempRoot();
  const before = t.read();
  const yamlPath = join(t.root, 'lvs.yaml');
  const yaml = exported(t);
  writeFileSync(yamlPath, yaml);
  const same = t.run('import', yamlPath, '--yes');
  assert.equal(same.status, 0, same.stderr);
  assert.match(same.stderr, /nothing to change/);
  assert.equal(t.read(), before);
  assert.equal(historyCount(t.root), 0);

  writeFileSync(yamlPath, setValue(yaml, '- name: www', 'scheduler', 'rr'));
  const dry = t.run('import', yamlPath, '--dry-run');
  assert.equal(dry.status, 0, dry.stderr);
  assert.match(dry.stdout, /^-     scheduler = wlc\n\+     scheduler = rr$/m);
  assert.equal(t.read(), before);
  const noTerminal = t.run('import', yamlPath);
  assert.equal(noTerminal.status, 2);
  assert.match(noTerminal.stderr, /no terminal to ask on: give --yes/);
  assert.equal(t.read(), before);

  const r = t.run('import', yamlPath, '--yes');
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(changedLines(before, t.read()), ['-serial_no = 12', '+serial_no = 13', '-     scheduler = wlc', '+     scheduler = rr']);
  assert.equal(historyCount(t.root), 1);
  assert.deepEqual(t.strays(), []);
});

test('import: a bad value, a changed computed value and broken YAML are refused at their YAML line', () => {
  const t = tempRoot();
  const before = t.read();
  const yamlPath = join(t.root, 'lvs.yaml');
  const yaml = exported(t);

  const bad = setValue(yaml, '- name: www', 'scheduler', 'sed');
  writeFileSync(yamlPath, bad);
  const line = bad.split('\n').findIndex((l) => l.includes('value: sed')) + 1;
  const r = t.run('import', yamlPath, '--yes');
  assert.equal(r.status, 1);
  assert.match(r.stderr, new RegExp(`^${yamlPath.replace(/[.]/g, '\\.')}:${line}:\\d+: error: "sed" is not a valid scheduler.*\\[invalid-value\\] \\(.*lvs\\.cf line \\d+\\)$`, 'm'));
  assert.equal(t.read(), before);

  // www's servers inherit port 80 ("from: virtual"): saying 8080 there without dropping "from" is refused
  const inherited = yaml.replace(/(- name: web1\n\s+line: \d+\n\s+settings:[\s\S]*?port:\n\s+value: )"80"(\n\s+from: virtual)/, '$1"8080"$2');
  assert.notEqual(inherited, yaml);
  writeFileSync(yamlPath, inherited);
  const c = t.run('import', yamlPath, '--yes');
  assert.equal(c.status, 1);
  assert.match(c.stderr, /error: port is marked from: virtual, but the daemons would use "80", not "8080"/);
  assert.equal(t.read(), before);

  writeFileSync(yamlPath, yaml.replace('virtuals:', 'virtuals: [\n'));
  const s = t.run('import', yamlPath, '--yes');
  assert.equal(s.status, 1);
  assert.match(s.stderr, /lvs\.yaml:\d+:\d+: error: YAML: .*\[yaml-syntax\]/);
  assert.equal(t.read(), before);
});

test('import: virtuals left out are deleted, a new one is added in Piranha\'s layout, serial_no + 1', () => {
  const t = tempRoot();
  const yamlPath = join(t.root, 'lvs.yaml');
  writeFileSync(
    yamlPath,
    `global:
  settings: {serial_no: "12", primary: 203.0.113.10, network: nat, nat_router: 192.168.10.254 eth1:1, nat_nmask: 255.255.255.0}
redundancy:
  settings: {}
virtuals:
  - name: smtp
    settings: {active: "1", address: 203.0.113.25 eth0:2, port: 25, send: 'HELO lvs\\r\\n', expect: "220", scheduler: rr}
    servers:
      - name: mx1
        settings: {address: 192.168.10.41, active: 1, weight: 10}
`,
  );
  const r = t.run('import', yamlPath, '--yes');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(
    t.read(),
    `serial_no = 13
primary = 203.0.113.10
nat_router = 192.168.10.254 eth1:1
nat_nmask = 255.255.255.0
virtual smtp {
     active = 1
     address = 203.0.113.25 eth0:2
     port = 25
     send = "HELO lvs\\r\\n"
     expect = "220"
     scheduler = rr
     server mx1 {
         address = 192.168.10.41
         active = 1
         weight = 10
     }
}
`.replace('nat_router', 'network = nat\nnat_router'),
  );
});
