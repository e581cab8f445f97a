// The I/O of the check tester: one TCP or UDP exchange as nanny's pinger() makes it (connect within
// the timeout, send, then one read within the timeout again), and a check program run through the
// Runner (execFile, never a shell). What the bytes mean is judged by src/checks/judge.ts.

import type { Runner } from './runner';
import { ExecError } from './io-error';

export interface ProbeRequest {
  readonly protocol: 'tcp' | 'udp';
  readonly host: string;
  readonly port: number;
  readonly timeoutMs: number;
  /** written after connecting; null sends nothing */
  readonly send: Uint8Array | null;
  /** wait for a reply after sending (nanny reads when expect is set, and always for UDP) */
  readonly read: boolean;
}

export type ProbeOutcome =
  | { readonly kind: 'connect-timeout' }
  | { readonly kind: 'connect-error'; readonly code: string; readonly message: string }
  | { readonly kind: 'write-error'; readonly code: string; readonly message: string }
  /** connected (and sent); no reply was wanted */
  | { readonly kind: 'connected' }
  | { readonly kind: 'read-timeout' }
  | { readonly kind: 'read-error'; readonly code: string; readonly message: string }
  /** the first read: what had arrived (at most 4096 bytes); empty when the peer closed */
  | { readonly kind: 'reply'; readonly bytes: Buffer };

export interface ProbeResult {
  readonly outcome: ProbeOutcome;
  /** from the start to the connection (null when it did not connect) */
  readonly connectMs: number | null;
  /** from the start to the outcome */
  readonly totalMs: number;
}

export interface CheckProbe {
  probe(req: ProbeRequest): Promise<ProbeResult>;
}

const KEEP = 4096;

function errInfo(err: unknown): { code: string; message: string } {
  const e = err as NodeJS.ErrnoException;
  return { code: typeof e?.code === 'string' ? e.code : 'EIO', message: e instanceof Error ? e.message : String(err) };
}

function tcpProbe(req: ProbeRequest): Promise<ProbeResult> {
  const net = require('node:net') as typeof import('node:net');
  const start = performance.now();
  return new Promise((resolve) => {
    let connectMs: number | null = null;
    let settled = false;
    let timer: NodeJS.Timeout | null = null;
    const socket = new net.Socket();
    const finish = (outcome: ProbeOutcome) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      socket.destroy();
      resolve({ outcome, connectMs, totalMs: performance.now() - start });
    };
    const arm = (kind: 'connect-timeout' | 'read-timeout') => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => finish({ kind }), req.timeoutMs);
    };
    socket.on('error', (err) => {
      const info = errInfo(err);
      if (connectMs === null) finish({ kind: 'connect-error', ...info });
      else if (!req.read) finish({ kind: 'write-error', ...info });
      else finish({ kind: 'read-error', ...info });
    });
    // nanny reads only when it expects something; a greeting it does not read changes nothing
    socket.on('data', (chunk: Buffer) => {
      if (req.read) finish({ kind: 'reply', bytes: chunk.subarray(0, KEEP) });
    });
    socket.on('end', () => {
      if (req.read) finish({ kind: 'reply', bytes: Buffer.alloc(0) });
    });
    socket.once('connect', () => {
      connectMs = performance.now() - start;
      const afterSend = () => {
        if (!req.read) finish({ kind: 'connected' });
        else arm('read-timeout');
      };
      if (req.send !== null && req.send.length > 0) {
        socket.write(req.send, (err) => {
          if (err) finish({ kind: 'write-error', ...errInfo(err) });
          else afterSend();
        });
      } else afterSend();
    });
    arm('connect-timeout');
    socket.connect({ host: req.host, port: req.port });
  });
}

function udpProbe(req: ProbeRequest): Promise<ProbeResult> {
  const dgram = require('node:dgram') as typeof import('node:dgram');
  const net = require('node:net') as typeof import('node:net');
  const start = performance.now();
  return new Promise((resolve) => {
    let connectMs: number | null = null;
    let settled = false;
    let timer: NodeJS.Timeout | null = null;
    const socket = dgram.createSocket(net.isIPv6(req.host) ? 'udp6' : 'udp4');
    const finish = (outcome: ProbeOutcome) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      try {
        socket.close();
      } catch {
        // already closed
      }
      resolve({ outcome, connectMs, totalMs: performance.now() - start });
    };
    // An ICMP port unreachable arrives as ECONNREFUSED on the connected socket, as recvfrom() sees it.
    socket.on('error', (err) => finish({ kind: connectMs === null ? 'connect-error' : 'read-error', ...errInfo(err) }));
    socket.on('message', (msg: Buffer) => finish({ kind: 'reply', bytes: msg.subarray(0, KEEP) }));
    timer = setTimeout(() => finish({ kind: connectMs === null ? 'connect-timeout' : 'read-timeout' }), req.timeoutMs);
    socket.connect(req.port, req.host, () => {
      connectMs = performance.now() - start;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => finish({ kind: 'read-timeout' }), req.timeoutMs);
      if (req.send !== null && req.send.length > 0) {
        socket.send(req.send, (err) => {
          if (err) finish({ kind: 'write-error', ...errInfo(err) });
        });
      }
    });
  });
}

export const socketProbe: CheckProbe = {
  probe: (req) => (req.protocol === 'udp' ? udpProbe(req) : tcpProbe(req)),
};

/** How a check program ended, as nanny's getExecOutput() tells it apart. */
export type ProgramOutcome =
  | { readonly kind: 'exited'; readonly status: 0; readonly stdout: Buffer; readonly ms: number }
  | { readonly kind: 'failed'; readonly status: number | null; readonly why: string; readonly ms: number }
  | { readonly kind: 'timeout'; readonly ms: number };

export interface CheckProgramRunner {
  run(argv: readonly string[], timeoutMs: number): Promise<ProgramOutcome>;
}

/** Runs check programs through a Runner (here: execFile; remote mode: on the router over SSH). */
export function checkProgramRunner(runner: Runner): CheckProgramRunner {
  return {
    async run(argv, timeoutMs) {
      const start = performance.now();
      const ms = () => performance.now() - start;
      if (argv.length === 0) return { kind: 'failed', status: null, why: 'send_program has no words: nothing to run', ms: 0 };
      try {
        const cmd = { file: argv[0], args: argv.slice(1), timeoutMs };
        // the bytes as written when the runner keeps them (nanny compares bytes), else UTF-8 text
        const stdout = runner.runBytes ? Buffer.from((await runner.runBytes(cmd)).stdout) : Buffer.from((await runner.run(cmd)).stdout, 'utf8');
        return { kind: 'exited', status: 0, stdout, ms: ms() };
      } catch (err) {
        if (err instanceof ExecError) {
          if (err.status === null && /timed out/.test(err.stderr)) return { kind: 'timeout', ms: ms() };
          return { kind: 'failed', status: err.status, why: err.status !== null ? `exited with status ${err.status}` : err.stderr.trim().split('\n').pop() ?? 'failed', ms: ms() };
        }
        return { kind: 'failed', status: null, why: err instanceof Error ? err.message : String(err), ms: ms() };
      }
    },
  };
}
