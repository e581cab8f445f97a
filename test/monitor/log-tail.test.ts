// The log tail: the pure parser and classifier on real Piranha lines (a RHEL 5.5 router's
// /var/log/messages, quoted in a public troubleshooting post), and the file reader on real files
// under a temporary root, a big one included.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LVS_LOG_PROGRAMS, classifyLogText, formatLogLine, parseLvsLogLine, parseSyslogLine, tailLvsLines } from '../../src/monitor/log-tail';
import { journalctlCommand, readFileTail, readLogTail } from '../../src/system/log-source';
import { Command, Runner } from '../../src/system/runner';
import { ExecError } from '../../src/system/io-error';

const RHEL = `Apr 29 08:34:03 RHEL55 pulse[10082]: STARTING PULSE AS MASTER 
Apr 29 08:34:10 RHEL55 sshd[2001]: Accepted publickey for root from 192.0.2.9 port 50022 ssh2
Apr 29 08:34:21 RHEL55 pulse[10082]: partner dead: activating lvs 
Apr 29 08:34:21 RHEL55 lvs[10085]: starting virtual service diff active: 80 
Apr 29 08:34:21 RHEL55 nanny[10089]: starting LVS client monitor for 192.168.142.100:80 -> 192.168.142.158:8080 
Apr 29 08:34:22 RHEL55 lvs[10085]: create_monitor for diff/128 running as pid 10089 
Apr 29 08:34:22 RHEL55 nanny[10089]: [ active ] making 192.168.142.158:8080 available 
Apr 29 08:34:27 RHEL55 pulse[10094]: gratuitous lvs arps finished 
Apr 29 08:35:52 RHEL55 nanny[10089]: Trouble. Received results are not what we expected from (192.168.142.158:8080) 
Apr 29 08:35:52 RHEL55 nanny[10089]: [inactive] shutting down 192.168.142.158:8080 due to connection failure 
Apr 29 08:35:52 RHEL55 nanny[10089]: /sbin/ipvsadm command failed! 
Apr 29 08:35:52 RHEL55 lvs[10085]: nanny died! shutting down lvs 
Apr 29 08:35:52 RHEL55 lvs[10085]: shutting down virtual service diff 
Apr 29 08:36:56 RHEL55 pulse[10082]: Terminating due to signal 15 
May  5 13:02:28 RHEL5 nanny[8378]: [inactive] shutting down 192.168.142.158:8080 due to connection failure 
`;

test('parseSyslogLine: RFC 3164 with a padded day, no pid, rsyslog ISO timestamps; rubbish is null', () => {
  assert.deepEqual(parseSyslogLine('Apr 29 08:34:21 RHEL55 pulse[10082]: partner dead: activating lvs '), { time: 'Apr 29 08:34:21', host: 'RHEL55', program: 'pulse', pid: 10082, text: 'partner dead: activating lvs' });
  assert.deepEqual(parseSyslogLine('May  5 13:02:28 RHEL5 nanny[8378]: x'), { time: 'May  5 13:02:28', host: 'RHEL5', program: 'nanny', pid: 8378, text: 'x' });
  assert.deepEqual(parseSyslogLine('Jan 01 00:00:00 lb1 pulse: heartbeat'), { time: 'Jan 01 00:00:00', host: 'lb1', program: 'pulse', pid: null, text: 'heartbeat' });
  assert.deepEqual(parseSyslogLine('2024-05-01T12:00:00.123456+02:00 lb1 nanny[311]: [ active ] making 10.0.1.11:80 available\r'), { time: '2024-05-01T12:00:00.123456+02:00', host: 'lb1', program: 'nanny', pid: 311, text: '[ active ] making 10.0.1.11:80 available' });
  assert.equal(parseSyslogLine('-- No entries --'), null);
  assert.equal(parseSyslogLine('-- Logs begin at Mon 2024-04-29 08:00:00 UTC, end at Mon 2024-04-29 09:00:00 UTC. --'), null);
  assert.equal(parseSyslogLine(''), null);
  assert.equal(parseSyslogLine('Foo 29 08:34:21 h p: x'), null);
  assert.equal(parseSyslogLine('Apr 29 08:34:21 host'), null);
});

