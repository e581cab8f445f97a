// `lvs-tui export --format keepalived --out DIR`: keepalived-primary.conf, keepalived-backup.conf
// and the MISC_CHECK wrapper scripts (src/migrate/keepalived-render.ts), written all or nothing:
// every file is staged beside its target first, then renamed into place; a failure puts back the
// ones already renamed. A file that exists with other bytes is replaced only with --force.

import { isAbsolute, join, resolve } from 'node:path';
import { parse } from '../../config/parse';
import { buildModel } from '../../config/model';
import { validate } from '../../config/validate';
import { ExportFile, renderKeepalived } from '../../migrate/keepalived-render';
import { StagedFile } from '../../system/file-store';
import { EXIT, ExitCode, RefusedError, UsageError } from '../errors';
import { printDiagnostics } from '../write-flow';
import { CommandContext } from './context';

/** keepalived reads misc_path as one quoted string split on blanks: the directory must be plain. */
const PLAIN_DIR = /^[A-Za-z0-9_.\/+@-]+$/;

export async function runExportKeepalived({ options, paths, deps }: CommandContext): Promise<ExitCode> {
  if (options.out === undefined) throw new UsageError('missing --out DIR (where keepalived-primary.conf, keepalived-backup.conf and the check scripts go)', 'export');
  const dir = isAbsolute(options.out) ? options.out : resolve(options.out);
  const bytes = deps.files.read(paths.config);
  const doc = parse(bytes);
  const config = buildModel(doc);
  const diags = validate(doc, { src: bytes, config }).filter((d) => d.severity === 'error');
  if (diags.length) {
    printDiagnostics(deps.stderr, paths.config, diags);
    if (!options.force) {
      throw new RefusedError(`not exported: ${paths.config} has ${diags.length} error${diags.length === 1 ? '' : 's'} pulse would refuse (use --force to export what can be read)`);
    }
  }
  const result = renderKeepalived(config, { dir, source: paths.config, version: deps.version });
  if (result.files.some((f) => f.name.endsWith('.sh')) && !PLAIN_DIR.test(dir)) {
    throw new UsageError(`--out ${dir}: the check scripts' directory must be a plain path (letters, digits, _ . / + @ -) for keepalived's misc_path`, 'export');
  }
  for (const w of result.warnings) deps.stderr.write(`lvs-tui: warning: ${w.where}: ${w.message}\n`);

  if (options.dryRun) {
    for (const f of result.files) deps.stdout.write(`==> ${join(dir, f.name)} <==\n${f.text}\n`);
    deps.stderr.write(`lvs-tui: dry run: nothing written; interfaces named: ${result.interfaces.join(', ')}\n`);
    return EXIT.ok;
  }
  await deps.makeDirectory(dir);
  const plan = await planWrites(result.files, dir, deps.stager.readOptional.bind(deps.stager), options.force);
  const changed = plan.filter((p) => p.state !== 'same');
  if (changed.length === 0) {
    deps.stderr.write(`lvs-tui: ${dir}: the ${plan.length} files are already up to date\n`);
    return EXIT.ok;
  }
  await writeAll(changed, deps.stager);
  for (const p of plan) deps.stderr.write(`lvs-tui: ${p.state === 'same' ? 'unchanged' : p.state === 'new' ? 'wrote' : 'replaced'} ${p.path}\n`);
  deps.stderr.write(`lvs-tui: check with: keepalived -t -f ${join(dir, result.files[0].name)} (interfaces named: ${result.interfaces.join(', ')})\n`);
  return EXIT.ok;
}

interface PlannedWrite {
  readonly path: string;
  readonly file: ExportFile;
  readonly current: Buffer | null;
  readonly state: 'new' | 'same' | 'replace';
}

async function planWrites(files: readonly ExportFile[], dir: string, readOptional: (p: string) => Buffer | null | Promise<Buffer | null>, force: boolean): Promise<PlannedWrite[]> {
  const plan: PlannedWrite[] = [];
  for (const file of files) {
    const path = join(dir, file.name);
    const current = await readOptional(path);
    const next = Buffer.from(file.text, 'utf8');
    plan.push({ path, file, current, state: current === null ? 'new' : Buffer.compare(current, next) === 0 ? 'same' : 'replace' });
  }
  const clash = plan.filter((p) => p.state === 'replace');
  if (clash.length && !force) {
    throw new RefusedError(`not written: ${clash.map((p) => p.path).join(', ')} already exist${clash.length === 1 ? 's' : ''} with other contents (use --force to replace; --dry-run shows the new files)`);
  }
  return plan;
}

async function writeAll(plan: readonly PlannedWrite[], stager: CommandContext['deps']['stager']): Promise<void> {
  const staged: StagedFile[] = [];
  const committed: StagedFile[] = [];
  try {
    for (const p of plan) staged.push(await stager.stage(p.path, Buffer.from(p.file.text, 'utf8'), { expected: p.current, newFileMode: p.file.mode }));
    for (const s of staged) {
      await s.commit();
      committed.push(s);
    }
  } catch (err) {
    for (const s of committed.reverse()) {
      try {
        await s.revert();
      } catch {
        // the error below is what the admin must see; a failed revert keeps the previous copy
      }
    }
    throw err;
  } finally {
    for (const s of staged) await s.discard();
  }
}
