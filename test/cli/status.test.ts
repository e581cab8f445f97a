// `lvs-tui status` end to end: the real bin/lvs-tui on a temporary root holding the IPVS fixtures in
// proc/net/, an lvs.cf describing some of their services, this host's addresses as
// proc/net/fib_trie, a syslog file, and pulse's stand-in as the sidecar's status command.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliResult, lvsTui } from './harness';
import { FIXTURES } from '../helpers/paths';
import { pulseStandin } from '../helpers/pulse-standin';
import type { StatusJson } from '../../src/present/status-json';
import { readConfigFacts } from '../../src/config/quick-facts';

const IPVS = join(FIXTURES, 'ipvs');
const ROUTER_CF = readFileSync(join(FIXTURES, 'status', 'fixture-router.cf'), 'utf8');
const VIPS = ['10.0.0.10', '10.0.0.53', '10.0.0.100', '10.0.0.25'];

/** /proc/net/fib_trie's form for a host with these local IPv4 addresses */
function fibTrie(addresses: readonly string[]): string {
  const leaves = ['127.0.0.1', ...addresses].map((a) => `     |-- ${a}\n        /32 host LOCAL\n`).join('');
  return `Main:\n  +-- 0.0.0.0/0 3 0 5\n     |-- 0.0.0.0\n        /0 universe UNICAST\nLocal:\n  +-- 0.0.0.0/0 3 0 5\n${leaves}     |-- 192.0.2.255\n        /32 link BROADCAST\n`;
}

interface Router {
  readonly root: string;
  run(...args: string[]): CliResult;
  json(...args: string[]): { r: CliResult; data: StatusJson };
}

function router(opts: { cf?: string | null; ipvs?: boolean; addresses?: readonly string[]; sidecar?: string; messages?: string } = {}): Router {
  const root = mkdtempSync(join(tmpdir(), 'lvs-tui-status-'));
  mkdirSync(join(root, 'proc', 'net'), { recursive: true });
  mkdirSync(join(root, 'etc', 'sysconfig', 'ha'), { recursive: true });
  if (opts.cf !== null) writeFileSync(join(root, 'etc', 'sysconfig', 'ha', 'lvs.cf'), opts.cf ?? ROUTER_CF);
  if (opts.ipvs !== false) {
    copyFileSync(join(IPVS, 'proc-ip_vs.txt'), join(root, 'proc', 'net', 'ip_vs'));
    copyFileSync(join(IPVS, 'proc-ip_vs_stats.txt'), join(root, 'proc', 'net', 'ip_vs_stats'));
  }
  if (opts.addresses) writeFileSync(join(root, 'proc', 'net', 'fib_trie'), fibTrie(opts.addresses));
  if (opts.sidecar !== undefined) writeFileSync(join(root, 'etc', 'sysconfig', 'ha', 'lvs-tui.yaml'), opts.sidecar);
  if (opts.messages !== undefined) {
    mkdirSync(join(root, 'var', 'log'), { recursive: true });
    writeFileSync(join(root, 'var', 'log', 'messages'), opts.messages);
  }
  const run = (...args: string[]) => lvsTui(['--root', root, 'status', ...args]);
  return {
    root,
    run,
    json: (...args) => {
      const r = run('--json', ...args);
      return { r, data: JSON.parse(r.stdout) as StatusJson };
    },
  };
}

const ACTIVE_PRIMARY = ['192.0.2.1', ...VIPS];

