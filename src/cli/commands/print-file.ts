// `lvs-tui print`: parse and print back; byte for byte what was read. Exit 0 whenever it was read.

import { parse } from '../../config/parse';
import { print } from '../../config/print';
import { EXIT, ExitCode, UsageError } from '../errors';
import { CommandContext } from './context';

export function runPrint({ positionals, paths, deps }: CommandContext): ExitCode {
  if (positionals.length) throw new UsageError('print takes no arguments', 'print');
  deps.stdout.write(print(parse(deps.files.read(paths.config))));
  return EXIT.ok;
}
