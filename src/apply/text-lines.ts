// Lines of a text file with their own endings, so that an edit can give back every byte it did
// not mean to change (LF, CRLF, a last line without newline).

export interface Line {
  /** the line without its ending */
  readonly body: string;
  /** '\n', '\r\n', or '' for a last line without newline */
  readonly eol: string;
}

export function splitKeepingEnds(text: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  while (start < text.length) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) {
      out.push({ body: text.slice(start), eol: '' });
      break;
    }
    const cr = nl > start && text[nl - 1] === '\r';
    out.push({ body: text.slice(start, cr ? nl - 1 : nl), eol: cr ? '\r\n' : '\n' });
    start = nl + 1;
  }
  return out;
}

/** The ending new lines get: the file's first line's, LF for a new file. */
export function newLineEnding(lines: readonly Line[]): string {
  return lines.length > 0 && lines[0].eol === '\r\n' ? '\r\n' : '\n';
}
