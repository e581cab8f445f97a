// Byte-level readers for token values. Line rules run on every line of 600k-line files, so the hot
// checks (booleans, integers, addresses) read the bytes in place instead of building strings.

import { Tokens } from '../lexer';

const ZERO = 0x30, NINE = 0x39, DOT = 0x2e;

/** Byte at offset i of token t's text, or -1 past its end. */
export function byteAt(toks: Tokens, t: number, i: number): number {
  const p = toks.starts[t] + i;
  return p < toks.starts[t + 1] ? toks.src[p] : -1;
}

export function tokenLength(toks: Tokens, t: number): number {
  return toks.starts[t + 1] - toks.starts[t];
}

/** True when the token is only ASCII digits and dots (an address meant as an IP, not a host name). */
export function isDigitsAndDots(toks: Tokens, t: number): boolean {
  const { src, starts } = toks;
  for (let p = starts[t]; p < starts[t + 1]; p++) {
    const b = src[p];
    if (b !== DOT && (b < ZERO || b > NINE)) return false;
  }
  return true;
}

/** The dotted quad as an unsigned 32-bit number, or -1 when the token is not a valid one. */
export function parseIPv4(toks: Tokens, t: number): number {
  const { src, starts } = toks;
  const s = starts[t];
  return ipv4Of(starts[t + 1] - s, (i) => src[s + i]);
}

/** Same as parseIPv4 for a string (the model's values); char codes, no regex (100k servers). */
export function ipv4FromString(s: string | null): number {
  return s === null ? -1 : ipv4Of(s.length, (i) => s.charCodeAt(i));
}

/** A dotted quad of `n` characters read through `codeAt`, as a 32-bit number; -1 when malformed. */
function ipv4Of(n: number, codeAt: (i: number) => number): number {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let parts = 0;
  for (let i = 0; i <= n; i++) {
    const b = i < n ? codeAt(i) : DOT;
    if (b >= ZERO && b <= NINE) {
      octet = octet * 10 + (b - ZERO);
      if (++digits > 3) return -1;
    } else if (b === DOT) {
      if (digits === 0 || octet > 255) return -1;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      parts++;
    } else return -1;
  }
  return parts === 4 ? value : -1;
}

/** An octet written with a leading zero: inet_aton reads "010" as octal 8. */
export function hasLeadingZeroOctet(toks: Tokens, t: number): boolean {
  const { src, starts } = toks;
  for (let p = starts[t]; p < starts[t + 1] - 1; p++) {
    const atOctetStart = p === starts[t] || src[p - 1] === DOT;
    if (atOctetStart && src[p] === ZERO && src[p + 1] !== DOT) return true;
  }
  return false;
}

/** A netmask is contiguous when its ones are all on the left. */
export function isContiguousMask(mask: number): boolean {
  const inverted = ~mask >>> 0;
  return (inverted & (inverted + 1)) === 0;
}

export type IntForm = 'decimal' | 'hex' | 'octal' | 'bad';

/** How strtol(…, 0) would read the whole token: plain decimal, 0x hex, leading-0 octal, or not a number. */
export function intForm(toks: Tokens, t: number): IntForm {
  const { src, starts } = toks;
  let p = starts[t];
  const end = starts[t + 1];
  if (p < end && (src[p] === 0x2b || src[p] === 0x2d)) p++;
  if (p >= end) return 'bad';
  if (src[p] === ZERO && p + 1 < end) {
    if (src[p + 1] === 0x78 || src[p + 1] === 0x58) {
      if (p + 2 >= end) return 'bad';
      for (let q = p + 2; q < end; q++) if (!isHex(src[q])) return 'bad';
      return 'hex';
    }
    for (let q = p + 1; q < end; q++) if (src[q] < ZERO || src[q] > 0x37) return 'bad';
    return 'octal';
  }
  for (let q = p; q < end; q++) if (src[q] < ZERO || src[q] > NINE) return 'bad';
  return 'decimal';
}

function isHex(b: number): boolean {
  return (b >= ZERO && b <= NINE) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66);
}

/** Value of a token intForm accepted as decimal (no string built). */
export function decimalValue(toks: Tokens, t: number): number {
  const { src, starts } = toks;
  let p = starts[t];
  const end = starts[t + 1];
  let sign = 1;
  if (src[p] === 0x2b) p++;
  else if (src[p] === 0x2d) {
    sign = -1;
    p++;
  }
  let n = 0;
  for (; p < end; p++) n = n * 10 + (src[p] - ZERO);
  return sign * n;
}

/** The number strtol would read from a whole-number token, or null when it is not one. */
export function numberOf(toks: Tokens, t: number, text: () => string): number | null {
  const form = intForm(toks, t);
  if (form === 'decimal') return decimalValue(toks, t);
  if (form === 'bad') return null;
  const s = text();
  const neg = s[0] === '-';
  const digits = s.replace(/^[+-]/, '');
  const n = form === 'hex' ? parseInt(digits.slice(2), 16) : parseInt(digits, 8);
  return neg ? -n : n;
}

/** Whether the token's bytes are exactly the ASCII string s (no string is built). */
export function tokenIs(toks: Tokens, t: number, s: string): boolean {
  const start = toks.starts[t];
  if (toks.starts[t + 1] - start !== s.length) return false;
  for (let i = 0; i < s.length; i++) if (toks.src[start + i] !== s.charCodeAt(i)) return false;
  return true;
}

/** Letters, digits, "_", "." and "-": the names Piranha's GUI handles. */
export function isPlainName(toks: Tokens, t: number): boolean {
  const { src, starts } = toks;
  if (starts[t + 1] === starts[t]) return false;
  for (let p = starts[t]; p < starts[t + 1]; p++) {
    const b = src[p];
    const ok = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x5f || b === 0x2e || b === 0x2d;
    if (!ok) return false;
  }
  return true;
}
