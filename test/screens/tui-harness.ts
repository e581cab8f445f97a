// Opens the TUI in-process on a fake 80x24 terminal over a session of the demo's lvs.cf (or given
// bytes): the screen tests type keys and read the screen as text.

import { EditSession } from '../../src/app/edit-session';
import { CommandLog } from '../../src/app/command-log';
import { DEMO_LVS_CF } from '../../src/demo';
import { runTui, TuiHandle } from '../../screens/shell';
import type { TuiContext } from '../../screens/view';
import type { PeerSource } from '../../src/app/peer-watch';
import { fakeTerminal, FakeTerminal } from '../helpers/fake-terminal';

export interface OpenTui {
  readonly handle: TuiHandle;
  readonly term: FakeTerminal;
  readonly session: EditSession;
  /** types keys one by one (blessed must see a lone Esc as Esc) and lets the screen settle */
  keys(...keys: string[]): Promise<void>;
  text(): string;
  close(): Promise<void>;
}

export const KEY = { esc: '\x1b', enter: '\r', tab: '\t', backtab: '\x1b[Z', up: '\x1b[A', down: '\x1b[B', right: '\x1b[C', left: '\x1b[D', ctrlU: '\x15', backspace: '\x7f', space: ' ' } as const;

export function openTui(opts: { config?: string; sidecar?: string | null; readOnly?: string | null; env?: NodeJS.ProcessEnv; columns?: number; rows?: number; tab?: number; peer?: PeerSource } = {}): OpenTui {
  const term = fakeTerminal(opts.columns ?? 80, opts.rows ?? 24);
  const session = new EditSession({
    configPath: '/etc/sysconfig/ha/lvs.cf',
    configBytes: Buffer.from(opts.config ?? DEMO_LVS_CF),
    sidecarPath: '/etc/sysconfig/ha/lvs-tui.yaml',
    sidecarBytes: opts.sidecar ? Buffer.from(opts.sidecar) : null,
  });
  const tui = { ctx: null, demo: null, commandLog: new CommandLog(), peer: opts.peer ?? null } as unknown as TuiContext;
  const handle = runTui({ tui, session, readOnly: opts.readOnly != null, readOnlyReason: opts.readOnly ?? null, input: term.input, output: term.output, env: opts.env ?? { LANG: 'C.UTF-8' }, tab: opts.tab });
  const settle = () => new Promise((r) => setImmediate(r));
  return {
    handle,
    term,
    session,
    async keys(...keys) {
      for (const k of keys) {
        term.type(k);
        await settle();
        await settle();
      }
    },
    text: () => handle.text(),
    async close() {
      handle.close();
      await handle.done;
    },
  };
}
