// Runs programs: always a file and an argument array (execFile), never a shell string.

import { ExecError } from './io-error';

export interface Command {
  readonly file: string;
  readonly args: readonly string[];
  readonly timeoutMs?: number;
}

export interface RunResult {
  readonly stdout: string;
  readonly stderr: string;
}

export interface Runner {
  /** Resolves with the output, rejects with ExecError on a non-zero exit or a failure to start. */
  run(cmd: Command): Promise<RunResult>;
}

export function processRunner(): Runner {
  return {
    run(cmd) {
      // loaded on first use: only a write on an SELinux system runs a program
      const { execFile } = require('node:child_process') as typeof import('node:child_process');
      return new Promise((resolve, reject) => {
        execFile(cmd.file, [...cmd.args], { timeout: cmd.timeoutMs ?? 10_000, shell: false }, (err, stdout, stderr) => {
          if (err) {
            const status = typeof err.code === 'number' ? err.code : null;
            reject(new ExecError(cmd.file, cmd.args, status, String(stderr || err.message)));
          } else resolve({ stdout: String(stdout), stderr: String(stderr) });
        });
      });
    },
  };
}
