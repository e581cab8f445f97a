// The TUI's host-name lookups, as `lvs-tui check` does them (src/system/resolver.ts, in parallel,
// each bounded by its timeout) but in the background: the first frame and every keystroke go on
// while DNS answers, and the answers join the session's validation when they come (the
// unresolved-host warnings in the status bar count, `!` and the review). Each name is asked once a
// session; an edit that brings a new name asks for that one.

import { hostNamesToResolve } from '../config/validate/host-names';
import type { Resolver } from '../system/resolver';
import type { EditSession } from './edit-session';

/** After an edit, how long to wait for more before looking for new names (a burst asks once). */
const SETTLE_MS = 100;

export interface HostLookups {
  /** resolves when no lookup is running (tests) */
  idle(): Promise<void>;
  stop(): void;
}

export function lookUpHostNames(session: EditSession, resolver: Resolver, opts: { settleMs?: number } = {}): HostLookups {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  const asking = new Set<string>();
  let running: Promise<void> = Promise.resolve();

  const look = () => {
    timer = null;
    if (stopped) return;
    let names: string[];
    try {
      names = session.unansweredHosts(hostNamesToResolve(session.config())).filter((n) => !asking.has(n));
    } catch {
      return; // a file the model cannot be made of: the validator says why
    }
    if (names.length === 0) return;
    for (const n of names) asking.add(n);
    const asked = resolver.resolveAll(names).then(
      (answers) => {
        for (const n of names) asking.delete(n);
        if (!stopped) session.addResolved(answers);
      },
      () => {
        for (const n of names) asking.delete(n);
      },
    );
    running = Promise.all([running, asked]).then(() => undefined);
  };

  const schedule = () => {
    if (stopped || timer) return;
    timer = setTimeout(look, opts.settleMs ?? SETTLE_MS);
    timer.unref?.();
  };

  const unsubscribe = session.subscribe(schedule);
  schedule();
  return {
    idle: async () => {
      for (;;) {
        const r = running;
        await r;
        if (r === running && !timer) return;
        if (timer) await new Promise((res) => setTimeout(res, (opts.settleMs ?? SETTLE_MS) + 5));
      }
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      unsubscribe();
    },
  };
}
