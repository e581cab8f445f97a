// `lvs-tui check [--json]`: diagnostics on stdout (they are the command's output), exit 1 on errors.

import { formatDiagnostic, hasErrors } from '../../config/diagnostic';
import { EXIT, ExitCode, UsageError } from '../errors';
import { checkBytes } from '../write-flow';
import { CommandContext } from './context';

export async function runCheck({ positionals, options, paths, deps }: CommandContext): Promise<ExitCode> {
  if (positionals.length) throw new UsageError(`check takes no arguments`, 'check');
  const bytes = deps.files.read(paths.config);
  const diags = await checkBytes(bytes, deps);
  const errors = diags.filter((d) => d.severity === 'error').length;
  const warnings = diags.length - errors;
  if (options.json) {
    const data = {
      file: paths.config,
      errors,
      warnings,
      diagnostics: diags.map((d) => ({ severity: d.severity, code: d.code, message: d.message, line: d.span.line, column: d.span.column, length: d.span.length })),
    };
    deps.stdout.write(JSON.stringify(data, null, 2) + '\n');
  } else {
    for (const d of diags) deps.stdout.write(formatDiagnostic(paths.config, d) + '\n');
    const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
    deps.stdout.write(diags.length ? `${paths.config}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}\n` : `${paths.config}: no problems found\n`);
  }
  return hasErrors(diags) ? EXIT.refused : EXIT.ok;
}
