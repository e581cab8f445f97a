// Masks and `sorry_server` must be dotted quads. Where host names are allowed, a value of only digits
// and dots is meant as an address, so it must be a valid one too (10.0.0.256 is no host name).
// Octets with a leading zero are read as octal by inet_aton: 010.0.0.1 is 8.0.0.1 (warning).

import { LineRule, diag, tokenSpan } from './rule';
import { attrValue } from './line-facts';
import { hasLeadingZeroOctet, isDigitsAndDots, parseIPv4 } from './bytes';
import { tokenText } from '../cst';

export const invalidIPv4: LineRule = {
  kind: 'line',
  codes: ['invalid-ipv4', 'octal-ipv4'],
  types: ['ip', 'mask', 'host', 'addr-dev'],
  check(e, report) {
    const v = attrValue(e.line, e.scope);
    if (!v) return;
    const type = v.spec.type;
    const quadOnly = type === 'ip' || type === 'mask';
    if (!quadOnly && type !== 'host' && type !== 'addr-dev') return;
    const toks = e.line.toks;
    if (!quadOnly && !isDigitsAndDots(toks, v.t)) return; // a host name
    if (parseIPv4(toks, v.t) < 0) {
      const what = type === 'mask' ? 'netmask' : 'IPv4 address';
      const allowed = quadOnly ? ` ("${v.spec.key}" takes no host names)` : '';
      report(diag('error', 'invalid-ipv4', `"${tokenText(toks, v.t)}" is not a valid dotted-quad ${what}${allowed}; write four numbers 0-255 separated by dots`, tokenSpan(e.line, e.lineNo, v.t)));
    } else if (hasLeadingZeroOctet(toks, v.t)) {
      report(diag('warning', 'octal-ipv4', `"${tokenText(toks, v.t)}" has an octet with a leading zero, which the system reads as octal; remove the leading zeros`, tokenSpan(e.line, e.lineNo, v.t)));
    }
  },
};
