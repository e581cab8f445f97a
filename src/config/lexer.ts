// Byte-level lexer for lvs.cf. Every byte of the input lands in exactly one token and tokens are
// contiguous, so a token is just a kind and a start offset (its end is the next token's start).
// Two flat typed arrays instead of an object per token: this is what keeps a 10,000-service file cheap.

export const TK = {
  /** spaces and tabs */
  WS: 0,
  /** "\n" or "\r\n" */
  NL: 1,
  /** a lone "\r": pulse ends a line there, editors do not */
  CR: 2,
  /** "#" to the end of the line, only when it is the first non-blank of the line */
  COMMENT: 3,
  /** a run of bytes that are not blanks, newlines, "=", "{" or "}" */
  WORD: 4,
  /** a token starting with " or ' up to the same quote on the same line (or the line's end) */
  STRING: 5,
  EQ: 6,
  LBRACE: 7,
  RBRACE: 8,
} as const;
export type TokenKind = (typeof TK)[keyof typeof TK];

export interface Tokens {
  /** the bytes the offsets point into (a Buffer view of the input, never a copy) */
  readonly src: Buffer;
  readonly count: number;
  readonly kinds: Uint8Array;
  /** count + 1 entries: starts[count] === src.length */
  readonly starts: Uint32Array;
}

const SP = 0x20, TAB = 0x09, LF = 0x0a, CRB = 0x0d, HASH = 0x23, EQB = 0x3d, LB = 0x7b, RB = 0x7d;
const DQ = 0x22, SQ = 0x27;

function isWordByte(b: number): boolean {
  return b !== SP && b !== TAB && b !== LF && b !== CRB && b !== EQB && b !== LB && b !== RB;
}

/** Token arrays that grow by doubling: one pass over the bytes, no call per token. */
class TokenSink {
  kinds: Uint8Array;
  starts: Uint32Array;
  count = 0;
  constructor(capacity: number) {
    this.kinds = new Uint8Array(capacity);
    this.starts = new Uint32Array(capacity + 1);
  }
  push(kind: number, start: number): void {
    if (this.count === this.kinds.length) this.grow();
    this.kinds[this.count] = kind;
    this.starts[this.count] = start;
    this.count++;
  }
  private grow(): void {
    const kinds = new Uint8Array(this.kinds.length * 2 + 16);
    kinds.set(this.kinds);
    const starts = new Uint32Array(kinds.length + 1);
    starts.set(this.starts);
    this.kinds = kinds;
    this.starts = starts;
  }
}

function scan(src: Uint8Array, out: TokenSink): void {
  const n = src.length;
  let i = 0;
  let lineHasContent = false;
  while (i < n) {
    const b = src[i];
    const start = i;
    if (b === SP || b === TAB) {
      while (i < n && (src[i] === SP || src[i] === TAB)) i++;
      out.push(TK.WS, start);
    } else if (b === LF) {
      i++;
      out.push(TK.NL, start);
      lineHasContent = false;
    } else if (b === CRB) {
      if (i + 1 < n && src[i + 1] === LF) {
        i += 2;
        out.push(TK.NL, start);
        lineHasContent = false;
      } else {
        i++;
        out.push(TK.CR, start);
      }
    } else if (b === HASH && !lineHasContent) {
      while (i < n && src[i] !== LF && !(src[i] === CRB && i + 1 < n && src[i + 1] === LF)) i++;
      out.push(TK.COMMENT, start);
    } else if (b === EQB) {
      i++;
      out.push(TK.EQ, start);
      lineHasContent = true;
    } else if (b === LB) {
      i++;
      out.push(TK.LBRACE, start);
      lineHasContent = true;
    } else if (b === RB) {
      i++;
      out.push(TK.RBRACE, start);
      lineHasContent = true;
    } else if (b === DQ || b === SQ) {
      i++;
      while (i < n && src[i] !== b && src[i] !== LF && src[i] !== CRB) i++;
      if (i < n && src[i] === b) i++;
      out.push(TK.STRING, start);
      lineHasContent = true;
    } else {
      while (i < n && isWordByte(src[i])) i++;
      out.push(TK.WORD, start);
      lineHasContent = true;
    }
  }
}

export function lex(input: Uint8Array): Tokens {
  // A Buffer view (no copy) so token text decodes without a temporary view per token.
  const src = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  // GUI-layout files have a bit over 3 bytes per token; the sink doubles when that is too few.
  const out = new TokenSink(Math.max(16, Math.ceil(src.length / 3)));
  scan(src, out);
  const { count } = out;
  // Small slack stays (a view, no copy); a lot of it is trimmed so it does not live as long as the document.
  const trim = out.kinds.length - count > count >>> 3;
  const kinds = trim ? out.kinds.slice(0, count) : out.kinds.subarray(0, count);
  const starts = trim ? out.starts.slice(0, count + 1) : out.starts.subarray(0, count + 1);
  starts[count] = src.length;
  return { src, count, kinds, starts };
}

/** True for tokens that carry meaning (not blanks, newlines or stray CRs). */
export function isSignificant(kind: number): boolean {
  return kind !== TK.WS && kind !== TK.NL && kind !== TK.CR;
}
