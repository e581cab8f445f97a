// Every command's entry point, loaded by run.ts only once argv names a command (so `--help` and
// `--version` load none of the parser, validator or writers).

export { runCheck } from './check';
export { isEditCommand, runEdit } from './edit';
export { runExport } from './export';
export { runImport } from './import';
export { runGet } from './get';
export { runHistory, runRestore } from './history';
export { runList } from './list';
export { runPrint } from './print-file';
export { runApply, runPlan } from './apply';
export { runPulse } from './pulse';
export { runServerAction } from './server-action';
export { runStatus } from './status';
export { runDashboard } from './dashboard';
export { runSync } from './sync';
export { runTuiCommand } from './tui';
export { runTestCheck } from './test-check';
export { runRealserverSetup } from './realserver-setup';
