// The router's /proc, process table, log and addresses read over an SSH session (remote mode):
// /proc files over SFTP (read to EOF), the process table in one exec (a fixed sh script walking
// PROC/[0-9]*, the directory passed as an argument, records framed by a random boundary), the log's
// last 4 MB by `tail -c` (or journalctl), the addresses by `ip -o addr show` or the /proc lists under
// --remote-root. The parsing is the local code's.

import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import { IoError } from './io-error';
import { ProcFs } from './proc-fs';
import { ProcessTable, RawProcess } from './process-table';
import { SYSLOG_FILES, LogTail, journalctlCommand } from './log-source';
import { AddressReading, parseFibTrie, parseIpAddrShow, parseIfInet6 } from './interfaces';
import { MonitorSources } from './monitor-sources';
import type { SshSession } from './ssh-session';

/** How much of the end of the syslog file is fetched to find the last LVS lines. */
const LOG_TAIL_BYTES = 4 * 1024 * 1024;

/** Prints, for each process, "\n<B>P <pid>\n" + stat + "\n<B>C\n" + cmdline (NUL as \001). */
const PROCESS_SCRIPT = 'cd "$1" || exit 3; B=$2; for d in [0-9]*; do printf \'\\n%sP %s\\n\' "$B" "$d"; cat "$d/stat" 2>/dev/null; printf \'\\n%sC\\n\' "$B"; tr \'\\000\' \'\\001\' < "$d/cmdline" 2>/dev/null; done; printf \'\\n%sU\\n\' "$B"; cat uptime 2>/dev/null';

/** Parses PROCESS_SCRIPT's output (pure). */
export function parseProcessDump(out: string, boundary: string): { processes: RawProcess[]; uptimeSeconds: number | null } {
  const processes: RawProcess[] = [];
  let uptimeSeconds: number | null = null;
  let pid: number | null = null;
  let stat: string | null = null;
  const flush = (cmdline: string | null) => {
    if (pid !== null && (stat !== null || cmdline !== null)) processes.push({ pid, stat, cmdline });
    pid = null;
    stat = null;
  };
  const pieces = out.split(`\n${boundary}`);
  for (const piece of pieces.slice(1)) {
    const nl = piece.indexOf('\n');
    const head = nl < 0 ? piece : piece.slice(0, nl);
    const body = nl < 0 ? '' : piece.slice(nl + 1);
    if (head.startsWith('P ')) {
      pid = Number(head.slice(2));
      stat = body === '' ? null : body.replace(/\n$/, '') + '\n';
    } else if (head === 'C') {
      flush(body.replace(/\u0001/g, '\0'));
    } else if (head === 'U') {
      const n = Number(body.trim().split(/\s+/)[0]);
      uptimeSeconds = Number.isFinite(n) && body.trim() !== '' ? n : null;
    }
  }
  return { processes, uptimeSeconds };
}

