// pulse counts the words after "=": one for most keys, exactly two (IP and device) for a virtual's
// `address` and for `nat_router`. Too many → "unexpected arguments", too few → "missing arguments".

import { LineRule, diag, tokenSpan, tokensSpan } from './rule';
import { arityOf, factsOf, specOf } from './line-facts';

export const argumentCount: LineRule = {
  kind: 'line',
  codes: ['extra-arguments', 'missing-device', 'missing-value'],
  lines: ['attr'],
  check(e, report) {
    const line = e.line;
    const spec = specOf(line, e.scope);
    if (!spec || e.scope === null) return;
    const f = factsOf(line);
    // `key=value` shapes, escaped quotes and a "\r" mid-line (pulse splits the line there) have
    // their own, clearer diagnostics
    if (f.eq !== 1 || f.escapedQuote >= 0 || f.hasCR) return;
    const want = arityOf(e.scope, spec);
    if (want < 0) return;
    const got = f.end - 2;
    if (got === want) return;
    if (got === 0) {
      report(diag('error', 'missing-value', `"${line.key}" has no value: pulse fails with "missing arguments"; give it a value or remove the line`, tokenSpan(line, e.lineNo, f.sig[1])));
    } else if (got < want) {
      report(diag('error', 'missing-device', `"${line.key}" needs an IP address and a device (e.g. ${line.key} = 192.168.1.10 eth0:1): pulse fails with "missing arguments"; add the device`, tokenSpan(line, e.lineNo, f.sig[2])));
    } else {
      const what = want === 2 ? 'an IP address and a device' : spec.type === 'qstring' ? 'one value (put text with blanks in double quotes)' : 'one value';
      report(diag('error', 'extra-arguments', `"${line.key}" takes ${what}: pulse fails with "unexpected arguments"; remove the extra words`, tokensSpan(line, e.lineNo, f.sig[2 + want], f.sig[f.end - 1])));
    }
  },
};
