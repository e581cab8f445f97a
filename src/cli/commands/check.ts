// `lvs-tui check [--json]`: diagnostics on stdout (they are the command's output), exit 1 on errors.
// Checks lvs.cf, the sidecar lvs-tui.yaml next to it (a missing one means defaults) and whether the
// two agree; each diagnostic names the file it points into.

import { Diagnostic, formatDiagnostic } from '../../config/diagnostic';
import { parse } from '../../config/parse';
import { buildModel } from '../../config/model';
import { validate } from '../../config/validate';
import { hostNamesToResolve } from '../../config/validate/host-names';
import { PlacedDiagnostic, checkAgreement, parseSidecar } from '../../apply/sidecar';
import { EXIT, ExitCode, UsageError } from '../errors';
import { readIfPresent } from '../read-if-present';
import { CommandContext } from './context';

export async function runCheck({ positionals, options, paths, deps }: CommandContext): Promise<ExitCode> {
  if (positionals.length) throw new UsageError(`check takes no arguments`, 'check');
  const bytes = deps.files.read(paths.config);
  const sidecarBytes = readIfPresent(deps, paths.sidecar);
  const doc = parse(bytes);
  const config = buildModel(doc);
  const resolved = await deps.resolver.resolveAll(hostNamesToResolve(config));
  const placed = (file: string) => (d: Diagnostic): PlacedDiagnostic => ({ file, ...d });
  const diags: PlacedDiagnostic[] = validate(doc, { src: bytes, resolved, config }).map(placed(paths.config));
  const side = parseSidecar(sidecarBytes ?? new Uint8Array(), paths.sidecar);
  diags.push(...side.diagnostics.map(placed(paths.sidecar)));
  // A sidecar with YAML errors reads as defaults: comparing that with lvs.cf would only add noise.
  if (side.document.errors.length === 0) diags.push(...checkAgreement(config, side.sidecar, paths.sidecar, paths.config));
  // lvs.cf first, then the sidecar, each in line order
  const order = (d: PlacedDiagnostic) => (d.file === paths.config ? 0 : 1);
  diags.sort((a, b) => order(a) - order(b) || a.span.line - b.span.line || a.span.column - b.span.column);

  const errors = diags.filter((d) => d.severity === 'error').length;
  const warnings = diags.length - errors;
  if (options.json) {
    const data = {
      file: paths.config,
      sidecar: sidecarBytes === null ? null : paths.sidecar,
      errors,
      warnings,
      diagnostics: diags.map((d) => ({ file: d.file, severity: d.severity, code: d.code, message: d.message, line: d.span.line, column: d.span.column, length: d.span.length })),
    };
    deps.stdout.write(JSON.stringify(data, null, 2) + '\n');
  } else {
    for (const d of diags) deps.stdout.write(formatDiagnostic(d.file, d) + '\n');
    const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
    const summary = (file: string) => {
      const mine = diags.filter((d) => d.file === file);
      const e = mine.filter((d) => d.severity === 'error').length;
      deps.stdout.write(mine.length ? `${file}: ${plural(e, 'error')}, ${plural(mine.length - e, 'warning')}\n` : `${file}: no problems found\n`);
    };
    // The sidecar's line only when there is one (or something to say about it).
    if (sidecarBytes !== null || diags.some((d) => d.file === paths.sidecar)) summary(paths.sidecar);
    summary(paths.config);
  }
  return errors > 0 ? EXIT.refused : EXIT.ok;
}

