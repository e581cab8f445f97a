// pulse ends a line at the next "\r" anywhere in the rest of the file before looking for "\n": a
// CRLF file parses "OK" but loses lines, and one stray "\r" breaks the line it is on (spec §1).
// A lone "\r" is reported on its line. CRLF endings are one mistake (an editor or a copy from
// Windows), so they are reported once, at the first, with how many lines have them. Most files have
// no "\r" at all, so a native byte search decides first.

import { forEachLine, lineEnd, lineStart } from '../cst';
import { Diagnostic } from '../diagnostic';
import { DocRule, diag } from './rule';

const CR = 0x0d;
const LF = 0x0a;

export const crCharacter: DocRule = {
  kind: 'doc',
  codes: ['cr-character'],
  check({ doc, src }, report) {
    if (src !== null && src.indexOf(CR) < 0) return;
    let crlfLines = 0;
    let firstCrlf: Diagnostic['span'] | null = null;
    forEachLine(doc, (line, lineNo) => {
      const bytes = line.toks.src;
      const start = lineStart(line);
      const end = lineEnd(line);
      for (let p = start; p < end; p++) {
        if (bytes[p] !== CR) continue;
        if (p + 2 === end && bytes[p + 1] === LF) {
          crlfLines++;
          firstCrlf ??= { line: lineNo, column: p - start + 1, length: 1 };
          continue;
        }
        report(diag('error', 'cr-character', 'carriage return ("\\r") in the line: pulse ends the line here and misreads what follows; remove it', { line: lineNo, column: p - start + 1, length: 1 }));
        return;
      }
    });
    if (firstCrlf) {
      const count = crlfLines === 1 ? 'a line ends' : `${crlfLines} lines end`;
      report(diag('error', 'cr-character', `${count} with CRLF (Windows line endings), the first here: pulse ends lines at "\\r" and silently loses the rest of the file; convert the file to LF line endings (dos2unix)`, firstCrlf));
    }
  },
};
