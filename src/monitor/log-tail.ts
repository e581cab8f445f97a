// The recent pulse/lvs/nanny lines of the system log, parsed and classified (pure). The text comes
// from /var/log/messages (RHEL), /var/log/syslog (Debian) or `journalctl -o short`, read by
// src/system/log-source.ts.
//
// Line formats:
//   Apr 29 08:34:21 RHEL55 pulse[10082]: partner dead: activating lvs       (RFC 3164, journalctl -o short)
//   May  5 13:02:28 RHEL5 nanny[8378]: [inactive] shutting down ...         (day padded with a blank)
//   2024-05-01T12:00:00.123456+02:00 lb1 nanny[311]: [ active ] making ...  (rsyslog's high-precision format)
// The program may come without a pid (`host pulse: text`). Lines of other programs, journalctl's
// `-- No entries --`/`-- Logs begin at --` markers and anything unparseable are not LVS lines.

/** Piranha's programs as they log: lvsd logs as `lvs` in 0.8.x and as `lvsd` in some builds. */
export const LVS_LOG_PROGRAMS: readonly string[] = ['pulse', 'lvs', 'lvsd', 'nanny', 'send_arp', 'fos'];

/**
 * What a line says, for colour and filtering:
 *   down      a real server taken out (nanny "[inactive]", "shutting down ... due to connection failure")
 *   up        a real server put in ("[ active ] making ... available")
 *   takeover  this router became the active one ("partner dead: activating lvs")
 *   error     a daemon failed (ipvsadm failed, a nanny died, lvs.cf could not be parsed)
 *   warning   worth a look (a failed check, a daemon terminated, a virtual service shut down)
 *   info      the rest ("gratuitous lvs arps finished", "starting virtual service", ...)
 */
export type LogSeverity = 'down' | 'up' | 'takeover' | 'error' | 'warning' | 'info';

export interface LogLine {
  /** the timestamp as written ("Apr 29 08:34:21" or the ISO form) */
  readonly time: string;
  readonly host: string;
  readonly program: string;
  readonly pid: number | null;
  readonly text: string;
  readonly severity: LogSeverity;
}

const MONTHS = 'Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec';
const TRADITIONAL = new RegExp(`^((?:${MONTHS}) [ \\d]\\d \\d\\d:\\d\\d:\\d\\d) (\\S+) (.*)$`);
const ISO = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?) (\S+) (.*)$/;
// the tag: program name, optional [pid], then ':' (rsyslog also writes the tag without a space after it)
const TAG = /^([^\s:[\]]+)(?:\[(\d+)\])?: ?(.*)$/;

/** One syslog line; null when it has no recognisable timestamp, host and program tag. */
export function parseSyslogLine(line: string): Omit<LogLine, 'severity'> | null {
  const l = line.endsWith('\r') ? line.slice(0, -1) : line;
  const m = TRADITIONAL.exec(l) ?? ISO.exec(l);
  if (!m) return null;
  const tag = TAG.exec(m[3]);
  if (!tag) return null;
  return { time: m[1], host: m[2], program: tag[1], pid: tag[2] === undefined ? null : Number(tag[2]), text: tag[3].trimEnd() };
}

const RULES: ReadonlyArray<readonly [LogSeverity, RegExp]> = [
  ['down', /\[inactive\]|shutting down \S+ due to/i],
  ['up', /\[ ?active ?\]|making \S+ available/i],
  ['takeover', /partner dead|(?<!de)activating lvs|becoming active/i],
  ['error', /command failed|nanny died|error parsing|failed to|cannot|can't|no active lvs services|ipvsadm failed|fatal/i],
  ['warning', /trouble|not what we expected|terminating|deactivating|shutting down|removing|timeout|timed out|unreachable|refused|warning/i],
];

/** The severity of a line by its words (Piranha's messages are stable English). */
export function classifyLogText(text: string): LogSeverity {
  for (const [severity, re] of RULES) if (re.test(text)) return severity;
  return 'info';
}

/** A parsed line of one of `programs`, or null. */
export function parseLvsLogLine(line: string, programs: readonly string[] = LVS_LOG_PROGRAMS): LogLine | null {
  const p = parseSyslogLine(line);
  if (!p || !programs.includes(p.program)) return null;
  return { ...p, severity: classifyLogText(p.text) };
}

/** The last `max` LVS lines of a log text (oldest first). */
export function tailLvsLines(text: string, max: number, programs: readonly string[] = LVS_LOG_PROGRAMS): LogLine[] {
  const out: LogLine[] = [];
  for (const line of text.split('\n')) {
    const l = parseLvsLogLine(line, programs);
    if (l) out.push(l);
  }
  return max <= 0 ? [] : out.slice(-max);
}

/** One line for a terminal: "Apr 29 08:34:21 nanny[10089] DOWN  [inactive] shutting down ..." */
export function formatLogLine(l: LogLine): string {
  const tag = l.pid === null ? l.program : `${l.program}[${l.pid}]`;
  const mark = l.severity === 'info' ? '' : `${l.severity.toUpperCase()}: `;
  return `${l.time} ${l.host} ${tag}: ${mark}${l.text}`;
}
