// What nanny would do to check one real server, worked out from lvs.cf alone (spec lvs-cf.md §4,
// nanny.c main/pinger/external_check): lvsd passes send, expect and send_program with their double
// quotes stripped; nanny drops send when send_program is set, falls back to GET / "HTTP" on a
// virtual port 80 with nothing configured, converts the escapes of send and expect, and then
// either connects (TCP or UDP) with `timeout` seconds for the connect and again for the read, or
// runs the program (split on spaces, `%h`/`%p` replaced, no shell) killed after `timeout` seconds.

import { VirtualServer, RealServer, cInt } from '../config/model';
import { servicePort } from '../monitor/merge-ports';
import { convertNannyEscapes } from './nanny-escapes';
import { PosixRegex, compilePosixExtended } from '../config/posix-regex';

/** A virtual server's monitoring scripts, as lvs.cf holds them (the form's unsaved values too). */
export interface MonitorSettings {
  readonly protocol: string;
  /** the virtual's port: nanny's -p, the default of a real server's port */
  readonly port: string;
  readonly timeout: string | null;
  readonly send: string | null;
  readonly expect: string | null;
  readonly useRegex: string | null;
  readonly sendProgram: string | null;
}

export interface CheckTarget {
  readonly virtual: string;
  readonly server: string;
  readonly address: string;
  /** the real server's port as lvs.cf gives it (its virtual's when unset) */
  readonly port: string;
  /** nanny runs only for active real servers of active virtual servers */
  readonly active: boolean;
  readonly inactiveWhy: string | null;
}

export interface CheckSpec {
  readonly target: CheckTarget;
  readonly kind: 'socket' | 'program';
  readonly protocol: 'tcp' | 'udp';
  readonly host: string;
  /** null when the port cannot be read */
  readonly port: number | null;
  readonly timeoutS: number;
  /** sent after connecting (escapes converted); null: nothing is sent */
  readonly send: Buffer | null;
  /** expect after escapes; null: no reply is read (TCP) */
  readonly expect: Buffer | null;
  readonly expectText: string | null;
  readonly regex: PosixRegex | null;
  /** bytes nanny's one read() asks for (0 when it reads nothing) */
  readonly readLength: number;
  /** expect = "*" without use_regex: any reply, even none, once the socket is readable */
  readonly wildcard: boolean;
  /** send_program's argv after %h/%p; [] when it has no words */
  readonly program: readonly string[] | null;
  /** what the reader should know (the port-80 default, send ignored, ...) */
  readonly notes: readonly string[];
  /** why nanny would never check this server (it hangs or cannot start): a failure without I/O */
  readonly cannotRun: string | null;
}

export const HTTP_SEND = 'GET / HTTP/1.0\\r\\n\\r\\n';
export const HTTP_EXPECT = 'HTTP';
/** nanny's read_buf is 255 bytes: at most 254 are read */
const READ_MAX = 254;

export function monitorSettingsOf(v: VirtualServer): MonitorSettings {
  const get = (key: string) => v.settings.get(key)?.value ?? null;
  return { protocol: v.protocol, port: v.port, timeout: get('timeout'), send: get('send'), expect: get('expect'), useRegex: get('use_regex'), sendProgram: get('send_program') };
}

export function targetOf(v: VirtualServer, s: RealServer): CheckTarget {
  const why = !v.active ? `virtual server ${v.name} is inactive` : !s.active ? 'inactive (active = 0): nanny does not check it' : null;
  return { virtual: v.name, server: s.name, address: s.address, port: s.port, active: why === null, inactiveWhy: why };
}

/** send_program as nanny's external_check() splits it: strtok on spaces, %h and %p as whole words. */
export function programArgv(sendProgram: string, host: string, port: number | null): string[] {
  return sendProgram
    .split(' ')
    .filter((w) => w !== '')
    .map((w) => (w === '%h' ? host : w === '%p' ? String(port ?? '') : w));
}

