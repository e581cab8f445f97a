// `lvs-tui export --format json|yaml`: the model as data (see src/present/export-model.ts).

import { parse } from '../../config/parse';
import { buildModel } from '../../config/model';
import { exportConfig } from '../../present/export-model';
import { EXIT, ExitCode, UsageError } from '../errors';
import { CommandContext } from './context';

export function runExport({ positionals, options, paths, deps }: CommandContext): ExitCode {
  if (positionals.length) throw new UsageError('export takes no arguments', 'export');
  if (options.format !== 'json' && options.format !== 'yaml') {
    throw new UsageError(options.format === undefined ? 'missing --format json|yaml' : `unknown format "${options.format}" (json or yaml)`, 'export');
  }
  const data = exportConfig(buildModel(parse(deps.files.read(paths.config))), paths.config);
  deps.stdout.write(options.format === 'json' ? JSON.stringify(data, null, 2) + '\n' : deps.yamlStringify()(data));
  return EXIT.ok;
}
