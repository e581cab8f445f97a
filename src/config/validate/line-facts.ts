// What several line rules need to know about the same line (its meaningful tokens, where "=" and a
// trailing "#" are, the value tokens). Computed once per line and shared: the validator calls every
// line rule on one line before moving to the next, so a single-entry cache suffices and nothing is
// allocated per line. Facts depend only on the (immutable) line, so the cache is always correct.

import { LineNode } from '../cst';
import { TK, isSignificant } from '../lexer';
import { KeySpec, Scope, keySpec } from '../schema';
import { byteAt, tokenLength } from './bytes';

export interface LineFacts {
  /** token indices of the meaningful tokens, in order (only the first `n` entries are valid) */
  readonly sig: number[];
  readonly n: number;
  /** position in `sig` of the first "=", or -1 */
  readonly eq: number;
  /**
   * position in `sig` of a trailing comment: a word starting with "#" after an attribute's first
   * value word or after a block's "{" (pulse only knows whole-line comments), or -1
   */
  readonly hash: number;
  /** position in `sig` of the first "{", or -1 */
  readonly lbrace: number;
  /** `hash` when there is a trailing comment, else `n`: the tokens pulse would look at */
  readonly end: number;
  /** token index of a quoted value whose closing quote is escaped (`"say \"hi\""`), or -1 */
  readonly escapedQuote: number;
  /** the line holds a lone "\r" (pulse would end the line there) */
  readonly hasCR: boolean;
}

interface Mutable {
  sig: number[];
  n: number;
  eq: number;
  hash: number;
  lbrace: number;
  end: number;
  escapedQuote: number;
  hasCR: boolean;
}

const HASH = 0x23, BACKSLASH = 0x5c;
let cachedLine: LineNode | null = null;
const facts: Mutable = { sig: [], n: 0, eq: -1, hash: -1, lbrace: -1, end: 0, escapedQuote: -1, hasCR: false };

/** Facts about `line`. The object is reused for the next line: read it, do not keep it. */
export function factsOf(line: LineNode): LineFacts {
  if (line === cachedLine) return facts;
  cachedLine = line;
  const { kinds } = line.toks;
  const sig = facts.sig;
  let n = 0;
  let eq = -1;
  let hash = -1;
  let lbrace = -1;
  let escapedQuote = -1;
  let hasCR = false;
  for (let t = line.t0; t < line.t1; t++) {
    const k = kinds[t];
    if (k === TK.CR) hasCR = true;
    if (!isSignificant(k)) continue;
    if (eq < 0 && k === TK.EQ) eq = n;
    if (lbrace < 0 && k === TK.LBRACE) lbrace = n;
    if (hash < 0 && k === TK.WORD && byteAt(line.toks, t, 0) === HASH) {
      const afterValue = line.kind === 'attr' ? eq >= 0 && n >= eq + 2 : lbrace >= 0;
      if (afterValue) hash = n;
    }
    if (escapedQuote < 0 && k === TK.STRING && closingQuoteEscaped(line, t)) escapedQuote = t;
    sig[n++] = t;
  }
  // an escaped closing quote only matters when the value goes on after it
  if (escapedQuote >= 0 && sig[n - 1] === escapedQuote) escapedQuote = -1;
  facts.n = n;
  facts.eq = eq;
  facts.hash = hash;
  facts.lbrace = lbrace;
  facts.end = hash >= 0 ? hash : n;
  facts.escapedQuote = escapedQuote;
  facts.hasCR = hasCR;
  return facts;
}

/** A terminated quoted token whose closing quote follows an odd run of backslashes. */
function closingQuoteEscaped(line: LineNode, t: number): boolean {
  const len = tokenLength(line.toks, t);
  if (len < 3 || byteAt(line.toks, t, len - 1) !== byteAt(line.toks, t, 0)) return false;
  let slashes = 0;
  for (let i = len - 2; i > 0 && byteAt(line.toks, t, i) === BACKSLASH; i--) slashes++;
  return slashes % 2 === 1;
}

/** Whether a quoted token reaches its closing quote on the line. */
export function isTerminated(line: LineNode, t: number): boolean {
  const len = tokenLength(line.toks, t);
  return len >= 2 && byteAt(line.toks, t, len - 1) === byteAt(line.toks, t, 0);
}

/** How many value words a key takes: `address`/`nat_router` outside servers take IP and device. */
export function arityOf(scope: Scope, spec: KeySpec): number {
  if (spec.type === 'list') return -1;
  return spec.type === 'addr-dev' && scope !== 'server' ? 2 : 1;
}

export interface AttrValue {
  readonly spec: KeySpec;
  /** token index of the first value word */
  readonly t: number;
}

// The schema entry of an attr line's key, looked up once per line (the walk and several rules ask).
let specLine: LineNode | null = null;
let specScope: Scope | null = null;
let specResult: KeySpec | undefined;

/** The schema entry of an attr line's key in its scope; undefined for unknown keys and other lines. */
export function specOf(line: LineNode, scope: Scope | null): KeySpec | undefined {
  if (line === specLine && scope === specScope) return specResult;
  specLine = line;
  specScope = scope;
  specResult = line.kind === 'attr' && scope !== null && line.key !== null ? keySpec(scope, line.key) : undefined;
  return specResult;
}

// attrValue is asked by a dozen rules per line: cached like the facts, keyed by line and scope.
let attrLine: LineNode | null = null;
let attrScope: Scope | null = null;
let attrResult: { spec: KeySpec; t: number } | null = null;
const attrSlot: { spec: KeySpec; t: number } = { spec: undefined as never, t: -1 };

/**
 * For a well-formed attr line of a known key with the right number of values: its spec and first
 * value token; otherwise null (other rules report the shape). Value-type rules start here.
 * The object is reused for the next line: read it, do not keep it.
 */
export function attrValue(line: LineNode, scope: Scope | null): AttrValue | null {
  if (line === attrLine && scope === attrScope) return attrResult;
  attrLine = line;
  attrScope = scope;
  attrResult = computeAttrValue(line, scope);
  return attrResult;
}

function computeAttrValue(line: LineNode, scope: Scope | null): { spec: KeySpec; t: number } | null {
  const spec = specOf(line, scope);
  if (!spec || scope === null) return null;
  const f = factsOf(line);
  if (f.eq !== 1 || f.escapedQuote >= 0 || f.end - 2 !== arityOf(scope, spec)) return null;
  attrSlot.spec = spec;
  attrSlot.t = f.sig[2];
  return attrSlot;
}

/** Drops the cached line (and with it the last file's bytes) once a walk is over. */
export function forgetLine(): void {
  cachedLine = null;
  specLine = null;
  attrLine = null;
  attrResult = null;
}
