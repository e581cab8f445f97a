// Read-only commands, help, version and exit codes of the real binary.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { parse as parseYaml } from 'yaml';
import { BIN, REPO, SAMPLES } from '../helpers/paths';
import { lvsTui, sample, tempRoot } from './harness';

const DIAG_LINE = /^(.+):(\d+):(\d+): (error|warning): (.+) \[([a-z0-9-]+)\]$/;

test('--help prints the overview on stdout, exit 0, lines fit 80 columns', () => {
  const r = lvsTui(['--help']);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /^Usage: lvs-tui \[OPTIONS\] COMMAND \[ARGS\]/);
  for (const c of ['check', 'print', 'list', 'get', 'set', 'unset', 'add virtual', 'add server', 'delete', 'rename', 'enable|disable', 'export', 'history', 'restore N']) {
    assert.ok(r.stdout.includes(c), `--help mentions ${c}`);
  }
  for (const o of ['--config PATH', '--root DIR', '--dry-run', '--force', '--version']) assert.ok(r.stdout.includes(o), o);
  for (const line of r.stdout.split('\n')) assert.ok(line.length <= 80, `too wide: ${line}`);
  assert.equal(r.stderr, '');
});

// How fast --help answers is measured by `npm run bench`, not asserted here (timed tests flake on
// loaded machines); what makes it fast is asserted: the CLI loads none of the heavy modules.
test('--help loads neither blessed, blessed-contrib, ssh2 nor yaml', () => {
  const help = spawnSync(BIN, ['--help'], { encoding: 'utf8' });
  assert.equal(help.status, 0, help.stderr);
  const probe = `require(${JSON.stringify(join(REPO, 'dist', 'src', 'cli', 'run.js'))});` +
    `const m = Object.keys(require.cache).filter((k) => /node_modules[\\\\/](blessed|blessed-contrib|ssh2|yaml)[\\\\/]/.test(k));` +
    `process.stdout.write(JSON.stringify(m));`;
  const r = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), []);
});

test('help COMMAND and COMMAND --help print that command\'s usage', () => {
  for (const c of ['check', 'print', 'list', 'get', 'set', 'unset', 'add', 'delete', 'rename', 'enable', 'disable', 'export', 'history', 'restore', 'help']) {
    const a = lvsTui(['help', c]);
    assert.equal(a.status, 0, c);
    assert.match(a.stdout, new RegExp(`^Usage: lvs-tui ${c}`), c);
    const b = lvsTui([c, '--help']);
    assert.equal(b.status, 0);
    assert.equal(b.stdout, a.stdout);
  }
  assert.equal(lvsTui(['help', 'frob']).status, 2);
});

test('--version prints the version of package.json', () => {
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
  for (const flag of ['--version', '-V']) {
    const r = lvsTui([flag]);
    assert.equal(r.status, 0);
    assert.equal(r.stdout, `lvs-tui ${pkg.version}\n`);
  }
});

test('no command without a terminal: the TUI says it needs one, usage, exit 2', () => {
  for (const argv of [[], ['tui'], ['--read-only'], ['tui', '--demo']]) {
    const r = lvsTui(argv);
    assert.equal(r.status, 2, argv.join(' '));
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /the terminal UI needs a terminal/);
    assert.match(r.stderr, /Usage: lvs-tui \[tui\]/);
  }
  assert.match(lvsTui(['--dry-run']).stderr, /option --dry-run needs a command/);
});

