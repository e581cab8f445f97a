// Where the recent pulse/lvs/nanny lines come from: the syslog file (RHEL's /var/log/messages,
// Debian's /var/log/syslog) read backwards from its end, or, when neither file exists, the journal
// through `journalctl`. The file is never read whole: a router's messages file can be gigabytes,
// so chunks are read from the end until enough matching lines are found or a byte budget is spent.
// Which lines match is the caller's (pure) business: `keep` is called on each complete line.

import * as fs from 'node:fs';
import { join } from 'node:path';
import { ExecError } from './io-error';
import { Runner } from './runner';

export const SYSLOG_FILES: readonly string[] = ['/var/log/messages', '/var/log/syslog'];

const CHUNK = 64 * 1024;
/** stop after this much from the end (LVS lines are rare on a busy syslog; this bounds the wait) */
export const DEFAULT_SCAN_LIMIT = 64 * 1024 * 1024;

export interface FileTail {
  /** the matching lines, oldest first */
  readonly lines: string[];
  /** bytes read from the end of the file */
  readonly scannedBytes: number;
  /** true when the scan stopped at the budget before the start of the file */
  readonly budgetSpent: boolean;
}

/**
 * The last `want` lines of `path` for which `keep` is true, reading backwards in 64 KB chunks.
 * Lines are split on LF as bytes, then decoded, so a multi-byte character across a chunk border
 * stays whole. Throws the fs error when the file cannot be opened.
 */
export function readFileTail(path: string, want: number, keep: (line: string) => boolean, scanLimit = DEFAULT_SCAN_LIMIT): FileTail {
  const fd = fs.openSync(path, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const found: string[] = [];
    let pos = size;
    let carry: Buffer = Buffer.alloc(0);
    let scanned = 0;
    while (pos > 0 && found.length < want && scanned < scanLimit) {
      const len = Math.min(CHUNK, pos);
      pos -= len;
      const chunk = Buffer.allocUnsafe(len);
      let got = 0;
      while (got < len) {
        const n = fs.readSync(fd, chunk, got, len - got, pos + got);
        if (n === 0) break;
        got += n;
      }
      scanned += got;
      const buf = carry.length ? Buffer.concat([chunk.subarray(0, got), carry]) : chunk.subarray(0, got);
      // every line but the first is complete; the first may continue in the previous chunk
      let end = buf.length;
      for (let i = buf.length - 1; i >= 0 && found.length < want; i--) {
        if (buf[i] !== 0x0a) continue;
        if (i + 1 < end) take(buf.subarray(i + 1, end));
        end = i;
      }
      carry = Buffer.from(buf.subarray(0, end));
      if (found.length >= want) break;
      if (pos === 0 && carry.length) take(carry);
    }
    return { lines: found.reverse(), scannedBytes: scanned, budgetSpent: pos > 0 && found.length < want };

    function take(bytes: Buffer): void {
      const line = bytes.toString('utf8');
      if (keep(line)) found.push(line);
    }
  } finally {
    fs.closeSync(fd);
  }
}

export interface LogTail {
  /** "/var/log/messages", "journalctl", or null when there is no log to read */
  readonly source: string | null;
  readonly lines: string[];
  /** why nothing could be read, or a note (scan budget spent), else null */
  readonly note: string | null;
}

export interface LogTailOptions {
  /** --root ("/" normally) */
  readonly root: string;
  readonly lines: number;
  /** syslog tags to ask journalctl for */
  readonly programs: readonly string[];
  readonly keep: (line: string) => boolean;
  readonly runner: Runner;
  readonly scanLimit?: number;
}

function isFile(path: string): boolean {
  try {
    return fs.statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The journalctl command for the last `lines` entries of these tags (pure). */
export function journalctlCommand(root: string, lines: number, programs: readonly string[]): { file: string; args: string[]; timeoutMs: number } {
  const args = ['--no-pager', '-q', '-o', 'short', '-n', String(lines)];
  // under --root, the journal files of that tree (a copy from a router, the demo)
  if (root !== '/') args.push('-D', join(root, 'var', 'log', 'journal'));
  for (const p of programs) args.push('-t', p);
  return { file: 'journalctl', args, timeoutMs: 10_000 };
}

export async function readLogTail(opts: LogTailOptions): Promise<LogTail> {
  for (const f of SYSLOG_FILES) {
    const path = join(opts.root, f);
    if (!isFile(path)) continue;
    try {
      const t = readFileTail(path, opts.lines, opts.keep, opts.scanLimit);
      const note = t.budgetSpent ? `only the last ${Math.round(t.scannedBytes / (1024 * 1024))} MB of ${path} were searched` : null;
      return { source: path, lines: t.lines, note };
    } catch (err) {
      return { source: path, lines: [], note: `cannot read ${path}: ${(err as Error).message}` };
    }
  }
  if (opts.root !== '/' && !fs.existsSync(join(opts.root, 'var', 'log', 'journal'))) {
    return { source: null, lines: [], note: `no ${SYSLOG_FILES.join(' or ')} and no journal under ${opts.root}` };
  }
  const cmd = journalctlCommand(opts.root, opts.lines, opts.programs);
  try {
    const r = await opts.runner.run(cmd);
    return { source: 'journalctl', lines: r.stdout.split('\n').filter((l) => l !== '' && opts.keep(l)), note: null };
  } catch (err) {
    const why = err instanceof ExecError ? (err.status === null ? err.message : err.stderr.trim() || err.message) : String(err);
    return { source: null, lines: [], note: `no ${SYSLOG_FILES.join(' or ')}, and journalctl gave nothing: ${why}` };
  }
}