test('classify: down, up, takeover, error, warning, info on Piranha messages', () => {
  const lines = tailLvsLines(RHEL, 100);
  assert.deepEqual(
    lines.map((l) => [l.program, l.severity]),
    [
      ['pulse', 'info'], ['pulse', 'takeover'], ['lvs', 'info'], ['nanny', 'info'], ['lvs', 'info'], ['nanny', 'up'], ['pulse', 'info'], ['nanny', 'warning'],
      ['nanny', 'down'], ['nanny', 'error'], ['lvs', 'error'], ['lvs', 'warning'], ['pulse', 'warning'], ['nanny', 'down'],
    ],
  );
  assert.equal(classifyLogText('partner active: deactivating lvs'), 'warning', 'deactivating is not a takeover');
  assert.equal(classifyLogText('error parsing /etc/sysconfig/ha/lvs.cf at line 3: unknown command'), 'error');
  assert.equal(classifyLogText('gratuitous lvs arps finished'), 'info');
});

test('tailLvsLines: only LVS programs, the last N, oldest first; a chosen program set', () => {
  assert.ok(!tailLvsLines(RHEL, 100).some((l) => l.program === 'sshd'));
  assert.deepEqual(tailLvsLines(RHEL, 2).map((l) => l.time), ['Apr 29 08:36:56', 'May  5 13:02:28']);
  assert.deepEqual(tailLvsLines(RHEL, 0), []);
  assert.equal(tailLvsLines(RHEL, 100, ['pulse']).length, 4);
  assert.equal(parseLvsLogLine('Apr 29 08:34:10 RHEL55 sshd[2001]: hi'), null);
  assert.ok(LVS_LOG_PROGRAMS.includes('send_arp'));
  const down = parseLvsLogLine('Apr 29 08:35:52 RHEL55 nanny[10089]: [inactive] shutting down 192.168.142.158:8080 due to connection failure ');
  assert.ok(down);
  assert.equal(formatLogLine(down), 'Apr 29 08:35:52 RHEL55 nanny[10089]: DOWN: [inactive] shutting down 192.168.142.158:8080 due to connection failure');
});

function tempRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'lvs-tui-log-'));
  mkdirSync(join(root, 'var', 'log'), { recursive: true });
  return root;
}
const keep = (l: string) => parseLvsLogLine(l) !== null;
const failRunner: Runner = { run: async (cmd: Command) => Promise.reject(new ExecError(cmd.file, cmd.args, null, 'should not run')) };

