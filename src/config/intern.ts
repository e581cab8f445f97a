// Decoding token bytes to strings, with the short ones shared. A 10,000-service file has 650,000
// lines but only a few dozen distinct keys and a few thousand distinct short values ("1", "tcp",
// "wlc"); decoding each occurrence to a new string was a fifth of the parsed document's memory.
// A direct-mapped cache keyed by a hash of the bytes keeps the cost bounded (4,096 strings at most).

const SLOTS = 4096;
const MAX_LEN = 32;
const cache: Array<string | undefined> = new Array(SLOTS);

/** The bytes [s, e) as latin1 text (= UTF-8 text when they are ASCII); short ones come from the cache. */
function cached(src: Buffer, s: number, e: number, encoding: 'latin1' | 'utf8'): string {
  const len = e - s;
  if (len > MAX_LEN) return src.toString(encoding, s, e);
  let h = 0x811c9dc5;
  let ascii = true;
  for (let i = s; i < e; i++) {
    const b = src[i];
    if (b >= 0x80) ascii = false;
    h = Math.imul(h ^ b, 0x01000193);
  }
  // Non-ASCII bytes decode differently in UTF-8: not worth caching.
  if (!ascii && encoding === 'utf8') return src.toString(encoding, s, e);
  const slot = (h ^ (h >>> 16)) & (SLOTS - 1);
  const hit = cache[slot];
  if (hit !== undefined && hit.length === len && sameBytes(hit, src, s)) return hit;
  const text = src.toString('latin1', s, e);
  cache[slot] = text;
  return text;
}

function sameBytes(text: string, src: Buffer, s: number): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) !== src[s + i]) return false;
  return true;
}

/** Bytes decoded as UTF-8 (invalid sequences become U+FFFD). */
export function utf8Text(src: Buffer, s: number, e: number): string {
  return cached(src, s, e, 'utf8');
}

/** Bytes decoded one byte per character: keys compare as bytes whatever the encoding. */
export function latin1Text(src: Buffer, s: number, e: number): string {
  return cached(src, s, e, 'latin1');
}
