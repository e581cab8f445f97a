// `lvs-tui import FILE.yaml [--dry-run] [--yes]`: the YAML of `export --format yaml` back into
// lvs.cf (src/migrate/yaml-import.ts), through the same safe write as `set`: lock, only the
// changed lines change, serial_no + 1, validated (problems shown at their YAML line when the line
// came from the YAML), history kept, atomic. Without --yes it shows the diff and asks.

import { parse } from '../../config/parse';
import { print } from '../../config/print';
import { buildModel } from '../../config/model';
import { Diagnostic, formatDiagnostic } from '../../config/diagnostic';
import { ImportIntent, Pos, planImport, readImportYaml, setsSerial } from '../../migrate/yaml-import';
import { unifiedDiff } from '../../present/line-diff';
import { prepareValue } from '../edit-plan';
import { EXIT, ExitCode, RefusedError, UsageError } from '../errors';
import { commitChange } from '../write-flow';
import { CommandContext } from './context';

interface Computed {
  readonly next: Buffer;
  readonly origins: ReadonlyMap<number, Pos>;
}

function compute(current: Buffer, intent: ImportIntent, yamlPath: string, force: boolean, report: (d: Diagnostic) => void): Computed {
  const plan = planImport(parse(current), intent, (scope, key, value) => prepareValue(scope, key, value, force));
  if (plan.problems.length) {
    for (const d of plan.problems) report(d);
    throw new RefusedError(`not imported: ${plan.problems.length} problem${plan.problems.length === 1 ? '' : 's'} in ${yamlPath}; nothing written`);
  }
  return { next: print(plan.doc), origins: plan.origins };
}

export async function runImport({ positionals, options, paths, deps }: CommandContext): Promise<ExitCode> {
  if (positionals.length !== 1) throw new UsageError(positionals.length ? `import takes one FILE.yaml, not ${positionals.length}` : 'missing FILE.yaml', 'import');
  const yamlPath = positionals[0];
  // with --host the YAML is a file here, lvs.cf the router's
  const text = (deps.localFiles ?? deps.files).read(yamlPath).toString('utf8');
  const printYaml = (d: Diagnostic) => deps.stderr.write(formatDiagnostic(yamlPath, d) + '\n');
  const read = readImportYaml(text);
  if (!read.intent) {
    for (const d of read.problems) printYaml(d);
    throw new RefusedError(`not imported: ${read.problems.length} problem${read.problems.length === 1 ? '' : 's'} in ${yamlPath}; nothing written`);
  }
  const intent = read.intent;

  // Without --yes: show the change, ask, and write exactly what was shown.
  let shown: Buffer | null = null;
  if (!options.yes && !options.dryRun) {
    const current = deps.files.read(paths.config);
    const { next } = compute(current, intent, yamlPath, options.force, printYaml);
    if (Buffer.compare(next, current) === 0) {
      deps.stderr.write(`lvs-tui: nothing to change in ${paths.config}\n`);
      return EXIT.ok;
    }
    deps.stdout.write(unifiedDiff(current.toString('utf8'), next.toString('utf8'), paths.config, `${paths.config} (imported)`));
    const answer = await deps.ask(`Write these changes to ${paths.config}?`);
    if (answer === null) throw new UsageError('there is no terminal to ask on: give --yes to import without asking (--dry-run shows the diff)', 'import');
    if (!answer) {
      deps.stderr.write('lvs-tui: not imported: nothing written\n');
      return EXIT.refused;
    }
    shown = current;
  }

  let origins: ReadonlyMap<number, Pos> = new Map();
  let serialSet = false;
  return commitChange(
    {
      compute: (current) => {
        if (shown && Buffer.compare(current, shown) !== 0) throw new RefusedError(`${paths.config} changed while you were asked; nothing written (run the import again)`);
        serialSet = setsSerial(intent, buildModel(parse(current)));
        const c = compute(current, intent, yamlPath, options.force, printYaml);
        origins = c.origins;
        return c.next;
      },
      get serial() {
        return serialSet ? ('keep' as const) : ('bump' as const);
      },
      printDiagnostics: (diags) => {
        for (const d of diags) {
          const at = origins.get(d.span.line);
          if (at) deps.stderr.write(`${formatDiagnostic(yamlPath, { ...d, span: at })} (${paths.config} line ${d.span.line})\n`);
          else deps.stderr.write(formatDiagnostic(paths.config, d) + '\n');
        }
      },
    },
    paths,
    options,
    deps,
  );
}