test('usage errors exit 2 with a short hint', () => {
  const t = tempRoot();
  const cases: Array<[string[], RegExp]> = [
    [['frob'], /unknown command "frob"/],
    [['check', '--frob'], /unknown option --frob/],
    [['check', '--config'], /option --config needs a value/],
    [['get'], /missing KEY/],
    [['get', 'a', 'b'], /get takes one KEY/],
    [['set'], /missing KEY=VALUE/],
    [['set', 'port'], /expected KEY=VALUE, got "port"/],
    [['unset'], /missing KEY/],
    [['add'], /add what\?/],
    [['add', 'virtual'], /missing NAME/],
    [['add', 'server', 'x', 'address=1.2.3.4'], /add server needs --virtual V/],
    [['add', 'virtual', '--virtual', 'www', 'x'], /takes the name as an argument/],
    [['delete', 'virtual'], /missing NAME/],
    [['delete', 'virtual', 'a', 'b'], /too many arguments: b/],
    [['rename', 'virtual', 'www'], /missing NEW name/],
    [['enable', 'thing', 'x'], /takes "virtual" or "server"/],
    [['get', '--server', 's', 'port'], /--server needs --virtual/],
    [['set', '--json', 'port=1'], /option --json does not apply to set/],
    [['export'], /missing --format json\|yaml/],
    [['export', '--format', 'xml'], /unknown format "xml"/],
    [['restore'], /missing N/],
    [['restore', 'x'], /N must be a version number/],
    [['check', 'extra'], /check takes no arguments/],
    [['--dry-run=1', 'check'], /takes no value/],
  ];
  for (const [args, message] of cases) {
    const r = t.run(...args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message, args.join(' '));
    assert.match(r.stderr, /Usage: lvs-tui|Try 'lvs-tui/, args.join(' '));
    assert.equal(r.stdout, '');
  }
  assert.equal(t.read(), sample('nat-http-ftp.cf'));
});

test('a missing file is an I/O error: exit 3 and a clear message, for reading and writing commands', () => {
  for (const args of [['check'], ['print'], ['list'], ['get', 'primary'], ['export', '--format', 'json'], ['set', 'keepalive=6'], ['add', 'virtual', 'v', 'address=10.0.0.1 eth0:1']]) {
    const r = lvsTui(['--config', '/nonexistent/x/lvs.cf', '--root', '/nonexistent/root', ...args]);
    assert.equal(r.status, 3, args.join(' '));
    assert.equal(r.stderr, 'lvs-tui: cannot read /nonexistent/x/lvs.cf: no such file\n');
  }
  const t = tempRoot();
  const r = lvsTui(['--config', t.root, 'print']);
  assert.equal(r.status, 3);
  assert.match(r.stderr, /is a directory/);
});

test('--root DIR takes the default lvs.cf under DIR; an explicit --config wins', () => {
  const t = tempRoot(sample('direct-fwmark.cf'));
  assert.equal(t.run('get', 'primary').stdout, '198.51.100.2\n');
  const other = tempRoot(sample('handwritten-dns.cf'));
  assert.equal(lvsTui(['--root', t.root, '--config', other.cfg, 'get', 'primary']).stdout, '192.0.2.1\n');
  assert.equal(lvsTui(['get', 'primary', `--root=${t.root}`]).stdout, '198.51.100.2\n');
});

test('print gives back every spec sample byte for byte', () => {
  for (const name of readdirSync(SAMPLES).filter((n) => n.endsWith('.cf'))) {
    const bytes = readFileSync(join(SAMPLES, name));
    const r = spawnSync(process.execPath, [BIN, '--config', join(SAMPLES, name), 'print']);
    assert.equal(r.status, 0, name);
    assert.ok(Buffer.compare(r.stdout, bytes) === 0, name);
  }
});

test('print exits 0 on an invalid file and keeps its bytes (CRLF, unknown keys, no final newline)', () => {
  const content = Buffer.from('primary = 10.0.0.1\r\nbogus_key = 1\r\nvirtual v {\r\n\tactive = 1\r\n}', 'latin1');
  const t = tempRoot(content);
  const r = spawnSync(process.execPath, [BIN, '--config', t.cfg, 'print']);
  assert.equal(r.status, 0);
  assert.ok(Buffer.compare(r.stdout, content) === 0);
});

test('check: the spec samples are clean; diagnostics are PATH:LINE:COL lines on stdout; errors exit 1', () => {
  for (const name of readdirSync(SAMPLES).filter((n) => n.endsWith('.cf'))) {
    const r = lvsTui(['--config', join(SAMPLES, name), 'check']);
    assert.equal(r.status, 0, `${name}: ${r.stdout}`);
  }
  const t = tempRoot(sample('nat-http-ftp.cf').replace('     port = 80\n', '     port = 80\n     colour = blue\n'));
  const r = t.run('check');
  assert.equal(r.status, 1);
  const lines = r.stdout.trimEnd().split('\n');
  const diags = lines.filter((l) => DIAG_LINE.test(l));
  const unknown = diags.find((l) => l.endsWith('[unknown-key]'));
  assert.ok(unknown, r.stdout);
  assert.ok(unknown.startsWith(`${t.cfg}:24:6: error: `), unknown);
  assert.match(lines[lines.length - 1], new RegExp(`^${t.cfg.replace(/[.]/g, '\\.')}: \\d+ errors?, \\d+ warnings?$`));
});

test('check --json: diagnostics with counts', () => {
  const t = tempRoot(sample('nat-http-ftp.cf').replace('     port = 80\n', '     port = 80\n     colour = blue\n'));
  const r = t.run('check', '--json');
  assert.equal(r.status, 1);
  const data = JSON.parse(r.stdout) as { file: string; errors: number; warnings: number; diagnostics: Array<{ severity: string; code: string; line: number; column: number; length: number; message: string }> };
  assert.equal(data.file, t.cfg);
  assert.equal(data.errors, data.diagnostics.filter((d) => d.severity === 'error').length);
  assert.equal(data.warnings, data.diagnostics.length - data.errors);
  const d = data.diagnostics.find((x) => x.code === 'unknown-key');
  assert.deepEqual(d && [d.line, d.column, d.length, d.severity], [24, 6, 6, 'error']);
  const clean = lvsTui(['--config', join(SAMPLES, 'nat-http-ftp.cf'), 'check', '--json']);
  assert.equal(clean.status, 0);
  // No lvs-tui.yaml beside the sample: the fwmark 21 service has no marked ports (a warning, issue 3).
  const cleanData = JSON.parse(clean.stdout) as typeof data & { sidecar: string | null };
  assert.deepEqual([cleanData.file, cleanData.sidecar, cleanData.errors, cleanData.warnings], [join(SAMPLES, 'nat-http-ftp.cf'), null, 0, 1]);
  assert.deepEqual(cleanData.diagnostics.map((x) => x.code), ['fwmark-without-ports']);
});

test('list: virtual servers and their real servers, text and --json', () => {
  const t = tempRoot();
  const r = t.run('list');
  assert.equal(r.status, 0);
  assert.equal(
    r.stdout,
    [
      'NAME    STATUS  SERVICE                        DEVICE    SCHEDULER',
      'www     active  tcp 203.0.113.100:80           eth0:1    wlc',
      '  web1  active  192.168.10.11:80               weight 1',
      'ftp     active  tcp fwmark 21 (203.0.113.100)  eth0:1    wlc persistent 1800',
      '  ftp1  active  192.168.10.21:21               weight 1',
      '',
    ].join('\n'),
  );
  const j = JSON.parse(t.run('list', '--json').stdout) as Array<{ name: string; port: string; fwmark: number; servers: Array<{ name: string; port: string; weight: number; active: boolean }> }>;
  assert.deepEqual(j.map((v) => [v.name, v.port, v.fwmark]), [['www', '80', 0], ['ftp', '21', 21]]);
  assert.deepEqual(j[0].servers, [{ name: 'web1', active: true, address: '192.168.10.11', port: '80', weight: 1 }]);
  const dns = lvsTui(['--config', join(SAMPLES, 'handwritten-dns.cf'), 'list', '--json']);
  assert.equal((JSON.parse(dns.stdout) as Array<{ protocol: string; port: string }>)[0].protocol, 'udp');
});

test('get: the value only; defaults when unset; exit 1 without a value', () => {
  const t = tempRoot();
  const ok = (args: string[], out: string) => {
    const r = t.run('get', ...args);
    assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stdout, out, args.join(' '));
  };
  ok(['serial_no'], '12\n');
  ok(['nat_router'], '192.168.10.254 eth1:1\n');
  ok(['--virtual', 'www', 'send'], 'GET / HTTP/1.0\\r\\n\\r\\n\n'); // unquoted, escapes as written
  ok(['--virtual', 'www', 'address'], '203.0.113.100 eth0:1\n');
  ok(['--virtual', 'www', 'persistent'], '0\n'); // daemon default
  ok(['hard_shutdown'], '1\n');
  ok(['--virtual', 'www', '--server', 'web1', 'port'], '80\n'); // from its virtual
  ok(['--virtual', 'ftp', '--server', 'ftp1', 'port'], '21\n');
  const fail = (args: string[], message: RegExp) => {
    const r = t.run('get', ...args);
    assert.equal(r.status, 1, args.join(' '));
    assert.equal(r.stdout, '');
    assert.match(r.stderr, message);
  };
  fail(['tcp_timeout_x'], /"tcp_timeout_x" is not a key of the global settings/);
  fail(['primary_shared'], /primary_shared is not set in the global settings and has no default/);
  fail(['--virtual', 'nope', 'port'], /no virtual "nope"/);
  fail(['--virtual', 'www', '--server', 'nope', 'port'], /no server "nope" of virtual "www"/);
});

