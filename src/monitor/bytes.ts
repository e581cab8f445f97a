// The per-tick readers (scan-proc-columns.ts, join-ipvsadm-columns.ts) read bytes: /proc and
// ipvsadm's output as readFile and execFile give them, without decoding 15 MB of text into strings
// every tick (and indexing a Buffer is ~40% faster than charCodeAt on a string). Text given as a
// string (tests, a Runner without runBytes) is encoded once when it is ASCII. Always a Buffer, so the readers' byte
// loads see one kind of array.

/** Text or the bytes of it, as a reader is handed it. */
export type TextOrBytes = string | Uint8Array;

/**
 * The bytes to scan: a Uint8Array viewed as a Buffer (no copy), an ASCII string's bytes; null for
 * a string with other characters (the general parsers read it as it is).
 */
export function bytesOf(t: TextOrBytes): Buffer | null {
  if (typeof t === 'string') return Buffer.byteLength(t, 'utf8') === t.length ? Buffer.from(t, 'latin1') : null;
  return Buffer.isBuffer(t) ? t : Buffer.from(t.buffer, t.byteOffset, t.byteLength);
}

/** The text for the general parsers: a string as given, bytes decoded as `encoding`. */
export function textOf(t: TextOrBytes, encoding: 'latin1' | 'utf8'): string {
  return typeof t === 'string' ? t : Buffer.from(t.buffer, t.byteOffset, t.byteLength).toString(encoding);
}

/** Does `b` hold the ASCII text `lit` at `at`? */
export function bytesStartWith(b: Buffer, lit: string, at: number): boolean {
  const n = lit.length;
  if (at < 0 || at + n > b.length) return false;
  for (let k = 0; k < n; k++) if (b[at + k] !== lit.charCodeAt(k)) return false;
  return true;
}

/** b[s, e) as a string, one character per byte. */
export function latin1(b: Buffer, s: number, e: number): string {
  return b.toString('latin1', s, e);
}