export function remoteMonitorSources(session: SshSession): MonitorSources {
  const where = (p: string) => `${session.target.host}:${p}`;
  const readText = async (path: string): Promise<string | null> => {
    const b = await session.readFile(path);
    return b === null ? null : b.toString('latin1');
  };

  return {
    procFs(root): ProcFs {
      const readBytes = async (relPath: string): Promise<Buffer | null> => {
        const n = posix.normalize(relPath);
        if (relPath === '' || posix.isAbsolute(relPath) || n === '..' || n.startsWith('../')) throw new IoError('io', `not a path inside ${root}: ${relPath}`, relPath);
        try {
          return await session.readFile(posix.join(root, n));
        } catch (err) {
          // a /proc/<pid> that exited while being read: gone, as locally
          if (err instanceof IoError && err.code === 'io' && /No such process|ESRCH/i.test(err.message)) return null;
          throw err;
        }
      };
      return {
        root,
        async read(relPath) {
          return (await readBytes(relPath))?.toString('latin1') ?? null;
        },
        readBytes,
      };
    },

    async processTable(procDir): Promise<ProcessTable> {
      const boundary = `@@lvs-tui-${randomBytes(8).toString('hex')}@@`;
      try {
        const r = await session.run({ file: 'sh', args: ['-c', PROCESS_SCRIPT, 'sh', procDir, boundary], timeoutMs: 30_000, acceptExit: [3] });
        if (r.exitCode === 3) return { processes: [], uptimeSeconds: null, problem: `cannot list the processes in ${where(procDir)}: no such directory` };
        // cmdline and stat bytes one-to-one, as the local reader keeps them
        return { ...parseProcessDump(Buffer.from(r.stdout, 'utf8').toString('latin1'), boundary), problem: null };
      } catch (err) {
        if (err instanceof Error && err.name === 'SshError') throw err;
        return { processes: [], uptimeSeconds: null, problem: `cannot list the processes in ${where(procDir)}: ${(err as Error).message}` };
      }
    },

    async logTail(opts): Promise<LogTail> {
      for (const f of SYSLOG_FILES) {
        const path = posix.join(opts.root, f);
        const st = await session.stat(path).catch(() => null);
        if (!st || !st.isFile) continue;
        try {
          const r = await session.run({ file: 'tail', args: ['-c', String(LOG_TAIL_BYTES), path], timeoutMs: 30_000 });
          const lines = r.stdout.split('\n').filter((l) => l !== '' && opts.keep(l));
          const note = st.size > LOG_TAIL_BYTES && lines.length < opts.lines ? `only the last ${LOG_TAIL_BYTES / (1024 * 1024)} MB of ${where(path)} were searched` : null;
          return { source: path, lines: lines.slice(-opts.lines), note };
        } catch (err) {
          if (err instanceof Error && err.name === 'SshError') throw err;
          return { source: path, lines: [], note: `cannot read ${where(path)}: ${(err as Error).message}` };
        }
      }
      if (opts.root !== '/' && !(await session.stat(posix.join(opts.root, 'var', 'log', 'journal')).catch(() => null))) {
        return { source: null, lines: [], note: `no ${SYSLOG_FILES.join(' or ')} and no journal under ${opts.root}` };
      }
      const cmd = journalctlCommand(opts.root, opts.lines, opts.programs);
      try {
        const r = await session.run(cmd);
        return { source: 'journalctl', lines: r.stdout.split('\n').filter((l) => l !== '' && opts.keep(l)), note: null };
      } catch (err) {
        if (err instanceof Error && err.name === 'SshError') throw err;
        return { source: null, lines: [], note: `no ${SYSLOG_FILES.join(' or ')}, and journalctl gave nothing: ${(err as Error).message}` };
      }
    },

    async localAddresses(runner, root): Promise<AddressReading> {
      let why: string | null = null;
      if (root === '/') {
        try {
          const r = await runner.run({ file: 'ip', args: ['-o', 'addr', 'show'], timeoutMs: 5000 });
          return { addresses: parseIpAddrShow(r.stdout), source: `${session.label}: ip -o addr show`, problem: null };
        } catch (err) {
          if (err instanceof Error && err.name === 'SshError') throw err;
          why = `ip -o addr show failed on ${session.label}: ${(err as Error).message.trim().split('\n')[0]}`;
        }
      }
      const fib = posix.join(root, 'proc', 'net', 'fib_trie');
      const inet6 = posix.join(root, 'proc', 'net', 'if_inet6');
      const [v4, v6] = await Promise.all([readText(fib).catch(() => null), readText(inet6).catch(() => null)]);
      const source = `${fib} and ${inet6}`;
      if (v4 === null && v6 === null) return { addresses: null, source, problem: `${why ? `${why}; ` : ''}cannot read ${where(fib)} or ${where(inet6)}: the router's addresses are unknown` };
      return { addresses: [...(v4 === null ? [] : parseFibTrie(v4)), ...(v6 === null ? [] : parseIfInet6(v6))], source, problem: why };
    },
  };
}
