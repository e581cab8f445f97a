// `lvs-tui check` reads lvs-tui.yaml next to lvs.cf: its diagnostics and those of the two files'
// agreement are printed with the right file, counted, and in --json.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { lvsTui, sample, tempRoot } from './harness';
import { FIXTURES } from '../helpers/paths';

const FTP_SIDECAR = readFileSync(join(FIXTURES, 'sidecar', 'ftp-nat.yaml'), 'utf8');
const sidecarOf = (cfg: string) => join(dirname(cfg), 'lvs-tui.yaml');

test('check: lvs.cf and a matching sidecar are clean, one summary line each', () => {
  const t = tempRoot();
  writeFileSync(sidecarOf(t.cfg), FTP_SIDECAR);
  const r = t.run('check');
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.equal(r.stdout, `${sidecarOf(t.cfg)}: no problems found\n${t.cfg}: no problems found\n`);
});

test('check: without a sidecar, a fwmark service without marked ports is a warning on lvs.cf (exit 0)', () => {
  const t = tempRoot();
  const r = t.run('check');
  assert.equal(r.status, 0);
  assert.equal(
    r.stdout,
    `${t.cfg}:43:15: warning: virtual "ftp" uses fwmark 21 but ${sidecarOf(t.cfg)} marks no ports with it: no packet reaches this service unless something else sets the mark (add a firewall_marks entry with mark: 21) [fwmark-without-ports]\n` +
      `${t.cfg}: 0 errors, 1 warning\n`,
  );
});

test('check: sidecar errors and agreement warnings carry the sidecar path and byte columns; errors exit 1', () => {
  const t = tempRoot();
  const yaml = '# réglages — lvs-tui\nfirewall_marks:\n  - mark: 21\n    ports: [21, "10000:20000"]\n  - mark: 99\n    ports: [99]\npersist: {iptables: /srv/café/rules, sysctl: etc/sysctl.conf}\n';
  writeFileSync(sidecarOf(t.cfg), yaml);
  const r = t.run('check');
  assert.equal(r.status, 1);
  const S = sidecarOf(t.cfg);
  assert.deepEqual(r.stdout.trimEnd().split('\n'), [
    `${S}:5:11: warning: no virtual server in ${t.cfg} uses fwmark 99: the packets get the mark but IPVS has no service for it [mark-without-virtual]`,
    `${S}:7:47: error: persist.sysctl must be an absolute path, not "etc/sysctl.conf" [sidecar-path]`,
    `${S}: 1 error, 1 warning`,
    `${t.cfg}: no problems found`,
  ]);
});

test('check --json: the sidecar path, each diagnostic\'s file, totals over both files', () => {
  const t = tempRoot(sample('nat-http-ftp.cf').replace('     port = 80\n', '     port = 80\n     colour = blue\n'));
  writeFileSync(sidecarOf(t.cfg), 'ftp_masquerade: yes\n');
  const r = t.run('check', '--json');
  assert.equal(r.status, 1);
  const data = JSON.parse(r.stdout) as { file: string; sidecar: string | null; errors: number; warnings: number; diagnostics: Array<{ file: string; code: string; severity: string; line: number; column: number; length: number }> };
  assert.equal(data.file, t.cfg);
  assert.equal(data.sidecar, sidecarOf(t.cfg));
  assert.deepEqual(
    data.diagnostics.map((d) => [d.file, d.code, d.severity, d.line, d.column, d.length]),
    [
      [t.cfg, 'unknown-key', 'error', 24, 6, 6],
      [t.cfg, 'fwmark-without-ports', 'warning', 44, 15, 2],
      [sidecarOf(t.cfg), 'sidecar-type', 'error', 1, 17, 3],
    ],
  );
  assert.deepEqual([data.errors, data.warnings], [2, 1]);
});

test('check: an explicit --config finds the sidecar next to it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lvs-tui-sidecar-'));
  const cfg = join(dir, 'lvs.cf');
  writeFileSync(cfg, sample('direct-fwmark.cf'));
  copyFileSync(join(FIXTURES, 'sidecar', 'http-fwmark80.yaml'), join(dir, 'lvs-tui.yaml'));
  const r = lvsTui(['--config', cfg, 'check']);
  assert.equal(r.status, 0, r.stdout);
  assert.equal(r.stdout, `${join(dir, 'lvs-tui.yaml')}: no problems found\n${cfg}: no problems found\n`);
});

test('check: a sidecar that cannot be read is an I/O error (exit 3)', () => {
  const t = tempRoot();
  mkdirSync(sidecarOf(t.cfg));
  const r = t.run('check');
  assert.equal(r.status, 3);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^lvs-tui: .*lvs-tui\.yaml/);
});

test('check: a sidecar with YAML errors reports them only (no agreement guesses)', () => {
  const t = tempRoot();
  writeFileSync(sidecarOf(t.cfg), 'firewall_marks: [1, 2]]\n');
  const r = t.run('check');
  assert.equal(r.status, 1);
  const lines = r.stdout.trimEnd().split('\n');
  assert.match(lines[0], new RegExp(`^${sidecarOf(t.cfg).replace(/[.]/g, '\\.')}:1:23: error: YAML: .* \\[sidecar-syntax\\]$`));
  assert.deepEqual(lines.slice(1), [`${sidecarOf(t.cfg)}: 1 error, 0 warnings`, `${t.cfg}: no problems found`]);
});
