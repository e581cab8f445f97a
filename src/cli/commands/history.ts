// `lvs-tui history` and `lvs-tui restore N`.

import { parse } from '../../config/parse';
import { buildModel } from '../../config/model';
import { summarizeChanges } from '../../present/change-summary';
import { IoError } from '../../system/io-error';
import { HistoryEntry } from '../../system/history-store';
import { EXIT, ExitCode, RefusedError, UsageError } from '../errors';
import { commitChange } from '../write-flow';
import { table } from './list';
import { CommandContext } from './context';

function date(d: Date): string {
  return d.toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, '');
}

export async function runHistory({ positionals, paths, deps }: CommandContext): Promise<ExitCode> {
  if (positionals.length) throw new UsageError('history takes no arguments', 'history');
  const store = deps.history(paths.history);
  const entries = await store.list(paths.config);
  if (!entries.length) {
    deps.stdout.write(`no earlier versions of ${paths.config} kept yet\n`);
    return EXIT.ok;
  }
  let current: Buffer | null = null;
  try {
    current = deps.files.read(paths.config);
  } catch (err) {
    if (!(err instanceof IoError)) throw err;
  }
  const currentModel = current ? buildModel(parse(current)) : null;
  const rows: string[][] = [['#', 'DATE (UTC)', 'SIZE', 'SERIAL', 'RESTORING IT WOULD CHANGE']];
  const versions = await Promise.all(entries.map((e) => store.read(paths.config, e.id)));
  entries.forEach((e, i) => {
    const bytes = versions[i];
    const summary = current && currentModel ? summarizeChanges(currentModel, buildModel(parse(bytes)), Buffer.compare(bytes, current) === 0) : 'current file unreadable';
    rows.push([String(i + 1), date(e.date), String(e.size), e.serial === null ? '-' : String(e.serial), summary]);
  });
  deps.stdout.write(table(rows));
  return EXIT.ok;
}

export function pickVersion(entries: readonly HistoryEntry[], arg: string): HistoryEntry {
  if (!/^[1-9][0-9]*$/.test(arg)) throw new UsageError(`N must be a version number from \`lvs-tui history\`, not "${arg}"`, 'restore');
  const n = Number(arg);
  if (n > entries.length) {
    throw new RefusedError(entries.length ? `there is no version ${n}: lvs-tui keeps ${entries.length} (see \`lvs-tui history\`)` : 'lvs-tui has kept no earlier version of this file yet');
  }
  return entries[n - 1];
}

export async function runRestore({ positionals, options, paths, deps }: CommandContext): Promise<ExitCode> {
  if (positionals.length !== 1) throw new UsageError(positionals.length ? 'restore takes one N' : 'missing N', 'restore');
  const store = deps.history(paths.history);
  const entry = pickVersion(await store.list(paths.config), positionals[0]);
  const bytes = await store.read(paths.config, entry.id);
  return commitChange({ compute: () => bytes, serial: 'after-current' }, paths, options, deps);
}
