// Every command's entry point, each module loaded only when its command runs (so `--help` and
// `--version` load none of the parser, validator or writers, and `sync` does not load `check`,
// `edit`, `export` and the rest: module loading is a good part of a short command's time).

import type { CommandName } from '../usage';
import type { CommandContext } from './context';
import type { ExitCode } from '../errors';

type Run = (ctx: CommandContext) => ExitCode | Promise<ExitCode>;
const lazy = <M>(load: () => M, pick: (m: M) => Run): Run => (ctx) => pick(load())(ctx);

export const runCheck = lazy(() => require('./check') as typeof import('./check'), (m) => m.runCheck);
export const runExport = lazy(() => require('./export') as typeof import('./export'), (m) => m.runExport);
export const runImport = lazy(() => require('./import') as typeof import('./import'), (m) => m.runImport);
export const runGet = lazy(() => require('./get') as typeof import('./get'), (m) => m.runGet);
export const runHistory = lazy(() => require('./history') as typeof import('./history'), (m) => m.runHistory);
export const runRestore = lazy(() => require('./history') as typeof import('./history'), (m) => m.runRestore);
export const runList = lazy(() => require('./list') as typeof import('./list'), (m) => m.runList);
export const runPrint = lazy(() => require('./print-file') as typeof import('./print-file'), (m) => m.runPrint);
export const runApply = lazy(() => require('./apply') as typeof import('./apply'), (m) => m.runApply);
export const runPlan = lazy(() => require('./apply') as typeof import('./apply'), (m) => m.runPlan);
export const runPulse = lazy(() => require('./pulse') as typeof import('./pulse'), (m) => m.runPulse);
export const runServerAction = lazy(() => require('./server-action') as typeof import('./server-action'), (m) => m.runServerAction);
export const runStatus = lazy(() => require('./status') as typeof import('./status'), (m) => m.runStatus);
export const runDashboard = lazy(() => require('./dashboard') as typeof import('./dashboard'), (m) => m.runDashboard);
export const runSync = lazy(() => require('./sync') as typeof import('./sync'), (m) => m.runSync);
export const runTuiCommand = lazy(() => require('./tui') as typeof import('./tui'), (m) => m.runTuiCommand);
export const runTestCheck = lazy(() => require('./test-check') as typeof import('./test-check'), (m) => m.runTestCheck);
export const runRealserverSetup = lazy(() => require('./realserver-setup') as typeof import('./realserver-setup'), (m) => m.runRealserverSetup);

/** set, unset, add, delete, rename, enable, disable (no module loaded to say so). */
export function isEditCommand(c: CommandName): c is import('./edit').EditCommandName {
  return c === 'set' || c === 'unset' || c === 'add' || c === 'delete' || c === 'rename' || c === 'enable' || c === 'disable';
}

export function runEdit(command: import('./edit').EditCommandName, ctx: CommandContext): Promise<ExitCode> {
  return (require('./edit') as typeof import('./edit')).runEdit(command, ctx);
}
