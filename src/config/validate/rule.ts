// What a validation rule sees and how it reports. Line rules are called once per physical line in a
// single walk (cheap on 10,000-service files); document rules run once with the typed model.

import { BlockNode, Document, LineKind, LineNode, lineStart, significantTokens } from '../cst';
import { Diagnostic, Severity } from '../diagnostic';
import { LvsConfig } from '../model';
import { KeyType, Scope } from '../schema';

/** Where a line stands. The same object is reused for every line: copy what you keep. */
export interface LineEntry {
  line: LineNode;
  lineNo: number;
  /** the scope of the block the line is in ('global' at top level); null inside an unknown block */
  scope: Scope | null;
  /** the innermost enclosing block, null at top level */
  block: BlockNode | null;
  /** for a block's own `open`/`close` line: that block */
  own: BlockNode | null;
}

export interface ValidateContext {
  /**
   * Host names looked up before validation (the validator itself does no I/O):
   * true = resolves, false = does not. A name missing from the map is not checked.
   */
  readonly resolved?: ReadonlyMap<string, boolean>;
}

export interface DocInput {
  readonly doc: Document;
  readonly config: LvsConfig;
  readonly ctx: ValidateContext;
  /** the raw bytes, for rules that look at bytes (CR characters) */
  readonly src: Uint8Array | null;
}

export type Report = (d: Diagnostic) => void;

export interface LineRule {
  readonly kind: 'line';
  readonly codes: readonly string[];
  /** the line kinds the rule looks at (all when missing): the walk skips the call for others */
  readonly lines?: readonly LineKind[];
  /**
   * attr lines only: the rule looks only at known keys of these types, so the walk calls it only
   * for them (one schema lookup per line instead of one per rule)
   */
  readonly types?: readonly KeyType[];
  check(e: LineEntry, report: Report): void;
}

export interface DocRule {
  readonly kind: 'doc';
  readonly codes: readonly string[];
  check(input: DocInput, report: Report): void;
}

export type Rule = LineRule | DocRule;

/** A span over token t of a line (1-based byte column). */
export function tokenSpan(line: LineNode, lineNo: number, t: number) {
  const { starts } = line.toks;
  return { line: lineNo, column: starts[t] - lineStart(line) + 1, length: Math.max(1, starts[t + 1] - starts[t]) };
}

/** A span over the tokens [from, to] of a line. */
export function tokensSpan(line: LineNode, lineNo: number, from: number, to: number) {
  const { starts } = line.toks;
  return { line: lineNo, column: starts[from] - lineStart(line) + 1, length: Math.max(1, starts[to + 1] - starts[from]) };
}

/** Span of the key of an attr line, or of the first meaningful token. */
export function keySpan(line: LineNode, lineNo: number) {
  const sig = significantTokens(line);
  return sig.length ? tokenSpan(line, lineNo, sig[0]) : { line: lineNo, column: 1, length: 1 };
}

export function diag(severity: Severity, code: string, message: string, span: Diagnostic['span']): Diagnostic {
  return { severity, code, message, span };
}
