// The check tester's pure core: nanny's escapes, what it sends/reads for a configuration, and its
// verdict on a reply or a program's output (nanny.c convert_str, main, pinger, external_check).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { convertNannyEscapes, showBytes } from '../../src/checks/nanny-escapes';
import { CheckTarget, MonitorSettings, describeCheck, programArgv } from '../../src/checks/check-spec';
import { judgeProbe, judgeProgram, programAnswer } from '../../src/checks/judge';
import { ProbeOutcome } from '../../src/system/check-probe';

const conv = (s: string) => convertNannyEscapes(Buffer.from(s, 'latin1'));

test('escapes: the six nanny converts, left to right', () => {
  assert.equal(conv('GET / HTTP/1.0\\r\\n\\r\\n').bytes.toString('latin1'), 'GET / HTTP/1.0\r\n\r\n');
  assert.equal(conv('a\\tb\\\\c\\\'d\\"e').bytes.toString('latin1'), 'a\tb\\c\'d"e');
  // \\n is a backslash then n: the converted backslash is not read again
  assert.equal(conv('\\\\n').bytes.toString('latin1'), '\\n');
  assert.equal(conv('plain').hangsOn, null);
});

test('escapes: any other backslash, or one at the end, hangs nanny; a one-byte string is left alone', () => {
  assert.equal(conv('\\d+').hangsOn, '\\d');
  assert.equal(conv('HTTP\\').hangsOn, '\\');
  assert.equal(conv('ok\\x41').hangsOn, '\\x');
  assert.deepEqual(conv('\\'), { bytes: Buffer.from('\\'), hangsOn: null });
});

test('showBytes: readable, escaped, cut', () => {
  assert.equal(showBytes(Buffer.from('HTTP/1.1 200\r\n\t\\\x00\xff', 'latin1')), 'HTTP/1.1 200\\r\\n\\t\\\\\\x00\\xff');
  assert.equal(showBytes(Buffer.from('abcdef'), 3), 'abc…');
});

const settings = (over: Partial<MonitorSettings> = {}): MonitorSettings => ({ protocol: 'tcp', port: '80', timeout: null, send: null, expect: null, useRegex: null, sendProgram: null, ...over });
const target: CheckTarget = { virtual: 'www', server: 'web1', address: '10.0.0.1', port: '8080', active: true, inactiveWhy: null };

test('describe: port 80 with nothing configured falls back to GET / and "HTTP"; timeout defaults to 10 s', () => {
  const spec = describeCheck(settings(), target);
  assert.equal(spec.send!.toString('latin1'), 'GET / HTTP/1.0\r\n\r\n');
  assert.equal(spec.expect!.toString('latin1'), 'HTTP');
  assert.equal(spec.readLength, 4);
  assert.equal(spec.timeoutS, 10);
  assert.equal(spec.port, 8080);
  // not on another port: a bare connect
  const bare = describeCheck(settings({ port: '443' }), target);
  assert.equal(bare.send, null);
  assert.equal(bare.expect, null);
  assert.equal(bare.readLength, 0);
});

test('describe: read lengths (strlen, 254 for a regex, 1 for UDP without expect), "*" and send_program', () => {
  assert.equal(describeCheck(settings({ expect: 'x'.repeat(300) }), target).readLength, 254);
  assert.equal(describeCheck(settings({ expect: 'OK', useRegex: '1' }), target).readLength, 254);
  assert.equal(describeCheck(settings({ protocol: 'udp', port: '53' }), target).readLength, 1);
  assert.equal(describeCheck(settings({ expect: '*' }), target).wildcard, true);
  assert.equal(describeCheck(settings({ expect: '*', useRegex: '1' }), target).wildcard, false);
  const prog = describeCheck(settings({ sendProgram: '/usr/local/bin/check  %h --port=%p %p', send: 'x', expect: 'OK' }), target);
  assert.deepEqual(prog.program, ['/usr/local/bin/check', '10.0.0.1', '--port=%p', '8080']);
  assert.equal(prog.send, null);
  assert.equal(prog.kind, 'program');
  assert.deepEqual(programArgv('a %h', '1.2.3.4', 1), ['a', '1.2.3.4']);
  assert.match(describeCheck(settings({ sendProgram: `/bin/${'x'.repeat(260)}` }), target).cannotRun!, /254 bytes/);
  assert.match(describeCheck(settings({ expect: '\\d' }), target).cannotRun!, /hang/);
  assert.match(describeCheck(settings(), { ...target, port: 'gopherish' }).cannotRun!, /not a port number/);
});