test('readLogTail: /var/log/messages first, then /var/log/syslog; lines as in the file', async () => {
  const root = tempRoot();
  try {
    writeFileSync(join(root, 'var/log/syslog'), 'Apr 29 08:34:27 deb pulse[1]: gratuitous lvs arps finished\n');
    let t = await readLogTail({ root, lines: 10, programs: LVS_LOG_PROGRAMS, keep, runner: failRunner });
    assert.deepEqual([t.source, t.lines, t.note], [join(root, 'var/log/syslog'), ['Apr 29 08:34:27 deb pulse[1]: gratuitous lvs arps finished'], null]);
    writeFileSync(join(root, 'var/log/messages'), RHEL);
    t = await readLogTail({ root, lines: 3, programs: LVS_LOG_PROGRAMS, keep, runner: failRunner });
    assert.equal(t.source, join(root, 'var/log/messages'));
    assert.deepEqual(t.lines.map((l) => l.slice(0, 15)), ['Apr 29 08:35:52', 'Apr 29 08:36:56', 'May  5 13:02:28']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('readFileTail: no final newline, CRLF, a multi-byte character across a 64 KB chunk border, fewer matches than asked', () => {
  const root = tempRoot();
  try {
    const p = join(root, 'var/log/messages');
    const filler = 'x'.repeat(65536 - 40);
    // "é" (2 bytes) lands on the chunk border counted from the end
    const text = `Apr 29 08:00:00 h nanny[1]: first\n${filler}\nApr 29 08:00:01 h nanny[2]: caf\u00e9 ${'y'.repeat(20)}\nApr 29 08:00:02 h pulse[3]: last`;
    writeFileSync(p, text);
    const t = readFileTail(p, 10, keep);
    assert.deepEqual(t.lines, ['Apr 29 08:00:00 h nanny[1]: first', `Apr 29 08:00:01 h nanny[2]: caf\u00e9 ${'y'.repeat(20)}`, 'Apr 29 08:00:02 h pulse[3]: last']);
    assert.equal(t.budgetSpent, false);
    writeFileSync(p, 'Apr 29 08:00:00 h nanny[1]: crlf\r\n');
    assert.deepEqual(tailLvsLines(readFileTail(p, 5, () => true).lines.join('\n'), 5).map((l) => l.text), ['crlf']);
    writeFileSync(p, '');
    assert.deepEqual(readFileTail(p, 5, () => true).lines, []);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a 128 MB messages file: the last lines come from its end, reading a few chunks; the scan budget bounds a file without matches', async () => {
  const root = tempRoot();
  try {
    const p = join(root, 'var/log/messages');
    const fd = openSync(p, 'w');
    const noise = Buffer.from('Apr 29 08:00:00 h kernel: [12345.678] eth0: some driver chatter that is not LVS at all\n'.repeat(12_000));
    const total = 128 * 1024 * 1024;
    for (let written = 0; written < total; written += noise.length) writeSync(fd, noise);
    writeSync(fd, 'Apr 29 09:00:00 h pulse[7]: partner dead: activating lvs\n');
    writeSync(fd, Buffer.from('Apr 29 09:00:01 h kernel: more chatter\n'.repeat(50)));
    writeSync(fd, 'Apr 29 09:00:02 h nanny[8]: [ active ] making 10.0.1.11:80 available\n');
    closeSync(fd);
    const t = readFileTail(p, 2, keep);
    assert.deepEqual(t.lines.map((l) => parseLvsLogLine(l)?.severity), ['takeover', 'up']);
    assert.ok(t.scannedBytes <= 64 * 1024, `read ${t.scannedBytes} bytes`);
    const started = process.hrtime.bigint();
    const sparse = readFileTail(p, 5, keep, 16 * 1024 * 1024);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    assert.equal(sparse.lines.length, 2);
    assert.equal(sparse.budgetSpent, true);
    assert.ok(sparse.scannedBytes >= 16 * 1024 * 1024 && sparse.scannedBytes < 16 * 1024 * 1024 + 65536);
    const viaSource = await readLogTail({ root, lines: 5, programs: LVS_LOG_PROGRAMS, keep, runner: failRunner, scanLimit: 16 * 1024 * 1024 });
    assert.match(viaSource.note ?? '', /only the last 16 MB of .*messages were searched/);
    process.stdout.write(`# 16 MB backwards scan for sparse LVS lines: ${ms.toFixed(1)} ms\n`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('no syslog file: journalctl with the tags (and -D under --root); its failure is a note, not an error', async () => {
  assert.deepEqual(journalctlCommand('/', 20, ['pulse', 'nanny']).args, ['--no-pager', '-q', '-o', 'short', '-n', '20', '-t', 'pulse', '-t', 'nanny']);
  const root = tempRoot();
  try {
    const none = await readLogTail({ root, lines: 5, programs: LVS_LOG_PROGRAMS, keep, runner: failRunner });
    assert.equal(none.source, null);
    assert.match(none.note ?? '', /no \/var\/log\/messages or \/var\/log\/syslog and no journal under/);
    mkdirSync(join(root, 'var/log/journal'));
    const calls: Command[] = [];
    const journal: Runner = {
      run: async (cmd) => {
        calls.push(cmd);
        return { stdout: '-- No entries --\nApr 29 09:00:02 h nanny[8]: [ active ] making 10.0.1.11:80 available\n', stderr: '' };
      },
    };
    const t = await readLogTail({ root, lines: 5, programs: ['pulse', 'nanny'], keep, runner: journal });
    assert.deepEqual(calls.map((c) => [c.file, ...c.args]), [['journalctl', '--no-pager', '-q', '-o', 'short', '-n', '5', '-D', join(root, 'var/log/journal'), '-t', 'pulse', '-t', 'nanny']]);
    assert.deepEqual([t.source, t.lines.length], ['journalctl', 1]);
    const broken: Runner = { run: async (cmd) => Promise.reject(new ExecError(cmd.file, cmd.args, 1, 'No journal files were found.\n')) };
    const b = await readLogTail({ root, lines: 5, programs: ['pulse'], keep, runner: broken });
    assert.deepEqual([b.source, b.note], [null, 'no /var/log/messages or /var/log/syslog, and journalctl gave nothing: No journal files were found.']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
