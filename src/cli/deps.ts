// Everything with side effects the commands use, built once by main.ts (the composition root) and
// replaced by doubles in in-process tests.

import { Clock } from '../system/clock';
import { FileStore } from '../system/file-store';
import { HistoryStore } from '../system/history-store';
import { Locker } from '../system/lock-file';
import { Resolver } from '../system/resolver';

export interface Output {
  write(chunk: string | Uint8Array): void;
}

export interface Deps {
  readonly files: FileStore;
  /** the history kept under a folder (ROOT/var/lib/lvs-tui/history) */
  readonly history: (dir: string) => HistoryStore;
  readonly locker: Locker;
  readonly resolver: Resolver;
  readonly clock: Clock;
  readonly version: string;
  readonly stdout: Output;
  readonly stderr: Output;
  /** YAML.stringify, loaded only when `export --format yaml` needs it */
  readonly yamlStringify: () => (value: unknown) => string;
}