test('export --format json and yaml: effective settings with from and line', () => {
  const t = tempRoot();
  const r = t.run('export', '--format', 'json');
  assert.equal(r.status, 0, r.stderr);
  type Ex = {
    file: string;
    global: { settings: Record<string, { value: string; from: string; line: number | null }> };
    redundancy: { settings: Record<string, { value: string; from: string; line: number | null }> };
    virtuals: Array<{ name: string; line: number; settings: Record<string, { value: string; from: string; line: number | null }>; servers: Array<{ name: string; settings: Record<string, { value: string; from: string; line: number | null }> }> }>;
  };
  const j = JSON.parse(r.stdout) as Ex;
  assert.equal(j.file, t.cfg);
  assert.deepEqual(j.global.settings.serial_no, { value: '12', from: 'file', line: 1 });
  assert.deepEqual(j.global.settings.hard_shutdown, { value: '1', from: 'default', line: null });
  assert.deepEqual(j.redundancy.settings.keepalive, { value: '6', from: 'file', line: 11 });
  assert.equal(j.global.settings.keepalive, undefined);
  assert.deepEqual(j.virtuals.map((v) => [v.name, v.line]), [['www', 19], ['ftp', 39]]);
  assert.deepEqual(j.virtuals[0].settings.send, { value: 'GET / HTTP/1.0\\r\\n\\r\\n', from: 'file', line: 24 });
  assert.deepEqual(j.virtuals[0].settings.persistent, { value: '0', from: 'default', line: null });
  assert.deepEqual(j.virtuals[0].servers[0].settings.port, { value: '80', from: 'virtual', line: 23 });
  const y = t.run('export', '--format', 'yaml');
  assert.equal(y.status, 0);
  assert.deepEqual(parseYaml(y.stdout), j);
});

test('reading commands take no lock and write nothing', () => {
  const t = tempRoot();
  for (const args of [['check'], ['print'], ['list'], ['get', 'primary'], ['export', '--format', 'yaml'], ['history']]) {
    assert.equal(t.run(...args).status, 0, args.join(' '));
  }
  assert.deepEqual(readdirSync(t.root).sort(), ['etc']);
});
