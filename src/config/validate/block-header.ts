// A block header is exactly three words: `virtual NAME {` (pulse counts them, and needs the blank
// before "{"). Quoted names or odd characters pass pulse but break Piranha's GUI, which splits lines
// on single spaces and edits blocks by name (warning).

import { LineRule, diag, tokenSpan, tokensSpan } from './rule';
import { TK } from '../lexer';
import { factsOf } from './line-facts';
import { isBrokenHeader } from './block-shape';
import { tokenText } from '../cst';
import { isPlainName } from './bytes';

export const blockHeader: LineRule = {
  kind: 'line',
  codes: ['block-header', 'block-name'],
  lines: ['open', 'opaque'],
  check(e, report) {
    const line = e.line;
    if (line.kind !== 'open' && !isBrokenHeader(line)) return;
    const f = factsOf(line);
    const { kinds } = line.toks;
    const brace = f.sig[f.lbrace];
    if (f.lbrace === 2 && f.end === 3 && kinds[brace - 1] === TK.WS && kinds[f.sig[1]] === TK.WORD && isPlainName(line.toks, f.sig[1])) return; // the usual case, fast
    const kw = line.key ?? tokenText(line.toks, f.sig[0]);
    const err = (msg: string, span: ReturnType<typeof tokenSpan>) => report(diag('error', 'block-header', msg, span));
    if (f.lbrace === 1) return err(`"${kw} {" has no name: write "${kw} NAME {"`, tokenSpan(line, e.lineNo, brace));
    if (f.lbrace > 2) return err(`a ${kw} name must be one word: pulse expects exactly "${kw} NAME {"`, tokensSpan(line, e.lineNo, f.sig[2], f.sig[f.lbrace - 1]));
    if (f.end > f.lbrace + 1) return err('nothing may follow "{" on a block header; move the rest to a line of its own', tokensSpan(line, e.lineNo, f.sig[f.lbrace + 1], f.sig[f.end - 1]));
    if (kinds[brace - 1] !== TK.WS) return err('put a blank before "{": pulse splits on blanks and reads the name and "{" as one word', tokenSpan(line, e.lineNo, brace));
    const nameTok = f.sig[1];
    if (kinds[nameTok] === TK.STRING || !isPlainName(line.toks, nameTok)) {
      const name = tokenText(line.toks, nameTok);
      report(diag('warning', 'block-name', `the name ${name} works for pulse but breaks Piranha's GUI; use only letters, digits, "_", "." and "-"`, tokenSpan(line, e.lineNo, nameTok)));
    }
  },
};
