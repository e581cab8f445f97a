// lvs.cf parsed and validated on a worker thread. A sync validates a big lvs.cf before anything
// reaches the backup, and on the main thread that work held up the SSH session: ssh2 answers the
// server only when this thread is free, so every step of the handshake and of the backup's reads
// waited for it. On a worker it runs on another core while the main thread talks to the backup.
// The worker parses the bytes itself (objects do not cross threads) and sends plain values: first
// the send_program lines (which files the sync covers, wanted before the backup is read), then,
// when asked (a sync validates only when it will change something), validate()'s diagnostics.

import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { Diagnostic } from '../config/diagnostic';
import type { SendProgram } from '../sync/sync-files';

const TASK = 'lvs-tui check lvs.cf';

interface Task {
  readonly task: typeof TASK;
  readonly bytes: Uint8Array;
}

type Message = { readonly programs: SendProgram[] } | { readonly diagnostics: Diagnostic[] };

/** What the main thread sends: validate now. */
const VALIDATE = 'validate';

export interface WorkerCheck {
  /** sendProgramsOf(lvs.cf's model); null when the worker could not run or failed */
  readonly programs: Promise<SendProgram[] | null>;
  /** validate()'s diagnostics of lvs.cf (the first call starts it); null when the worker could not run or failed */
  diagnostics(): Promise<Diagnostic[] | null>;
  /** ends the worker (what it has not sent yet resolves null); it keeps the process alive until this is called */
  stop(): void;
}

/** lvs.cf's send_program lines and diagnostics, made on a worker thread; null for what it could not give. */
export function checkOnWorker(bytes: Buffer): WorkerCheck {
  let programs!: (p: SendProgram[] | null) => void;
  let diagnostics!: (d: Diagnostic[] | null) => void;
  const programsPromise = new Promise<SendProgram[] | null>((r) => (programs = r));
  const diagnosticsPromise = new Promise<Diagnostic[] | null>((r) => (diagnostics = r));
  const fail = () => {
    programs(null);
    diagnostics(null);
  };
  let worker: Worker | null = null;
  let asked = false;
  const result: WorkerCheck = {
    programs: programsPromise,
    diagnostics() {
      if (!asked) {
        asked = true;
        if (worker) worker.postMessage(VALIDATE);
      }
      return diagnosticsPromise;
    },
    stop() {
      fail();
      // terminating takes a while; the process need not wait for it to end
      worker?.unref();
      void worker?.terminate();
    },
  };
  try {
    worker = new Worker(__filename, { workerData: { task: TASK, bytes } satisfies Task });
  } catch {
    fail();
    return result;
  }
  const w = worker;
  w.on('message', (m: Message) => {
    if ('programs' in m) return programs(m.programs);
    diagnostics(m.diagnostics);
    void w.terminate();
  });
  // a settled promise ignores what comes after: an error or an early exit leaves null for the rest
  w.once('error', fail);
  w.once('exit', fail);
  return result;
}

function runTask(task: Task): void {
  // loaded here: the main thread has its own copies when it needs them
  const { parse } = require('../config/parse') as typeof import('../config/parse');
  const { buildModel } = require('../config/model') as typeof import('../config/model');
  const { readConfigFacts } = require('../config/quick-facts') as typeof import('../config/quick-facts');
  const { sendProgramsOf } = require('../sync/sync-files') as typeof import('../sync/sync-files');
  const src = Buffer.from(task.bytes.buffer, task.bytes.byteOffset, task.bytes.byteLength);
  const post = (m: Message) => parentPort!.postMessage(m);
  // The programs from the quick reader when the file is plain (a fifth of a full parse, and this
  // runs while the SSH handshake and the backup's sshd want the CPUs); the full parse only to
  // validate, when asked.
  const quick = readConfigFacts(src);
  let parsed: { doc: ReturnType<typeof parse>; config: ReturnType<typeof buildModel> } | null = null;
  const full = () => {
    if (parsed) return parsed;
    const doc = parse(src);
    return (parsed = { doc, config: buildModel(doc) });
  };
  post({ programs: sendProgramsOf(quick ?? full().config) });
  parentPort!.once('message', (m: unknown) => {
    if (m !== VALIDATE) return;
    const { validate } = require('../config/validate') as typeof import('../config/validate');
    const { doc, config } = full();
    post({ diagnostics: validate(doc, { src, config }) });
  });
}

if (!isMainThread && parentPort && (workerData as Task | undefined)?.task === TASK) runTask(workerData as Task);
