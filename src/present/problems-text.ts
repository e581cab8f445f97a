// The `!` overlay's text (pure): the staged files' diagnostics as the CLI prints them
// (PATH:LINE:COL: error|warning: MESSAGE [CODE]), errors first.

import { formatDiagnostic } from '../config/diagnostic';
import type { PlacedDiagnostic } from '../apply/sidecar';

export function problemLines(diags: readonly PlacedDiagnostic[], pending: number): string[] {
  if (diags.length === 0) return ['No errors or warnings in the staged files.'];
  const errors = diags.filter((d) => d.severity === 'error');
  const warnings = diags.filter((d) => d.severity !== 'error');
  const state = pending ? 'with the staged changes' : 'as on disk';
  return [
    `${errors.length} error${errors.length === 1 ? '' : 's'}, ${warnings.length} warning${warnings.length === 1 ? '' : 's'} (${state}):`,
    '',
    ...[...errors, ...warnings].map((d) => formatDiagnostic(d.file, d)),
  ];
}