const reply = (s: string): ProbeOutcome => ({ kind: 'reply', bytes: Buffer.from(s, 'latin1') });
const judge = (over: Partial<MonitorSettings>, outcome: ProbeOutcome) => judgeProbe(describeCheck(settings({ port: '8080', ...over }), target), { outcome, connectMs: 1, totalMs: 2 });

test('judge: the prefix of exactly strlen(expect) bytes, one read', () => {
  assert.equal(judge({ expect: 'HTTP' }, reply('HTTP/1.1 200 OK')).verdict, 'pass');
  assert.equal(judge({ expect: 'HTTP' }, reply('HTT')).verdict, 'fail');
  assert.match(judge({ expect: 'HTTP' }, reply('HTT')).reason, /short reply/);
  assert.equal(judge({ expect: 'HTTP' }, reply('http/1.1')).verdict, 'fail');
  assert.match(judge({ expect: 'HTTP' }, reply('')).reason, /closed the connection without a reply/);
  assert.equal(judge({ expect: 'OK\\r\\n' }, reply('OK\r\nmore')).verdict, 'pass');
  assert.equal(judge({ expect: '' }, reply('')).verdict, 'pass');
});

test('judge: "*" accepts any reply, even none; a regex matches anywhere in the first 254 bytes, before any NUL', () => {
  assert.equal(judge({ expect: '*' }, reply('')).verdict, 'pass');
  assert.equal(judge({ expect: '*' }, reply('anything')).verdict, 'pass');
  assert.equal(judge({ expect: '*' }, { kind: 'read-timeout' }).verdict, 'fail');
  assert.equal(judge({ expect: '2[0-9]{2}', useRegex: '1' }, reply('HTTP/1.1 204 No Content')).verdict, 'pass');
  assert.equal(judge({ expect: '^OK$', useRegex: '1' }, reply('OK')).verdict, 'pass');
  assert.equal(judge({ expect: '200', useRegex: '1' }, reply(`${'x'.repeat(260)}200`)).verdict, 'fail');
  assert.equal(judge({ expect: '200', useRegex: '1' }, reply('x\x00 200')).verdict, 'fail');
  assert.match(judge({ expect: '(', useRegex: '1' }, reply('(')).reason, /not a POSIX regular expression/);
});

test('judge: I/O failures, and UDP replies without expect (nanny 0.8.6 crashes there)', () => {
  assert.match(judge({ expect: 'x' }, { kind: 'connect-error', code: 'ECONNREFUSED', message: '' }).reason, /connection refused/);
  assert.match(judge({ expect: 'x' }, { kind: 'connect-timeout' }).reason, /connect timed out after 10 s/);
  assert.equal(judge({}, { kind: 'connected' }).verdict, 'pass');
  assert.match(judge({ protocol: 'udp' }, reply('pong')).reason, /crashes/);
  assert.match(judge({ protocol: 'udp', expect: 'x' }, { kind: 'read-error', code: 'ECONNREFUSED', message: '' }).reason, /port unreachable/);
});

test('judge programs: output minus its last byte compared exactly; a non-zero exit or a timeout is down', () => {
  const spec = describeCheck(settings({ sendProgram: '/bin/check %h', expect: 'OK' }), target);
  assert.deepEqual(programAnswer(Buffer.from('OK\n')), Buffer.from('OK'));
  assert.deepEqual(programAnswer(Buffer.from('OK')), Buffer.from('O'));
  assert.deepEqual(programAnswer(Buffer.alloc(0)), Buffer.alloc(0));
  assert.equal(programAnswer(Buffer.alloc(5000, 0x41)).length, 4094);
  assert.equal(judgeProgram(spec, { kind: 'exited', status: 0, stdout: Buffer.from('OK\n'), ms: 1 }).verdict, 'pass');
  assert.equal(judgeProgram(spec, { kind: 'exited', status: 0, stdout: Buffer.from('OK\n\n'), ms: 1 }).verdict, 'fail');
  assert.equal(judgeProgram(spec, { kind: 'exited', status: 0, stdout: Buffer.from('OK'), ms: 1 }).verdict, 'fail');
  const failed = judgeProgram(spec, { kind: 'failed', status: 1, why: 'exited with status 1', ms: 1 });
  assert.equal(failed.verdict, 'fail');
  assert.match(failed.reason, /exited with status 1: nanny counts that as down$/);
  assert.equal(judgeProgram(spec, { kind: 'timeout', ms: 1 }).verdict, 'fail');
  const noExpect = describeCheck(settings({ sendProgram: '/bin/check %h' }), target);
  assert.equal(judgeProgram(noExpect, { kind: 'timeout', ms: 1 }).verdict, 'fail');
  assert.equal(judgeProgram(noExpect, { kind: 'exited', status: 0, stdout: Buffer.alloc(0), ms: 1 }).verdict, 'fail');
});