export function describeCheck(settings: MonitorSettings, target: CheckTarget, timeoutOverrideS?: number): CheckSpec {
  const notes: string[] = [];
  let cannotRun: string | null = null;
  const protocol = settings.protocol === 'udp' ? 'udp' : 'tcp';
  const timeoutS = timeoutOverrideS ?? cInt(settings.timeout ?? '10');
  if (timeoutOverrideS !== undefined) notes.push(`timeout ${timeoutOverrideS} s given on the command line (lvs.cf: ${cInt(settings.timeout ?? '10')} s)`);
  const port = servicePort(target.port);
  if (port === null) cannotRun = `port "${target.port}" is not a port number lvs-tui knows`;
  let send = settings.send;
  let expect = settings.expect;
  const program = settings.sendProgram;
  if (program !== null && send !== null) {
    notes.push('send is ignored: send_program takes precedence');
    send = null;
  }
  if (servicePort(settings.port) === 80 && send === null && expect === null && program === null) {
    notes.push('nothing configured on port 80: nanny sends "GET / HTTP/1.0\\r\\n\\r\\n" and expects "HTTP"');
    send = HTTP_SEND;
    expect = HTTP_EXPECT;
  }
  const regexMode = cInt(settings.useRegex ?? '0') === 1;
  const sendC = send === null ? null : convertNannyEscapes(Buffer.from(send, 'utf8'));
  const expectC = expect === null ? null : convertNannyEscapes(Buffer.from(expect, 'utf8'));
  if (expectC?.hangsOn) cannotRun ??= `nanny would hang at start on "${expectC.hangsOn}" in expect (it only converts \\\\ \\r \\n \\t \\' \\"): it never checks`;
  if (sendC?.hangsOn) cannotRun ??= `nanny would hang at start on "${sendC.hangsOn}" in send (it only converts \\\\ \\r \\n \\t \\' \\"): it never checks`;
  let argv: string[] | null = null;
  if (program !== null) {
    argv = programArgv(program, target.address, port);
    if (Buffer.byteLength(program, 'utf8') > 254) cannotRun ??= 'send_program is longer than the 254 bytes nanny copies it into: it would overflow its buffer';
    else if (argv.length > 39) cannotRun ??= `send_program has ${argv.length} words; nanny has room for 39`;
    if (regexMode) notes.push('use_regex does not apply to send_program: its output is compared exactly');
  }
  const expectBytes = expectC?.bytes ?? null;
  let readLength = 0;
  if (program === null && (expectBytes !== null || protocol === 'udp')) {
    readLength = expectBytes === null ? 1 : regexMode ? READ_MAX : Math.min(expectBytes.length, READ_MAX);
  }
  const wildcard = program === null && !regexMode && expectBytes !== null && expectBytes.length === 1 && expectBytes[0] === 0x2a;
  const regex = program === null && regexMode && expectBytes !== null ? compilePosixExtended(expectBytes.toString('latin1')) : null;
  return {
    target,
    kind: program !== null ? 'program' : 'socket',
    protocol,
    host: target.address,
    port,
    timeoutS,
    send: sendC?.bytes ?? null,
    expect: expectBytes,
    expectText: expect,
    regex,
    readLength,
    wildcard,
    program: argv,
    notes,
    cannotRun,
  };
}

/** The MONITORING SCRIPTS form's values (unsaved; '' = unset) in place of the virtual's own. */
export function monitorSettingsWith(v: VirtualServer, form: Readonly<Record<string, string>>): MonitorSettings {
  const pick = (key: string, fallback: string | null) => (key in form ? (form[key] === '' ? null : form[key]) : fallback);
  const base = monitorSettingsOf(v);
  return { ...base, send: pick('send', base.send), expect: pick('expect', base.expect), useRegex: pick('use_regex', base.useRegex), sendProgram: pick('send_program', base.sendProgram) };
}

/** The checks of every real server of a virtual server, in lvs.cf's order. */
export function checksOfVirtual(v: VirtualServer, settings: MonitorSettings = monitorSettingsOf(v), timeoutS?: number): CheckSpec[] {
  return v.servers.map((s) => describeCheck(settings, targetOf(v, s), timeoutS));
}
