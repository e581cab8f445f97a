// Editors on other systems may start the file with a UTF-8 byte-order mark (EF BB BF). pulse reads
// it as part of the first key, which then is an "unknown command".

import { DocRule, diag } from './rule';

export const BOM = '\u00ef\u00bb\u00bf'; // the BOM's bytes as the lexer's latin1 key text

export const byteOrderMark: DocRule = {
  kind: 'doc',
  codes: ['byte-order-mark'],
  check({ doc, src }, report) {
    let bytes: Uint8Array | null = src;
    if (bytes === null) {
      const first = doc.body[0];
      if (!first) return;
      bytes = (first.type === 'line' ? first : first.open).toks.src;
    }
    if (bytes.length < 3 || bytes[0] !== 0xef || bytes[1] !== 0xbb || bytes[2] !== 0xbf) return;
    report(diag('error', 'byte-order-mark', 'the file starts with a UTF-8 byte-order mark: pulse reads it as part of the first key; save the file without BOM', { line: 1, column: 1, length: 3 }));
  },
};
