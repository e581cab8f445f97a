// pulse ends a line at the next "\r" anywhere in the rest of the file before looking for "\n": a
// CRLF file parses "OK" but loses lines, and one stray "\r" breaks the line it is on (spec §1).
// Reported once per line at the "\r". Most files have none, so a native byte search decides first.

import { forEachLine, lineEnd, lineStart } from '../cst';
import { DocRule, diag } from './rule';

const CR = 0x0d;

export const crCharacter: DocRule = {
  kind: 'doc',
  codes: ['cr-character'],
  check({ doc, src }, report) {
    if (src !== null && src.indexOf(CR) < 0) return;
    forEachLine(doc, (line, lineNo) => {
      const bytes = line.toks.src;
      const start = lineStart(line);
      const end = lineEnd(line);
      for (let p = start; p < end; p++) {
        if (bytes[p] !== CR) continue;
        const crlf = p + 1 < end && bytes[p + 1] === 0x0a;
        const msg = crlf
          ? 'Windows line ending (CRLF): pulse ends lines at "\\r" and silently loses the rest of the file; convert the file to LF line endings'
          : 'carriage return ("\\r") in the line: pulse ends the line here and misreads what follows; remove it';
        report(diag('error', 'cr-character', msg, { line: lineNo, column: p - start + 1, length: 1 }));
        return;
      }
    });
  },
};
