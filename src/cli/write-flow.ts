// The safe way every change reaches the disk (edits and restore):
//   lock → read → compute → nothing changed? stop → serial_no → validate what would be written →
//   --dry-run: show the diff, stop → errors and no --force: refuse → keep the old version in the
//   history → atomic write (refused if the file changed since it was read) → unlock.

import { parse } from '../config/parse';
import { print } from '../config/print';
import { bumpSerial, setAttribute } from '../config/edit';
import { buildModel } from '../config/model';
import { Diagnostic, formatDiagnostic, hasErrors } from '../config/diagnostic';
import { validate } from '../config/validate';
import { hostNamesToResolve } from '../config/validate/host-names';
import { unifiedDiff } from '../present/line-diff';
import { Deps } from './deps';
import { EXIT, ExitCode } from './errors';
import { Paths } from './paths';
import { Options } from './args';
import { Document } from '../config/cst';
import { Interrupted, withSignalsDeferred } from '../system/signals';

export type SerialPolicy =
  /** +1 on the value in the new text (edits) */
  | 'bump'
  /** leave as computed (the edit set serial_no itself) */
  | 'keep'
  /** the current file's serial + 1 (restore of an older version) */
  | 'after-current';

export interface Change {
  /** the new bytes from the current ones; throws EditError/RefusedError to refuse */
  compute(current: Buffer): Buffer;
  readonly serial: SerialPolicy;
  /** prints the new text's diagnostics (default: PATH:LINE:COL of lvs.cf); import points at its YAML */
  readonly printDiagnostics?: (diags: readonly Diagnostic[]) => void;
}

const serialOf = (doc: Document) => buildModel(doc).global.serialNo;

/** Validates bytes as they would be written, host names looked up first. */
export async function checkBytes(bytes: Buffer, deps: Deps): Promise<Diagnostic[]> {
  const doc = parse(bytes);
  const config = buildModel(doc);
  const resolved = await deps.resolver.resolveAll(hostNamesToResolve(config));
  return validate(doc, { src: bytes, resolved, config });
}

function applySerial(current: Buffer, next: Buffer, policy: SerialPolicy): Buffer {
  if (policy === 'keep') return next;
  const doc = parse(next);
  if (serialOf(doc) === null) return next;
  if (policy === 'bump') return print(bumpSerial(doc));
  const cur = serialOf(parse(current)) ?? 0;
  return print(setAttribute(doc, {}, 'serial_no', String(cur + 1)));
}

export function printDiagnostics(out: Deps['stderr'], path: string, diags: readonly Diagnostic[]): void {
  for (const d of diags) out.write(formatDiagnostic(path, d) + '\n');
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

/**
 * Why a change is refused, saying how many of the errors the file has already: an admin fixing one
 * error in a broken file must see that the change did not add the others. (No host lookups here:
 * they only ever make warnings.)
 */
function refusal(errors: number, current: Buffer): string {
  const before = validate(parse(current), { src: current }).filter((d) => d.severity === 'error').length;
  const already = before > 0 ? `; the file has ${count(before, 'error')} now, see lvs-tui check` : '';
  return `the result has ${count(errors, 'error')}${already} (use --force to write anyway)`;
}

/** Ctrl-C and kills wait until the change is written or abandoned and the lock is released. */
export function commitChange(change: Change, paths: Paths, opts: Options, deps: Deps): Promise<ExitCode> {
  return withSignalsDeferred((interrupted) => commitChangeNow(change, paths, opts, deps, interrupted));
}

async function commitChangeNow(change: Change, paths: Paths, opts: Options, deps: Deps, interrupted: Interrupted): Promise<ExitCode> {
  const { stdout, stderr } = deps;
  const path = paths.config;
  // A dry run writes nothing, so it takes no lock.
  const lock = opts.dryRun ? null : deps.locker.acquire(paths.lock);
  try {
    const current = deps.files.read(path);
    let next = change.compute(current);
    if (Buffer.compare(next, current) === 0) {
      stderr.write(`lvs-tui: nothing to change in ${path}\n`);
      return EXIT.ok;
    }
    next = applySerial(current, next, change.serial);
    const diags = await checkBytes(next, deps);
    const errors = diags.filter((d) => d.severity === 'error').length;
    if (change.printDiagnostics) change.printDiagnostics(diags);
    else printDiagnostics(stderr, path, diags);
    const refuse = hasErrors(diags) && !opts.force;
    if (opts.dryRun) {
      stdout.write(unifiedDiff(current.toString('utf8'), next.toString('utf8'), path, `${path} (new)`));
      if (refuse) stderr.write(`lvs-tui: this change would be refused: ${refusal(errors, current)}\n`);
      return refuse ? EXIT.refused : EXIT.ok;
    }
    if (refuse) {
      stderr.write(`lvs-tui: not written: ${refusal(errors, current)}\n`);
      return EXIT.refused;
    }
    if (await interrupted()) {
      stderr.write(`lvs-tui: interrupted: nothing written to ${path}\n`);
      return EXIT.refused;
    }
    const history = deps.history(paths.history);
    const kept = await history.save(path, current, serialOf(parse(current)), deps.clock.now());
    try {
      await deps.files.writeAtomic(path, next, { expected: current });
    } catch (err) {
      // The old version is still the current file: its history copy would only be noise.
      await history.remove(path, kept).catch(() => undefined);
      throw err;
    }
    const before = serialOf(parse(current));
    const after = serialOf(parse(next));
    const serialNote = after !== null && before !== after ? ` (serial_no ${before ?? 'unset'} → ${after})` : '';
    stderr.write(`lvs-tui: wrote ${path}${serialNote}${errors ? ` despite ${count(errors, 'error')} (--force)` : ''}\n`);
    return EXIT.ok;
  } finally {
    lock?.release();
  }
}
