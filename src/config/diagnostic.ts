// Diagnostics are values. The CLI prints them as `PATH:LINE:COL: error|warning: MESSAGE [CODE]`;
// the screens show the same text beside the field.

export type Severity = 'error' | 'warning';

export interface Span {
  /** 1-based line */
  readonly line: number;
  /** 1-based column, counted in bytes */
  readonly column: number;
  /** length in bytes (at least 1) */
  readonly length: number;
}

export interface Diagnostic {
  readonly severity: Severity;
  /** stable identifier, kebab-case, e.g. `unknown-key` */
  readonly code: string;
  /** what is wrong and what to do */
  readonly message: string;
  readonly span: Span;
}

export function formatDiagnostic(path: string, d: Diagnostic): string {
  return `${path}:${d.span.line}:${d.span.column}: ${d.severity}: ${d.message} [${d.code}]`;
}

export function hasErrors(diags: readonly Diagnostic[]): boolean {
  return diags.some((d) => d.severity === 'error');
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return a.span.line - b.span.line || a.span.column - b.span.column || a.code.localeCompare(b.code);
}
