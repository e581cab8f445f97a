// Opens the TUI in process on a fake terminal over the demo router's root (or a bare root), with
// the files read through the TUI's FileStore counted for the tests that assert there is no reread.

import { readFileSync } from 'node:fs';
import { EditSession } from '../../src/app/edit-session';
import type { DemoRouter } from '../../src/demo';
import { runTui, TuiHandle } from '../../screens/shell';
import type { TuiContext } from '../../screens/view';
import type { TabSpec } from '../../screens/tabs';
import { fakeTerminal } from '../helpers/fake-terminal';
import { testTui } from '../app/session-helpers';
import type { Resolver } from '../../src/system/resolver';
import { readOnlyRules } from '../../src/cli/commands/tui';

export interface Open {
  handle: TuiHandle;
  session: EditSession;
  tui: TuiContext;
  keys(...k: string[]): Promise<void>;
  waitFor(re: RegExp, ms?: number): Promise<string>;
  close(): Promise<void>;
}

export function openOnDemo(demo: DemoRouter | null, opts: { columns?: number; tab?: number; root?: string; onRead?: (path: string) => void; tabs?: readonly TabSpec[]; resolver?: Resolver; readOnly?: string | null; readOnlyFlag?: boolean } = {}): Open {
  const term = fakeTerminal(opts.columns ?? 80, 24);
  const base = testTui(demo?.root ?? opts.root!, { demo });
  const files = base.ctx.deps.files;
  // every read of the files through the TUI's FileStore, for the tests that count them
  const counted = { ...files, read: (p: string) => (opts.onRead?.(p), files.read(p)) };
  const options = { ...base.ctx.options, readOnly: opts.readOnlyFlag ?? false };
  const tui = { ...base, ctx: { ...base.ctx, options, deps: { ...base.ctx.deps, files: counted, ...(opts.resolver ? { resolver: opts.resolver } : {}) } } };
  const configBytes = readFileSync(tui.ctx.paths.config);
  let sidecarBytes: Buffer | null = null;
  try {
    sidecarBytes = readFileSync(tui.ctx.paths.sidecar);
  } catch {
    sidecarBytes = null;
  }
  const session = new EditSession({ configPath: tui.ctx.paths.config, configBytes, sidecarPath: tui.ctx.paths.sidecar, sidecarBytes });
  // readOnlyFlag: read-only decided as `lvs-tui` decides it (--read-only given or not, permissions, the file's errors)
  const rules = opts.readOnlyFlag !== undefined ? readOnlyRules(tui.ctx, session) : null;
  const handle = runTui({ tui, session, readOnly: rules ? rules.now !== null : opts.readOnly != null, readOnlyReason: rules ? rules.now : (opts.readOnly ?? null), ...(rules ? { readOnlyCheck: rules.check } : {}), input: term.input, output: term.output, env: { LANG: 'C.UTF-8' }, tab: opts.tab ?? 4, ...(opts.tabs ? { tabs: opts.tabs } : {}) });
  const settle = () => new Promise((r) => setImmediate(r));
  return {
    handle,
    session,
    tui,
    async keys(...k) {
      for (const x of k) {
        term.type(x);
        await settle();
        await settle();
      }
    },
    async waitFor(re, ms = 8000) {
      const end = Date.now() + ms;
      for (;;) {
        const t = handle.text();
        if (re.test(t)) return t;
        if (Date.now() > end) throw new Error(`timed out waiting for ${re} on:\n${t}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    async close() {
      handle.close();
      await handle.done;
    },
  };
}

