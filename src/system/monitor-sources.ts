// Where status and the dashboard read the router's /proc, processes, log and addresses: this
// machine (the default) or the far side of an SSH session (remote mode, remote-monitor-sources.ts).

import { ProcFs, nodeProcFs } from './proc-fs';
import { ProcessTable, readProcessTable } from './process-table';
import { LogTail, LogTailOptions, readLogTail } from './log-source';
import { AddressReading, readLocalAddresses } from './interfaces';
import { Runner } from './runner';

export interface MonitorSources {
  procFs(dir: string): ProcFs;
  processTable(procDir: string): Promise<ProcessTable>;
  logTail(opts: LogTailOptions): Promise<LogTail>;
  localAddresses(runner: Runner, root: string): Promise<AddressReading>;
}

export const localMonitorSources: MonitorSources = {
  procFs: (dir) => nodeProcFs(dir),
  processTable: async (dir) => readProcessTable(dir),
  logTail: (opts) => readLogTail(opts),
  localAddresses: (runner, root) => readLocalAddresses(runner, root),
};
