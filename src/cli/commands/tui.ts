// `lvs-tui` (no command) and `lvs-tui tui [--demo] [--read-only]`: the terminal UI. Reads lvs.cf and
// lvs-tui.yaml into an EditSession, decides whether the session is read-only, and hands both to
// screens/shell.ts (loaded only now: other commands never load blessed).

import { readOnlyReason } from '../../app/read-only';
import { EditSession } from '../../app/edit-session';
import { CommandLog } from '../../app/command-log';
import { whyNotWritable } from '../../system/writable';
import { EXIT, ExitCode, UsageError } from '../errors';
import { readIfPresent } from '../read-if-present';
import { CommandContext } from './context';
import { withOptionalDemo } from './demo-option';
import { peerSourceFor } from '../peer-source';
import { basename } from 'node:path';


/**
 * Why the session is read-only: now (--read-only, permissions), and `check` (those and the file's
 * errors, a validation of the whole file): run after the first frame, and again whenever the
 * session takes new files (the raw edit saved a fixed file, a reload, an apply).
 */
export function readOnlyRules(c: CommandContext, session: EditSession): { now: string | null; check: () => string | null } {
  // remote mode (--host): the files are the far side's; this machine's permissions say nothing about
  // them (a write the far side refuses fails in the apply, before anything changes)
  const notWritable = c.deps.remoteLabel ? null : whyNotWritable(c.paths.config);
  const facts = { flag: c.options.readOnly, notWritable, fileName: basename(c.paths.config) };
  return {
    now: readOnlyReason({ ...facts, diagnostics: [] }),
    check: () => readOnlyReason({ ...facts, diagnostics: session.diagnostics().filter((d) => d.file === c.paths.config) }),
  };
}

export async function runTuiCommand(ctx: CommandContext): Promise<ExitCode> {
  if (ctx.positionals.length) throw new UsageError('tui takes no arguments', 'tui');
  if (!process.stdout.isTTY || !process.stdin.isTTY) throw new UsageError('the terminal UI needs a terminal; scripts use the commands (lvs-tui --help)', 'tui');
  return withOptionalDemo(ctx, async (c, demo) => {
    const configBytes = c.deps.files.read(c.paths.config);
    const sidecarBytes = readIfPresent(c.deps, c.paths.sidecar);
    const session = new EditSession({ configPath: c.paths.config, configBytes, sidecarPath: c.paths.sidecar, sidecarBytes });
    const { now: reason, check: readOnlyCheck } = readOnlyRules(c, session);
    const { runTui } = require('../../../screens/shell') as typeof import('../../../screens/shell');
    const handle = runTui({ tui: { ctx: c, demo, commandLog: new CommandLog(), peer: peerSourceFor(c, demo !== null) }, session, readOnly: reason !== null, readOnlyReason: reason, readOnlyCheck, deferFirstView: true });
    await handle.done;
    return EXIT.ok;
  });
}
