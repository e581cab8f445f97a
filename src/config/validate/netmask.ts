// A netmask's ones must be contiguous (255.255.0.255 is not a mask): the kernel refuses such a
// netmask on the VIP alias, and ipvsadm -M groups clients in a way nobody intends.

import { LineRule, diag, tokenSpan } from './rule';
import { attrValue } from './line-facts';
import { isContiguousMask, parseIPv4 } from './bytes';
import { tokenText } from '../cst';

export const nonContiguousMask: LineRule = {
  kind: 'line',
  codes: ['non-contiguous-mask'],
  types: ['mask'],
  check(e, report) {
    const v = attrValue(e.line, e.scope);
    if (!v || v.spec.type !== 'mask') return;
    const mask = parseIPv4(e.line.toks, v.t);
    if (mask < 0 || isContiguousMask(mask)) return;
    report(diag('error', 'non-contiguous-mask', `"${tokenText(e.line.toks, v.t)}" is not a contiguous netmask; use one such as 255.255.255.0`, tokenSpan(e.line, e.lineNo, v.t)));
  },
};
