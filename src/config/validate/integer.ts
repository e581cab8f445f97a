// Numbers go through strtol(…, 0): 0x10 and 010 are accepted as hex and octal, which the GUI and
// people read as decimal (warning); anything that is not a number is an error. The virtual `port` and
// `heartbeat_port` may instead be /etc/services names; a real server's `port` may not.

import { LineRule, diag, tokenSpan } from './rule';
import { attrValue } from './line-facts';
import { byteAt, intForm } from './bytes';
import { cInt } from '../model';
import { tokenText } from '../cst';

const isLetter = (b: number) => (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);

export const integerValue: LineRule = {
  kind: 'line',
  codes: ['not-decimal', 'not-a-number'],
  types: ['int', 'port', 'rport'],
  check(e, report) {
    const v = attrValue(e.line, e.scope);
    if (!v) return;
    const type = v.spec.type;
    if (type !== 'int' && type !== 'port' && type !== 'rport') return;
    const form = intForm(e.line.toks, v.t);
    if (form === 'decimal') return;
    const span = tokenSpan(e.line, e.lineNo, v.t);
    const text = tokenText(e.line.toks, v.t);
    if (form === 'hex' || form === 'octal') {
      report(diag('warning', 'not-decimal', `"${text}" is read as ${form} (${cInt(text)}); write the number in decimal`, span));
      return;
    }
    if (type === 'port' && isLetter(byteAt(e.line.toks, v.t, 0))) return; // a service name
    const hint = type === 'rport' ? ' (a real server\'s port cannot be a service name)' : type === 'port' ? ' or a service name from /etc/services' : '';
    report(diag('error', 'not-a-number', `"${v.spec.key}" must be a decimal number${hint}; "${text}" is not`, span));
  },
};