test('status: the fixtures\' table against lvs.cf on the active primary: every state in words, exit 1 (degraded)', () => {
  const r = router({ addresses: ACTIVE_PRIMARY }).run();
  assert.equal(r.status, 1, r.stderr);
  assert.equal(r.stderr, '');
  const lines = r.stdout.split('\n');
  assert.equal(lines[0], 'Health   DEGRADED: 5 active virtual servers: 1 down, 1 degraded');
  assert.equal(lines[1], 'Router   active, primary: all 4 floating addresses are up here (primary)');
  assert.match(lines[2], /^lvs\.cf   .*lvs\.cf: serial_no 7, network direct, 5 of 6 virtual servers active, 11 of 13 real servers active, backup 192\.0\.2\.2$/);
  assert.equal(lines[3], 'IPVS     version 1.2.1, connection hash table 4096; read from /proc (no per-service counters without ipvsadm)');
  const row = (start: string) => {
    const l = lines.find((x) => x.startsWith(start));
    assert.ok(l, `no line starting ${JSON.stringify(start)} in\n${r.stdout}`);
    return l.split(/\s{2,}/);
  };
  assert.deepEqual(row('web ').slice(0, 7), ['web', 'TCP 10.0.0.10:80 wlc', 'live', 'degraded', '5', '3', '-']);
  assert.deepEqual(row('  web3').slice(0, 8), ['', 'web3', '10.0.1.13:80', 'quiesced', '0/100', '1', '0', '-']);
  assert.deepEqual(row('  web4').slice(1, 4), ['web4', '10.0.1.14:80', 'down']);
  assert.match(lines.find((l) => l.startsWith('https'))!, /2 of 2 real servers up, 1 ramping up/);
  assert.match(lines.find((l) => l.startsWith('mail'))!, /missing\s+down/);
  assert.match(r.stdout, /\n-\s+TCP \[2001:db8:10::10\]:80 wlc\s+unconfigured/);
  assert.match(r.stdout, /\nTraffic  26677379 connections since IPVS was loaded \(or zeroed\); 384 conn\/s, 3797 packets\/s in, 476\.5 KiB\/s in, 117\.0 KiB\/s out; rates: the kernel's estimator/);
  assert.match(r.stdout, /\nProcesses: no pulse, lvsd, nanny or sync daemon is running\n/);
});

test('status --json: schema 1, the merged table, the role and the exit code it ends with', () => {
  const { r, data } = router({ addresses: ACTIVE_PRIMARY }).json();
  assert.equal(r.status, 1);
  assert.equal(data.schema, 1);
  assert.equal(data.health, 'degraded');
  assert.equal(data.exit_code, 1);
  assert.deepEqual([data.router.role, data.router.which, data.router.redundancy], ['active', 'primary', true]);
  assert.deepEqual(data.router.addresses.map((a) => [a.address, a.up]), VIPS.map((a) => [a, true]));
  assert.deepEqual([data.ipvs.available, data.ipvs.version, data.ipvs.source], [true, '1.2.1', 'proc']);
  assert.deepEqual(
    data.services.map((s) => [s.name, s.id, s.state, s.health]),
    [
      ['web', 'TCP 10.0.0.10:80', 'live', 'degraded'],
      ['https', 'TCP 10.0.0.10:443', 'live', 'ok'],
      ['dns', 'UDP 10.0.0.53:53', 'live', 'ok'],
      ['syslog', 'UDP 10.0.0.60:514', 'inactive', null],
      ['marked', 'FWM 100', 'live', 'ok'],
      ['mail', 'TCP 10.0.0.25:25', 'missing', 'down'],
      [null, 'TCP 10.0.0.20:8080', 'unconfigured', null],
      [null, 'SCTP 10.0.0.70:3868', 'unconfigured', null],
      [null, 'TCP [2001:db8:10::10]:80', 'unconfigured', null],
    ],
  );
  const web = data.services[0];
  assert.deepEqual([web.protocol, web.address, web.port, web.fwmark], ['TCP', '10.0.0.10', 80, null]);
  assert.deepEqual(web.servers.map((s) => [s.name, s.state, s.weight.live, s.weight.configured, s.activeconns]), [
    ['web1', 'up', 100, 100, 2],
    ['web2', 'up', 100, 100, 2],
    ['web3', 'quiesced', 0, 100, 1],
    ['web4', 'down', null, 100, null],
    ['web5', 'inactive', null, 100, null],
  ]);
  assert.deepEqual([data.services[4].protocol, data.services[4].fwmark, data.services[4].address], ['FWM', 100, null]);
  assert.deepEqual(data.counts.servers, { up: 7, ramping: 1, quiesced: 1, down: 1, inactive: 2, sorry: 0, unconfigured: 7, missing: 1, unknown: 0 });
  assert.equal(data.total?.conns, 26677379);
  assert.deepEqual(data.rates, { basis: 'kernel', interval_seconds: null });
  assert.equal(data.total_rate?.cps, 384);
  assert.match(data.generated_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
});

test('status --json: lvs.cf read quickly (plain) or by the full parser (CR LF) gives the same document', () => {
  // status reads the plain shape with the quick reader and anything else with the parser
  assert.notEqual(readConfigFacts(Buffer.from(ROUTER_CF)), null, 'the fixture should be of the plain shape');
  const crlf = ROUTER_CF.replace(/\n/g, '\r\n');
  assert.equal(readConfigFacts(Buffer.from(crlf)), null);
  const document = (cf: string) => {
    const at = router({ cf, addresses: ACTIVE_PRIMARY });
    const data = JSON.parse(at.run('--json').stdout.replaceAll(at.root, 'ROOT')) as StatusJson;
    return { ...data, generated_at: null };
  };
  const plain = document(ROUTER_CF);
  assert.deepEqual(document(crlf), plain);
  assert.equal(plain.services.length, 9);
});

test('status: a healthy router exits 0', () => {
  const cf = ROUTER_CF.replace(/\nvirtual web \{[\s\S]*?\n\}\n/, '\n').replace(/\nvirtual mail \{[\s\S]*?\n\}\n/, '\n').replace('weight = 4', 'weight = 1');
  const { r, data } = router({ cf, addresses: ['192.0.2.1', '10.0.0.10', '10.0.0.53', '10.0.0.100'] }).json();
  assert.equal(r.status, 0, data.summary);
  assert.deepEqual([data.health, data.summary], ['ok', 'all 3 active virtual servers up']);
});

test('status: the standby (backup address, no VIP, IPVS not loaded) is healthy and says so', () => {
  const t = router({ ipvs: false, addresses: ['192.0.2.2'] });
  const r = t.run();
  assert.equal(r.status, 0, r.stdout);
  const lines = r.stdout.split('\n');
  assert.equal(lines[0], 'Health   OK: standby (backup): the services run on the active router');
  assert.equal(lines[1], 'Router   standby, backup: none of 4 floating addresses is up here (backup)');
  assert.equal(lines[3], 'IPVS     IPVS is not loaded (no /proc/net/ip_vs): modprobe ip_vs, or start pulse');
  assert.match(r.stdout, /\nmail\s+TCP 10\.0\.0\.25:25\s+missing\s+down\s/);
  const { data } = t.json();
  assert.deepEqual([data.ipvs.available, data.ipvs.reason, data.router.role, data.health], [false, 'not-loaded', 'standby', 'ok']);
});

test('status: no IPVS and no VIPs on a router without a backup is down (pulse is not running), exit 1', () => {
  const cf = ROUTER_CF.replace('backup_active = 1', 'backup_active = 0');
  const { r, data } = router({ cf, ipvs: false, addresses: ['192.0.2.1'] }).json();
  assert.equal(r.status, 1);
  assert.equal(data.health, 'down');
  assert.match(data.summary, /^no VIP is up and lvs\.cf has no backup router: pulse is not running here/);
});

test('status: VIPs only partly up is an alarm even when the table is fine', () => {
  const { r, data } = router({ addresses: ['192.0.2.1', '10.0.0.10'] }).json();
  assert.equal(r.status, 1);
  assert.equal(data.router.role, 'partial');
  assert.match(data.summary, /^only some VIPs are up on this router \(1 of 4 floating addresses up; not up: 10\.0\.0\.53, 10\.0\.0\.100, 10\.0\.0\.25 \(primary\)\)/);
});

test('status without --root on this machine (no IPVS in its kernel): "IPVS is not loaded", never a crash', { skip: existsSync('/proc/net/ip_vs') ? 'this kernel has IPVS' : false }, () => {
  const r = lvsTui(['status', '--config', join(FIXTURES, 'status', 'fixture-router.cf')]);
  assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
  assert.equal(r.stderr, '');
  assert.match(r.stdout, /\nIPVS     IPVS is not loaded \(no \/proc\/net\/ip_vs\)/);
  const data = JSON.parse(lvsTui(['status', '--json', '--config', join(FIXTURES, 'status', 'fixture-router.cf')]).stdout) as StatusJson;
  assert.equal(data.ipvs.available, false);
  assert.equal(data.router.address_source, 'ip -o addr show');
  assert.ok(data.services.filter((s) => s.state !== 'inactive').every((s) => s.state === 'missing'));
});

test('status: a temp root without proc/net/ip_vs says IPVS is not loaded', () => {
  const { data } = router({ ipvs: false, addresses: ACTIVE_PRIMARY }).json();
  assert.deepEqual([data.ipvs.available, data.ipvs.reason], [false, 'not-loaded']);
  assert.equal(data.summary, 'IPVS is not loaded: none of 5 active virtual servers is in the table');
  assert.equal(data.exit_code, 1);
});

test('status: an unreadable table or lvs.cf exits 3 and still shows what it could read', () => {
  const t = router({ ipvs: false, addresses: ACTIVE_PRIMARY });
  mkdirSync(join(t.root, 'proc', 'net', 'ip_vs'));
  const { r, data } = t.json();
  assert.equal(r.status, 3);
  assert.deepEqual([data.health, data.ipvs.available, data.ipvs.reason], ['unknown', false, 'unreadable']);
  assert.ok(data.services.filter((s) => s.state !== 'inactive').every((s) => s.state === 'unknown'));

  const noCf = router({ cf: null, addresses: ACTIVE_PRIMARY });
  const text = noCf.run();
  assert.equal(text.status, 3);
  assert.match(text.stdout, /^Health   UNKNOWN: lvs\.cf could not be read: cannot read .*lvs\.cf: no such file\n/);
  const j = noCf.json().data;
  assert.match(j.config.problem ?? '', /no such file/);
  assert.equal(j.services.length, 8, 'the live services are all shown, as unconfigured');
  assert.ok(j.services.every((s) => s.state === 'unconfigured'));
});

test('status --interval: two samples, rates measured between them', () => {
  const { r, data } = router({ addresses: ACTIVE_PRIMARY }).json('--interval', '0.2');
  assert.equal(r.status, 1);
  assert.deepEqual(data.rates, { basis: 'counters', interval_seconds: 0.2 });
  assert.deepEqual(data.total_rate, { cps: 0, inpps: 0, outpps: 0, inbps: 0, outbps: 0 }, 'the fixture files do not change between the samples');
});

test('status: usage errors exit 2', () => {
  const t = router({ addresses: ACTIVE_PRIMARY });
  for (const bad of [['--interval', '0'], ['--interval', '61'], ['--interval', 'soon'], ['extra'], ['--yes']]) {
    const r = t.run(...bad);
    assert.equal(r.status, 2, `${bad.join(' ')}: ${r.stderr}`);
    assert.equal(r.stdout, '');
  }
});

test('status: pulse from the sidecar\'s status command, the firewall marks, and the recent LVS log lines', () => {
  const pulse = pulseStandin({ running: true });
  try {
    const sidecar = `firewall_marks:\n  - mark: 100\n    protocol: tcp\n    ports: [80, 443]\npulse:\n  manager: command\n  status: ${JSON.stringify(pulse.commands.status)}\n  reload: ${JSON.stringify(pulse.commands.reload)}\n  restart: ${JSON.stringify(pulse.commands.restart)}\n`;
    const messages = [
      'Nov 25 10:00:01 lvs1 kernel: unrelated line',
      'Nov 25 10:00:02 lvs1 pulse[2101]: STARTING PULSE AS MASTER',
      'Nov 25 10:00:09 lvs1 nanny[2120]: [inactive] shutting down 10.0.1.14:80 due to connection failure',
      'Nov 25 10:00:10 lvs1 sshd[99]: Accepted publickey',
      '',
    ].join('\n');
    const t = router({ addresses: ACTIVE_PRIMARY, sidecar, messages });
    const { data } = t.json();
    assert.deepEqual([data.pulse.installed, data.pulse.running, data.pulse.manager], [true, true, 'command']);
    assert.deepEqual(data.sidecar.present, true);
    assert.deepEqual(data.services[4].marks, [{ protocol: 'tcp', ports: '80,443', vip: null }]);
    assert.equal(data.log.source, join(t.root, 'var', 'log', 'messages'));
    assert.deepEqual(data.log.lines.map((l) => [l.program, l.pid, l.text]), [
      ['pulse', 2101, 'STARTING PULSE AS MASTER'],
      ['nanny', 2120, '[inactive] shutting down 10.0.1.14:80 due to connection failure'],
    ]);
    const text = t.run().stdout;
    assert.match(text, /\nPulse    running: /);
    assert.match(text, /\nmarked\s+FWM 100 \(tcp 10\.0\.0\.100:80,443\) wlc persistent 600\s+live/);
    assert.match(text, /\nLog \(.*messages\)\nNov 25 10:00:02 lvs1 pulse\[2101\]: /);
  } finally {
    pulse.remove();
  }
});
