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
  /** the bytes the offsets point into */
  readonly src: Uint8Array;
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

/** Scans once; with `emit` unset it only counts, so the arrays can be sized exactly. */
function scan(src: Uint8Array, emit?: (kind: number, start: number) => void): number {
  const n = src.length;
  let i = 0;
  let count = 0;
  let lineHasContent = false;
  const push = (kind: number, start: number) => {
    if (emit) emit(kind, start);
    count++;
  };
  while (i < n) {
    const b = src[i];
    const start = i;
    if (b === SP || b === TAB) {
      while (i < n && (src[i] === SP || src[i] === TAB)) i++;
      push(TK.WS, start);
    } else if (b === LF) {
      i++;
      push(TK.NL, start);
      lineHasContent = false;
    } else if (b === CRB) {
      if (i + 1 < n && src[i + 1] === LF) {
        i += 2;
        push(TK.NL, start);
        lineHasContent = false;
      } else {
        i++;
        push(TK.CR, start);
      }
    } else if (b === HASH && !lineHasContent) {
      while (i < n && src[i] !== LF && !(src[i] === CRB && i + 1 < n && src[i + 1] === LF)) i++;
      push(TK.COMMENT, start);
    } else if (b === EQB) {
      i++;
      push(TK.EQ, start);
      lineHasContent = true;
    } else if (b === LB) {
      i++;
      push(TK.LBRACE, start);
      lineHasContent = true;
    } else if (b === RB) {
      i++;
      push(TK.RBRACE, start);
      lineHasContent = true;
    } else if (b === DQ || b === SQ) {
      i++;
      while (i < n && src[i] !== b && src[i] !== LF && src[i] !== CRB) i++;
      if (i < n && src[i] === b) i++;
      push(TK.STRING, start);
      lineHasContent = true;
    } else {
      while (i < n && isWordByte(src[i])) i++;
      push(TK.WORD, start);
      lineHasContent = true;
    }
  }
  return count;
}

export function lex(src: Uint8Array): Tokens {
  const count = scan(src);
  const kinds = new Uint8Array(count);
  const starts = new Uint32Array(count + 1);
  let k = 0;
  scan(src, (kind, start) => {
    kinds[k] = kind;
    starts[k] = start;
    k++;
  });
  starts[count] = src.length;
  return { src, count, kinds, starts };
}

/** True for tokens that carry meaning (not blanks, newlines or stray CRs). */
export function isSignificant(kind: number): boolean {
  return kind !== TK.WS && kind !== TK.NL && kind !== TK.CR;
}
