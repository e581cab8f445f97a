// The other router of the pair, checked in the background for the monitor (tab 1 and the
// dashboard): a check every 30 s (an SSH login, one sha256sum, the peer's addresses), one at a
// time, and on demand (a key). The screens read the last result when they draw: a check never
// runs on the render path, and a slow or dead peer only makes the result older.

import type { RouterName } from '../apply/sidecar-routers';
import type { PeerDrift } from '../sync/drift';

/** One check of the peer: which router it is, and the drift summary (src/sync/drift.ts). */
export interface PeerCheck {
  readonly router: RouterName | null;
  readonly drift: PeerDrift;
}

/** Where the checks come from: SSH to the peer (src/cli/peer-drift.ts), the demo's, or a test's. */
export interface PeerSource {
  /** never rejects: a failure is the drift's `unreachable` */
  check(): Promise<PeerCheck>;
}

export const PEER_CHECK_MS = 30_000;

export interface PeerWatchState {
  /** the last result; null before the first one */
  readonly last: PeerCheck | null;
  /** when `last` was read (ms since the epoch) */
  readonly checkedAt: number | null;
  /** a check is running now */
  readonly checking: boolean;
}

export class PeerWatch {
  private last: PeerCheck | null = null;
  private checkedAt: number | null = null;
  private inflight: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private readonly listeners = new Set<() => void>();
  private readonly intervalMs: number;
  private readonly now: () => number;

  constructor(
    private readonly source: PeerSource,
    opts: { intervalMs?: number; now?: () => number } = {},
  ) {
    this.intervalMs = opts.intervalMs ?? PEER_CHECK_MS;
    this.now = opts.now ?? Date.now;
  }

  get state(): PeerWatchState {
    return { last: this.last, checkedAt: this.checkedAt, checking: this.inflight !== null };
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    for (const l of [...this.listeners]) l();
  }

  /** The first check now, then one `intervalMs` after each ends. */
  start(): void {
    if (this.running) return;
    this.running = true;
    void this.checkNow();
  }

  /** One check now; while one runs, that one (checks never overlap). Never rejects. */
  checkNow(): Promise<void> {
    if (this.inflight) return this.inflight;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.inflight = (async () => {
      try {
        const result = await this.source.check();
        this.last = result;
        this.checkedAt = this.now();
      } catch (err) {
        // a source that breaks its promise: the previous result stays, said stale by its age
        void err;
      } finally {
        this.inflight = null;
      }
      this.schedule();
      this.notify();
    })();
    this.notify();
    return this.inflight;
  }

  private schedule(): void {
    if (!this.running || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.checkNow();
    }, this.intervalMs);
    this.timer.unref?.();
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.listeners.clear();
  }
}
