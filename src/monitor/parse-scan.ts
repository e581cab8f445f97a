// A line-and-field scanner for the big per-tick texts (/proc/net/ip_vs and ipvsadm listings of a
// 10,000-service router are 110,000 lines, read every 2 s). It walks the text once with charCodeAt
// and keeps field boundaries in typed arrays, so a line costs no array and no substring until a
// field is actually needed; numbers are read straight from the characters. Fields are runs of
// anything but space, tab and CR (see parse-fields.ts for why).

import type { ForwardMethod } from './ipvs-types';

const MAX_FIELDS = 64;

function blank(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 11 || c === 12;
}

export class LineScanner {
  private pos = 0;
  /** 1-based number of the current line */
  lineNo = 0;
  lineStart = 0;
  lineEnd = 0;
  /** fields on the current line (at most MAX_FIELDS are recorded) */
  count = 0;
  private readonly starts = new Int32Array(MAX_FIELDS);
  private readonly ends = new Int32Array(MAX_FIELDS);

  constructor(readonly text: string) {}

  /** Moves to the next line, not yet split (see split()); false at the end of the text. */
  nextLine(): boolean {
    const t = this.text;
    const n = t.length;
    if (this.pos >= n) return false;
    let nl = t.indexOf('\n', this.pos);
    if (nl < 0) nl = n;
    this.lineStart = this.pos;
    this.lineEnd = nl;
    this.pos = nl + 1;
    this.lineNo++;
    this.count = 0;
    return true;
  }

  /** Moves to the next line and splits it; false at the end of the text. */
  next(): boolean {
    if (!this.nextLine()) return false;
    this.split();
    return true;
  }

  /** Splits the current line into fields. */
  split(): void {
    const t = this.text;
    const nl = this.lineEnd;
    let count = 0;
    let i = this.lineStart;
    while (i < nl) {
      while (i < nl && blank(t.charCodeAt(i))) i++;
      if (i >= nl) break;
      const s = i;
      while (i < nl && !blank(t.charCodeAt(i))) i++;
      if (count < MAX_FIELDS) {
        this.starts[count] = s;
        this.ends[count] = i;
      }
      count++;
    }
    this.count = count;
  }

  line(): string {
    return this.text.slice(this.lineStart, this.lineEnd);
  }

  field(i: number): string {
    return i < this.count && i < MAX_FIELDS ? this.text.slice(this.starts[i], this.ends[i]) : '';
  }

  /** All fields of the line as strings (for the rare lines that need them). */
  fields(): string[] {
    const out: string[] = [];
    for (let i = 0; i < this.count && i < MAX_FIELDS; i++) out.push(this.text.slice(this.starts[i], this.ends[i]));
    return out;
  }

  len(i: number): number {
    return i < this.count && i < MAX_FIELDS ? this.ends[i] - this.starts[i] : 0;
  }

  /** Does field i equal s (no substring made)? */
  is(i: number, s: string): boolean {
    if (i >= this.count || i >= MAX_FIELDS) return false;
    const st = this.starts[i];
    if (this.ends[i] - st !== s.length) return false;
    for (let k = 0; k < s.length; k++) if (this.text.charCodeAt(st + k) !== s.charCodeAt(k)) return false;
    return true;
  }

  /** Field i as an unsigned decimal of up to 20 digits, or -1. */
  dec(i: number): number {
    return i < this.count && i < MAX_FIELDS ? decAt(this.text, this.starts[i], this.ends[i]) : -1;
  }

  /** Field i as a signed decimal (a weight), or NaN. */
  signed(i: number): number {
    if (i >= this.count || i >= MAX_FIELDS) return NaN;
    const s = this.starts[i];
    if (this.text.charCodeAt(s) === 45 /* - */) {
      const v = decAt(this.text, s + 1, this.ends[i]);
      return v < 0 ? NaN : -v;
    }
    const v = decAt(this.text, s, this.ends[i]);
    return v < 0 ? NaN : v;
  }

  /** Field i as unsigned hex of up to 16 digits (see parse-fields hex() on precision), or -1. */
  hex(i: number): number {
    return i < this.count && i < MAX_FIELDS ? hexAt(this.text, this.starts[i], this.ends[i]) : -1;
  }

  /** Absolute offsets of field i, for readers that decode it in place. */
  start(i: number): number {
    return this.starts[i];
  }

  end(i: number): number {
    return this.ends[i];
  }
}

/** Unsigned decimal in text[s, e) (1-20 digits), or -1. */
export function decAt(t: string, s: number, e: number): number {
  if (e <= s || e - s > 20) return -1;
  let v = 0;
  for (let k = s; k < e; k++) {
    const c = t.charCodeAt(k) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** Hex digit value of a char code, or -1. */
export function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

/** Unsigned hex in text[s, e) (1-16 digits), or -1. */
export function hexAt(t: string, s: number, e: number): number {
  if (e <= s || e - s > 16) return -1;
  let v = 0;
  for (let k = s; k < e; k++) {
    const d = hexDigit(t.charCodeAt(k));
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

/** Word i of the line as a forwarding method, as /proc/net/ip_vs and ipvsadm print it; null otherwise. */
export function forwardAt(sc: LineScanner, i: number): ForwardMethod | null {
  if (sc.is(i, 'Route')) return 'Route';
  if (sc.is(i, 'Masq')) return 'Masq';
  if (sc.is(i, 'Tunnel')) return 'Tunnel';
  if (sc.is(i, 'Local')) return 'Local';
  if (sc.is(i, 'Bypass')) return 'Bypass';
  return null;
}
