// yaml reports offsets in UTF-16 code units of the decoded text; lvs-tui's diagnostics count bytes
// (an editor's or `cut -b`'s columns on a UTF-8 file). A comment with "é" before an error moves the
// byte column one further than the character column.

import { LineCounter } from 'yaml';
import { Span } from '../config/diagnostic';

/** UTF-8 length of text[from, to) (a surrogate pair is 4 bytes, a lone surrogate 3 like U+FFFD). */
export function utf8Length(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < to && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

export class SpanMaker {
  constructor(
    private readonly text: string,
    private readonly lines: LineCounter,
  ) {}

  /** The span of text[start, end), cut at the end of start's line, at least 1 byte long. */
  span(start: number, end: number = start + 1): Span {
    const s = Math.max(0, Math.min(start, this.text.length));
    const { line } = this.lines.linePos(s);
    const lineStart = this.lines.lineStarts[line - 1] ?? 0;
    let lineEnd = this.lines.lineStarts[line] ?? this.text.length;
    while (lineEnd > s && (this.text[lineEnd - 1] === '\n' || this.text[lineEnd - 1] === '\r')) lineEnd--;
    const e = Math.max(s, Math.min(end, lineEnd));
    return { line, column: utf8Length(this.text, lineStart, s) + 1, length: Math.max(1, utf8Length(this.text, s, e)) };
  }
}

/** The span of the byte at `offset` of raw bytes (for bytes that are not UTF-8). */
export function byteSpan(bytes: Uint8Array, offset: number): Span {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1, length: 1 };
}

/** Offset of the first byte that is not part of valid UTF-8, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if ((b & 0xe0) === 0xc0) [need, min] = [1, 0x80];
    else if ((b & 0xf0) === 0xe0) [need, min] = [2, 0x800];
    else if ((b & 0xf8) === 0xf0) [need, min] = [3, 0x10000];
    else return i;
    if (i + need >= n) return i;
    let cp = b & (0xff >> (need + 2));
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}
