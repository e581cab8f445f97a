// Dispatch: argv → command → exit code. Every error ends here and becomes a message and an exit
// code (errors.ts); nothing below prints a stack trace for an expected failure.

import { IoError, ConflictError, ExecError, LockHeldError } from '../system/io-error';
import { ParsedArgs, parseArgs } from './args';
import { CommandContext } from './commands/context';
import { Deps } from './deps';
import { EXIT, ExitCode, RefusedError, UsageError } from './errors';
import { resolvePaths } from './paths';
import { COMMAND_HELP, OVERVIEW, isCommandName, usageLines } from './usage';

/** The commands, loaded on first use: `--help` must answer fast. */
const commands = () => require('./commands/index') as typeof import('./commands/index');

/** Remote mode's Deps (`--host`), built by the composition root (main.ts, src/cli/remote-mode.ts). */
export type OpenRemote = (parsed: ParsedArgs, deps: Deps) => Promise<{ readonly deps: Deps; close(): Promise<void> }>;

export async function run(argv: readonly string[], deps: Deps, hooks: { openRemote?: OpenRemote } = {}): Promise<ExitCode> {
  try {
    return await dispatch(argv, deps, hooks.openRemote);
  } catch (err) {
    return report(err, deps);
  }
}

async function dispatch(argv: readonly string[], localDeps: Deps, openRemote?: OpenRemote): Promise<ExitCode> {
  const parsed = parseArgs(argv);
  const { command, options } = parsed;
  if (options.host !== undefined && !options.version && !options.help && command !== 'help') {
    if (!openRemote) throw new UsageError('--host (remote mode) is not available here', command);
    const remote = await openRemote(parsed, localDeps);
    try {
      return await dispatchParsed(parsed, remote.deps);
    } finally {
      await remote.close();
    }
  }
  return dispatchParsed(parsed, localDeps);
}

async function dispatchParsed(parsed: ParsedArgs, deps: Deps): Promise<ExitCode> {
  const { command, positionals, options } = parsed;
  if (options.version) {
    deps.stdout.write(`lvs-tui ${deps.version}\n`);
    return EXIT.ok;
  }
  if (options.help || command === 'help') {
    const topic = command === 'help' ? (positionals[0] ?? (options.help ? 'help' : undefined)) : command;
    if (command === 'help' && positionals.length > 1) throw new UsageError('help takes one COMMAND', 'help');
    if (topic === undefined || topic === null) deps.stdout.write(OVERVIEW);
    else if (isCommandName(topic)) deps.stdout.write(COMMAND_HELP[topic]);
    else throw new UsageError(`unknown command "${topic}"`);
    return EXIT.ok;
  }
  const ctx: CommandContext = { positionals, options, paths: resolvePaths((options.host !== undefined ? options.remoteRoot : undefined) ?? options.root, options.config), deps };
  // no command: the terminal UI, without loading every other command first (its first frame is timed)
  if (command === null) return (require('./commands/tui') as typeof import('./commands/tui')).runTuiCommand(ctx);
  const { runCheck, runPrint, runList, runGet, runExport, runImport, runHistory, runRestore, isEditCommand, runEdit, runPlan, runApply, runPulse, runServerAction, runStatus, runDashboard, runTuiCommand, runSync, runRealserverSetup, runTestCheck } = commands();
  switch (command) {
    case 'check':
      return runCheck(ctx);
    case 'print':
      return runPrint(ctx);
    case 'list':
      return runList(ctx);
    case 'get':
      return runGet(ctx);
    case 'export':
      return runExport(ctx);
    case 'import':
      return runImport(ctx);
    case 'history':
      return runHistory(ctx);
    case 'restore':
      return runRestore(ctx);
    case 'plan':
      return runPlan(ctx);
    case 'apply':
      return runApply(ctx);
    case 'pulse':
      return runPulse(ctx);
    case 'server':
      return runServerAction(ctx);
    case 'status':
      return runStatus(ctx);
    case 'dashboard':
      return runDashboard(ctx);
    case 'sync':
      return runSync(ctx);
    case 'tui':
      return runTuiCommand(ctx);
    case 'test-check':
      return runTestCheck(ctx);
    case 'realserver-setup':
      return runRealserverSetup(ctx);
    default:
      if (isEditCommand(command)) return runEdit(command, ctx);
      throw new UsageError(`unknown command "${command}"`);
  }
}

function report(err: unknown, deps: Deps): ExitCode {
  const say = (msg: string) => deps.stderr.write(`lvs-tui: ${msg}\n`);
  if (err instanceof UsageError) {
    say(err.message);
    const usage = err.command && isCommandName(err.command) ? usageLines(err.command) : 'Usage: lvs-tui [OPTIONS] COMMAND [ARGS]';
    deps.stderr.write(`${usage}\nTry 'lvs-tui ${err.command ? `help ${err.command}` : '--help'}' for more.\n`);
    return EXIT.usage;
  }
  if (err instanceof IoError) {
    say(err.message);
    return EXIT.io;
  }
  if (isSshError(err)) {
    // the connection failed or dropped: for a write, the far file is either old or new (atomic rename)
    say(err.message);
    return EXIT.io;
  }
  if (err instanceof ExecError) {
    // Only the SELinux label copy runs a program during a write; the original is untouched.
    say(`could not keep the SELinux label: ${err.message}; nothing written`);
    return EXIT.io;
  }
  if (isEditError(err) || err instanceof RefusedError || err instanceof LockHeldError || err instanceof ConflictError) {
    say(err.message);
    return EXIT.refused;
  }
  throw err;
}

/** SshError of src/system/ssh-error.ts, recognised by name (no SSH code loaded for local commands). */
function isSshError(err: unknown): err is Error {
  return err instanceof Error && err.name === 'SshError';
}

/** EditError of the core, recognised without loading the core for `--help`. */
function isEditError(err: unknown): err is Error {
  return err instanceof Error && err.name === 'EditError';
}
