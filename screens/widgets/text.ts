// Text helpers for blessed content: tags escaped in anything that comes from files (names, values,
// diagnostics), cells padded or cut to a width.

/** Escapes blessed's tag braces in text that comes from the router or its files. */
export function escapeTags(text: string): string {
  return text.replace(/[{}]/g, (c) => (c === '{' ? '{open}' : '{close}'));
}

/** Pads or cuts to exactly `width` columns; a cut ends with "~". */
export function fit(text: string, width: number): string {
  if (width <= 0) return '';
  return text.length > width ? text.slice(0, Math.max(0, width - 1)) + '~' : text + ' '.repeat(width - text.length);
}

/** Cuts to at most `width` columns (no padding). */
export function cut(text: string, width: number): string {
  return text.length > width ? text.slice(0, Math.max(0, width - 1)) + '~' : text;
}

/** Control characters shown as ^X so a value from a file cannot move the cursor. */
export function printable(text: string): string {
  return text.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, (c) => (c === '\x7f' ? '^?' : '^' + String.fromCharCode(c.charCodeAt(0) + 64))).replace(/\n/g, '\\n');
}

/** Words of `text` in lines of at most `width` columns (a longer word gets a line of its own). */
export function wrapWords(text: string, width: number, indent = ''): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = indent + word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out;
}
