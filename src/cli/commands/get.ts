// `lvs-tui get [--virtual V [--server S]] KEY`: only the value on stdout (the effective one: the
// daemons' default when the file does not set it). Nothing on stdout and exit 1 when there is no
// value at all, the key is unknown for the block, or the block does not exist.

import { parse } from '../../config/parse';
import { buildModel, effectiveSetting } from '../../config/model';
import { keySpec } from '../../config/schema';
import { describePath, scopeOf } from '../../config/edit';
import { EXIT, ExitCode, UsageError } from '../errors';
import { CommandContext } from './context';

export function runGet({ positionals, options, paths, deps }: CommandContext): ExitCode {
  if (positionals.length !== 1) throw new UsageError(positionals.length ? 'get takes one KEY' : 'missing KEY', 'get');
  const key = positionals[0];
  const config = buildModel(parse(deps.files.read(paths.config)));
  const path = { virtual: options.virtual, server: options.server };
  const scope = scopeOf(path);
  const s = effectiveSetting(config, key, options.virtual, options.server);
  if (s === undefined) {
    deps.stderr.write(`lvs-tui: no ${describePath(path)} in ${paths.config}\n`);
    return EXIT.refused;
  }
  if (s.from === 'default' && !keySpec(scope, key)) {
    deps.stderr.write(`lvs-tui: "${key}" is not a key of ${describePath(path)}\n`);
    return EXIT.refused;
  }
  if (s.value === null) {
    deps.stderr.write(`lvs-tui: ${key} is not set in ${describePath(path)} and has no default\n`);
    return EXIT.refused;
  }
  deps.stdout.write(s.value + '\n');
  return EXIT.ok;
}
