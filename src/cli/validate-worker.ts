// lvs.cf validated on a worker thread. A sync validates a big lvs.cf before anything reaches the
// backup, and on the main thread that validation held up the SSH session: ssh2 answers the server
// only when this thread is free, so every step of the handshake and of the backup's reads waited
// for it. On a worker it runs on another core while the main thread talks to the backup. The
// worker parses the bytes itself (objects do not cross threads); diagnostics are plain values.

import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { Diagnostic } from '../config/diagnostic';

const TASK = 'lvs-tui validate lvs.cf';

interface Task {
  readonly task: typeof TASK;
  readonly bytes: Uint8Array;
}

/** validate() of lvs.cf's bytes, run on a worker thread; rejects when the worker cannot run or fails. */
export function validateOnWorker(bytes: Buffer): Promise<Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const data: Task = { task: TASK, bytes };
    let worker: Worker;
    try {
      worker = new Worker(__filename, { workerData: data });
    } catch (err) {
      return reject(err);
    }
    let settled = false;
    worker.once('message', (diags: Diagnostic[]) => {
      settled = true;
      resolve(diags);
      void worker.terminate();
    });
    worker.once('error', (err) => {
      settled = true;
      reject(err);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`the validation worker exited (${code}) without an answer`));
    });
  });
}

function runTask(task: Task): void {
  // loaded here: the main thread has its own copies when it needs them
  const { parse } = require('../config/parse') as typeof import('../config/parse');
  const { buildModel } = require('../config/model') as typeof import('../config/model');
  const { validate } = require('../config/validate') as typeof import('../config/validate');
  const src = Buffer.from(task.bytes.buffer, task.bytes.byteOffset, task.bytes.byteLength);
  const doc = parse(src);
  parentPort!.postMessage(validate(doc, { src, config: buildModel(doc) }));
}

if (!isMainThread && parentPort && (workerData as Task | undefined)?.task === TASK) runTask(workerData as Task);
