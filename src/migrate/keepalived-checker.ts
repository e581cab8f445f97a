// Which keepalived checker does what nanny does for one virtual server (spec lvs-cf.md §4,
// anchors.md §1.3): TCP_CHECK when nanny only connects, HTTP_GET when it sends a plain
// `GET PATH HTTP/1.0` and looks at nothing but the status, otherwise a MISC_CHECK wrapper script
// (check-script.ts) that does exactly what nanny does. Pure.

import { ScriptCheck, nannyUnescape } from './check-script';

export type Checker =
  | { readonly kind: 'tcp' }
  | { readonly kind: 'http'; readonly path: string; readonly status: string }
  | { readonly kind: 'misc'; readonly script: ScriptCheck };

export interface CheckInput {
  readonly protocol: string;
  /** the virtual's port, numeric (nanny's -p) */
  readonly port: number;
  readonly send: string | null;
  readonly expect: string | null;
  readonly sendProgram: string | null;
  readonly useRegex: boolean;
}

export interface CheckerChoice {
  readonly checker: Checker;
  /** where keepalived's check means something else than nanny's */
  readonly warnings: string[];
  /** the check's text had escapes nanny does not know (kept as typed) */
  readonly unknownEscapes: string[];
}

const HTTP_REQUEST = /^GET (\/[^\s]*) HTTP\/1\.0\r\n\r\n$/;
/** expect strings that every HTTP status line starts with: any status is up */
const ANY_HTTP = new Set(['H', 'HT', 'HTT', 'HTTP', 'HTTP/', 'HTTP/1', 'HTTP/1.']);
const STATUS_LINE = /^HTTP\/1\.[01] ([1-5][0-9][0-9])( .*)?$/;

export function chooseChecker(c: CheckInput): CheckerChoice {
  const warnings: string[] = [];
  const unknownEscapes = [...(c.send ? nannyUnescape(c.send).unknown : []), ...(c.expect ? nannyUnescape(c.expect).unknown : [])];
  const empty = (s: string | null) => s === null || s === '';
  if (!empty(c.sendProgram)) {
    const program = c.sendProgram!;
    if (c.useRegex) warnings.push('use_regex is ignored for send_program (nanny compares its output exactly); so does the wrapper');
    return { checker: { kind: 'misc', script: { kind: 'program', program, expect: empty(c.expect) ? null : c.expect } }, warnings, unknownEscapes: [] };
  }
  let send = empty(c.send) ? null : c.send;
  let expect = empty(c.expect) ? null : c.expect;
  // nanny's fallback for port 80 with nothing configured
  if (send === null && expect === null && c.port === 80) {
    send = 'GET / HTTP/1.0\\r\\n\\r\\n';
    expect = 'HTTP';
  }
  const protocol = c.protocol === 'udp' ? 'udp' : 'tcp';
  const script: Checker = { kind: 'misc', script: { kind: 'send-expect', protocol, send, expect, regex: c.useRegex && expect !== null } };
  if (c.useRegex && expect !== null) {
    warnings.push('use_regex: the wrapper matches the POSIX extended regex with GNU grep -E over the first 254 bytes of the reply, as nanny runs regexec (keepalived\'s own regex needs HTTP_GET)');
    return { checker: script, warnings, unknownEscapes };
  }
  if (protocol === 'udp') return { checker: script, warnings, unknownEscapes };
  if (send === null && (expect === null || expect === '*')) return { checker: { kind: 'tcp' }, warnings, unknownEscapes };
  const request = send === null ? null : HTTP_REQUEST.exec(nannyUnescape(send).bytes.toString('latin1'));
  if (request && expect !== null && unknownEscapes.length === 0) {
    if (ANY_HTTP.has(expect) || expect === '*') return { checker: { kind: 'http', path: request[1], status: '100-599' }, warnings, unknownEscapes };
    const status = STATUS_LINE.exec(expect);
    if (status) {
      const unchecked = status[2] ? `the HTTP version and the reason phrase of expect "${expect}"` : `the HTTP version of expect "${expect}"`;
      warnings.push(`HTTP_GET checks status_code ${status[1]} only, not ${unchecked}; it also sends Host and User-Agent headers nanny did not send`);
      return { checker: { kind: 'http', path: request[1], status: status[1] }, warnings, unknownEscapes };
    }
  }
  return { checker: script, warnings, unknownEscapes };
}
