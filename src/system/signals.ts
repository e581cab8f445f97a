// Ctrl-C (or a kill, or a dropped ssh session) in the middle of a write must not leave a temp file,
// a half-renamed configuration or a held lock behind. While a critical section runs, SIGINT, SIGTERM
// and SIGHUP are only noted; the section asks `interrupted()` before its point of no return and
// abandons the change if one came. When it has finished (and cleaned up after itself), the first
// signal noted is raised again, so the process still ends the way the admin asked.

const DEFERRED = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
type DeferredSignal = (typeof DEFERRED)[number];

export interface DeferOptions {
  /** how a noted signal is raised again afterwards (tests pass their own) */
  readonly raise?: (signal: DeferredSignal) => void;
}

const raiseAgain = (signal: DeferredSignal) => process.kill(process.pid, signal);

/** Lets signals that arrived during synchronous work reach their listeners. */
const turnOfTheLoop = () => new Promise((resolve) => setImmediate(resolve));

/** Asked before the point of no return: true when a signal came (after letting it arrive). */
export type Interrupted = () => Promise<boolean>;

export async function withSignalsDeferred<T>(fn: (interrupted: Interrupted) => Promise<T>, opts: DeferOptions = {}): Promise<T> {
  let noted: DeferredSignal | null = null;
  const handlers = DEFERRED.map((signal) => {
    const h = () => {
      noted ??= signal;
    };
    process.on(signal, h);
    return [signal, h] as const;
  });
  try {
    return await fn(async () => {
      await turnOfTheLoop();
      return noted !== null;
    });
  } finally {
    // A signal that came while synchronous code ran waits in the event loop: let it be noted
    // before the listeners go, or it would be lost.
    await turnOfTheLoop();
    for (const [signal, h] of handlers) process.removeListener(signal, h);
    if (noted) (opts.raise ?? raiseAgain)(noted);
  }
}
