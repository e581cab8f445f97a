// Runs programs: always a file and an argument array (execFile), never a shell string.

import { ExecError } from './io-error';

export interface Command {
  readonly file: string;
  readonly args: readonly string[];
  readonly timeoutMs?: number;
  /** fed to the program's standard input (iptables-restore reads its rules there); EOF after it */
  readonly stdin?: string | Uint8Array;
  /** exit statuses besides 0 that are answers, not failures (a status command's 3 = stopped) */
  readonly acceptExit?: readonly number[];
}

export interface RunResult {
  readonly stdout: string;
  readonly stderr: string;
  /** set when the status was one of `acceptExit` (absent means 0) */
  readonly exitCode?: number;
}

/** RunResult with standard output as the program wrote it, not decoded. */
export interface BytesResult {
  readonly stdout: Uint8Array;
  readonly stderr: string;
  readonly exitCode?: number;
}

export interface Runner {
  /** Resolves with the output, rejects with ExecError on a non-zero exit or a failure to start. */
  run(cmd: Command): Promise<RunResult>;
  /**
   * run() with standard output left as bytes: the monitor scans ipvsadm's listings (8 MB on a
   * 10,000-service router, every tick) without decoding them. Optional: callers fall back to run().
   */
  runBytes?(cmd: Command): Promise<BytesResult>;
}

interface ExecFailure extends Error {
  code?: number | string;
  killed?: boolean;
  signal?: NodeJS.Signals | null;
}

/** What went wrong when no exit status explains it: a missing program, a timeout, a signal. */
function failureText(cmd: Command, err: ExecFailure, stderr: string): string {
  if (err.code === 'ENOENT') return `cannot run ${cmd.file}: no such program (is it installed and on PATH?)`;
  if (err.code === 'EACCES') return `cannot run ${cmd.file}: permission denied`;
  if (err.killed && err.signal) return `${stderr}${stderr && !stderr.endsWith('\n') ? '\n' : ''}timed out after ${cmd.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms (killed with ${err.signal})`;
  if (err.signal) return `${stderr}${stderr && !stderr.endsWith('\n') ? '\n' : ''}killed by ${err.signal}`;
  return stderr || err.message;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/** execFile with its output decoded as UTF-8 (run) or standard output left as a Buffer (runBytes). */
function execute(cmd: Command, bytes: boolean): Promise<{ stdout: string | Buffer; stderr: string; exitCode?: number }> {
  // loaded on first use: only a write on an SELinux system runs a program
  const { execFile } = require('node:child_process') as typeof import('node:child_process');
  return new Promise((resolve, reject) => {
    const options = { timeout: cmd.timeoutMs ?? DEFAULT_TIMEOUT_MS, shell: false, maxBuffer: 64 * 1024 * 1024, encoding: bytes ? 'buffer' : 'utf8' } as const;
    const child = execFile(cmd.file, [...cmd.args], options, (err, out: string | Buffer, errOut: string | Buffer) => {
      const stdout = bytes ? out : String(out);
      const stderr = String(errOut);
      if (err) {
        const failure = err as ExecFailure;
        const status = typeof failure.code === 'number' ? failure.code : null;
        if (status !== null && cmd.acceptExit?.includes(status)) {
          resolve({ stdout, stderr, exitCode: status });
          return;
        }
        reject(new ExecError(cmd.file, cmd.args, status, status !== null ? String(stderr || err.message) : failureText(cmd, failure, stderr)));
      } else resolve({ stdout, stderr });
    });
    // A program that exits without reading all of its input closes the pipe: its exit status
    // tells what happened, the EPIPE adds nothing.
    child.stdin?.on('error', () => undefined);
    // Always EOF: a program that reads standard input must not wait for a terminal.
    if (cmd.stdin !== undefined) child.stdin?.end(cmd.stdin);
    else child.stdin?.end();
  });
}

export function processRunner(): Runner {
  return {
    run: (cmd) => execute(cmd, false) as Promise<RunResult>,
    runBytes: (cmd) => execute(cmd, true) as Promise<BytesResult>,
  };
}
