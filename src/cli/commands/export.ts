// `lvs-tui export --format json|yaml`: the model as data (see src/present/export-model.ts);
// `--format keepalived --out DIR`: keepalived.conf for both routers (export-keepalived.ts).

import { parse } from '../../config/parse';
import { buildModel } from '../../config/model';
import { exportConfig } from '../../present/export-model';
import { EXIT, ExitCode, UsageError } from '../errors';
import { CommandContext } from './context';
import { runExportKeepalived } from './export-keepalived';

export function runExport(ctx: CommandContext): ExitCode | Promise<ExitCode> {
  const { positionals, options, paths, deps } = ctx;
  if (positionals.length) throw new UsageError('export takes no arguments', 'export');
  if (options.format === 'keepalived') return runExportKeepalived(ctx);
  if (options.format !== 'json' && options.format !== 'yaml') {
    throw new UsageError(options.format === undefined ? 'missing --format json|yaml|keepalived' : `unknown format "${options.format}" (json, yaml or keepalived)`, 'export');
  }
  if (options.out !== undefined) throw new UsageError('--out is for --format keepalived (json and yaml go to stdout)', 'export');
  const data = exportConfig(buildModel(parse(deps.files.read(paths.config))), paths.config);
  deps.stdout.write(options.format === 'json' ? JSON.stringify(data, null, 2) + '\n' : deps.yamlStringify()(data));
  return EXIT.ok;
}
