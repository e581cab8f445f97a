// The TUI's frame: the tab bar, the area the current view draws in, the status bar and the key
// hints; the global keys (1-4, [ ], ?, q, A, :, @); the help overlay, the dialogs and the quit
// prompt. It owns the terminal (screens/widgets/terminal.ts restores it on every way out).
//
//   tab bar        1 line
//   view area      the rest
//   status bar     1 line: file | pending changes | errors, warnings | READ-ONLY (or a message)
//   key hints      1 line
//
// Every key goes through one dispatcher: the open dialog, else the top overlay or the current
// view, then (when no text field has focus) the global keys. A key that throws is reported in the
// status bar; it never ends the process.

import type { Widgets } from 'blessed';
import type { EditSession } from '../src/app/edit-session';
import { hintsLine, readOnlyLabel, statusParts } from '../src/present/tui-status';
import { FLOW_HOOKS, TABS, TabSpec } from './tabs';
import type { Binding, Choice, FlashLevel, KeyEvent, TuiContext, UnacceptedForm, View, ViewHost } from './view';
import { createHelpView } from './help-view';
import { createTextOverlay } from './text-overlay';
import { problemLines } from '../src/present/problems-text';
import { Modal, openChoose, openConfirm } from './widgets/dialog';
import { keyName } from './widgets/keys';
import { openTerminal, Terminal } from './widgets/terminal';
import { escapeTags, fit } from './widgets/text';
import { HostLookups, lookUpHostNames } from '../src/app/host-lookups';

export interface TuiOptions {
  readonly tui: TuiContext;
  readonly session: EditSession;
  readonly readOnly: boolean;
  readonly readOnlyReason: string | null;
  /**
   * A later reason to be read-only (the file's errors), decided after the first frame when
   * `deferFirstView`; null: editable.
   */
  readonly readOnlyCheck?: () => string | null;
  /**
   * Draw the frame (tab bar, status bar, hints) first and the tab's view on the next turn: on a
   * big lvs.cf the admin sees the TUI at once, the file's check follows.
   */
  readonly deferFirstView?: boolean;
  /** the tab shown first (1-4); default 1 */
  readonly tab?: number;
  readonly tabs?: readonly TabSpec[];
  readonly input?: NodeJS.ReadableStream;
  readonly output?: NodeJS.WritableStream;
  readonly env?: NodeJS.ProcessEnv;
}

export interface TuiHandle {
  readonly terminal: Terminal;
  readonly host: ViewHost;
  /** resolves when the TUI has closed */
  readonly done: Promise<void>;
  /** resolves when the first tab's view is shown (at once unless deferFirstView) */
  readonly ready: Promise<void>;
  /** 0-based index of the current tab */
  currentTab(): number;
  /** the view that gets the keys now (an overlay or the tab's view) */
  topView(): View;
  /** the screen as text, without escape sequences (tests) */
  text(): string;
  /** closes without asking */
  close(): void;
}

export const GLOBAL_BINDINGS: readonly Binding[] = [
  { keys: ['1', '2', '3', '4'], help: 'jump to tab 1-4' },
  { keys: ['[', ']'], help: 'previous / next tab (wraps), or sub-screen in a virtual' },
  { keys: ['A'], hint: 'review', help: 'review the staged changes and apply them' },
  { keys: [':', '@'], help: 'the log of commands lvs-tui ran' },
  { keys: ['!'], help: 'errors and warnings of the staged files (LINE:COL)' },
  { keys: ['?'], hint: 'help', help: 'this help' },
  { keys: ['q'], hint: 'quit', help: 'quit (asks when changes are pending)' },
];

const FLASH_COLOUR: Record<FlashLevel, string> = { info: 'cyan', warn: 'yellow', error: 'red' };

export function runTui(opts: TuiOptions): TuiHandle {
  const env = opts.env ?? process.env;
  // https://no-color.org: present and not empty turns colour off
  const colour = !env.NO_COLOR;
  const terminal = openTerminal({ title: 'lvs-tui', input: opts.input, output: opts.output, env });
  const { screen } = terminal;
  const blessed = require('blessed') as typeof import('blessed');
  const tabs = opts.tabs ?? TABS;
  const { session, tui } = opts;

  const tabBar = blessed.box({ parent: screen, top: 0, left: 0, width: '100%', height: 1, tags: true });
  const content = blessed.box({ parent: screen, top: 1, left: 0, width: '100%', height: '100%-3' });
  const statusBar = blessed.box({ parent: screen, bottom: 1, left: 0, width: '100%', height: 1, tags: true });
  const hintBar = blessed.box({ parent: screen, bottom: 0, left: 0, width: '100%', height: 1, tags: true });

  const views: Array<View | null> = tabs.map(() => null);
  const areas: Array<Widgets.BoxElement | null> = tabs.map(() => null);
  const overlays: Array<{ view: View; area: Widgets.BoxElement }> = [];
  let current = Math.min(Math.max(0, (opts.tab ?? 1) - 1), tabs.length - 1);
  let modal: Modal | null = null;
  let flashText: { text: string; level: FlashLevel } | null = null;
  let closed = false;
  let readOnly = opts.readOnly;
  let readOnlyReason = opts.readOnlyReason;
  let started = false;
  /** DNS lookups of the host names in lvs.cf, in the background (as `lvs-tui check` does them) */
  let lookups: HostLookups | null = null;
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finish = resolve));

  const width = () => (typeof screen.width === 'number' ? screen.width : 80);

  const viewOf = (i: number): View => {
    let v = views[i];
    if (!v) {
      const area = blessed.box({ parent: content, top: 0, left: 0, width: '100%', height: '100%' });
      areas[i] = area;
      v = tabs[i].create(tui);
      views[i] = v;
      v.mount(host, area);
    }
    return v;
  };

  const topView = (): View => (overlays.length ? overlays[overlays.length - 1].view : viewOf(current));

  const drawTabs = () => {
    const parts = tabs.map((t, i) => {
      const label = ` ${t.key} ${t.title} `;
      return i === current ? `{inverse}[${escapeTags(label.trim())}]{/inverse}` : ` ${escapeTags(label.trim())} `;
    });
    tabBar.setContent(parts.join(''));
  };

  const drawStatus = () => {
    const checked = started || session.diagnosticsReady();
    const p = statusParts({
      file: session.configPath,
      pending: session.pendingCount(),
      errors: checked ? session.errorCount() : 0,
      warnings: checked ? session.warningCount() : 0,
      readOnly,
      readOnlyReason,
      demo: tui.demo !== null,
    });
    const w = width();
    const c = (name: string, text: string) => (colour ? `{${name}-fg}${text}{/${name}-fg}` : text);
    const demo = p.demo ? `${p.demo} ` : '';
    const problemsText = !checked ? 'checking the file...' : p.problems;
    const line = w - 1;
    let pending = p.pending;
    let fixed = 3 + pending.length + 3 + problemsText.length;
    // a long read-only reason (a diagnostic with its path) does not crowd the rest out: whole when
    // it fits beside the file's path, else a short label (`?` shows the reason whole) and the
    // pending count without its "(A review)" (the key hints say it)
    let modeText = p.mode ? readOnlyLabel(readOnlyReason, line - demo.length - Math.min(p.file.length, 16) - fixed - 3) : '';
    if (p.mode && modeText !== readOnlyLabel(readOnlyReason, Infinity)) {
      pending = pending.replace(' (A review)', '');
      fixed = 3 + pending.length + 3 + problemsText.length;
      modeText = readOnlyLabel(readOnlyReason, Math.max(9, line - demo.length - 10 - fixed - 3));
    }
    // the file's path cut from the left: its end says which file
    const room = Math.max(8, line - demo.length - fixed - (modeText ? 3 + modeText.length : 0));
    const file = p.file.length > room ? '~' + p.file.slice(p.file.length - room + 1) : p.file;
    const left = (demo ? c('yellow', demo) : '') + escapeTags(file);
    const errs = checked ? session.errorCount() : 0;
    const problems = !checked ? problemsText : errs ? c('red', escapeTags(p.problems)) : escapeTags(p.problems);
    const mode = modeText ? c('yellow', escapeTags(modeText)) : '';
    statusBar.setContent([left, escapeTags(pending), problems, mode].filter(Boolean).join(' | '));
  };

  const drawHints = () => {
    if (flashText) {
      // a message replaces the hints until the next key (the status bar stays what is true now)
      const marker = flashText.level === 'error' ? 'ERROR: ' : flashText.level === 'warn' ? 'WARNING: ' : '';
      const text = escapeTags(fit(`${marker}${flashText.text}`, width() - 1).trimEnd());
      hintBar.setContent(colour ? `{${FLASH_COLOUR[flashText.level]}-fg}${text}{/${FLASH_COLOUR[flashText.level]}-fg}` : text);
      return;
    }
    // before the first view is made (deferFirstView), the global keys only
    const own = started || overlays.length || views[current] ? topView().bindings : [];
    const globals = overlays.length ? [] : GLOBAL_BINDINGS;
    hintBar.setContent(escapeTags(hintsLine([...own, ...globals], width() - 1, terminal.unicode)));
  };

  const render = () => {
    if (closed) return;
    drawTabs();
    drawStatus();
    drawHints();
    screen.render();
  };

  const ask = <T>(open: (done: (v: T) => void) => Modal): Promise<T> =>
    new Promise<T>((resolve) => {
      modal?.destroy();
      const m = open((value) => {
        if (modal === m) modal = null;
        m.destroy();
        render();
        resolve(value);
      });
      modal = m;
    });

  const host: ViewHost = {
    screen,
    session,
    tui,
    get readOnly() {
      return readOnly;
    },
    get readOnlyReason() {
      return readOnlyReason;
    },
    colour,
    unicode: terminal.unicode,
    confirm: (question) => ask<boolean>((d) => openConfirm(screen, question, terminal.unicode, d)),
    choose: (question, choices: readonly Choice[]) => ask<string | null>((d) => openChoose(screen, question, choices, terminal.unicode, d)),
    flash(text, level) {
      flashText = { text, level };
      render();
    },
    render,
    pushOverlay(view) {
      const area = blessed.box({ parent: screen, top: 1, left: 0, width: '100%', height: '100%-3' });
      area.setFront();
      overlays.push({ view, area });
      view.mount(host, area);
      view.show();
      render();
    },
    popOverlay() {
      const top = overlays.pop();
      if (!top) return;
      top.view.destroy();
      top.area.destroy();
      render();
    },
  };

  const switchTab = (i: number) => {
    const n = tabs.length;
    const next = ((i % n) + n) % n;
    if (next === current && views[current]) return;
    views[current]?.hide();
    areas[current]?.hide();
    current = next;
    const v = viewOf(current);
    areas[current]?.show();
    v.show();
    render();
  };

  const openHelp = () => {
    const v = topView();
    const notes = readOnly ? [`READ-ONLY: ${readOnlyReason ?? 'this session cannot change the files'}`] : [];
    host.pushOverlay(createHelpView(v.title, v.bindings, GLOBAL_BINDINGS, terminal.unicode, notes, width() - 4, v.helpNotes ?? []));
  };

  /** Forms (on any tab) with typed values not accepted with Enter. */
  const unacceptedForms = (): Array<{ tab: number; form: UnacceptedForm }> => {
    const out: Array<{ tab: number; form: UnacceptedForm }> = [];
    views.forEach((v, i) => {
      const f = v?.unaccepted?.() ?? null;
      if (f) out.push({ tab: i, form: f });
    });
    return out;
  };

  /**
   * Typed values never vanish unseen: before quitting or reviewing, the admin accepts them (as
   * Enter would; an invalid one shows its form and stops there), discards them or cancels.
   * True: go on.
   */
  const settleForms = async (doing: string): Promise<boolean> => {
    const forms = unacceptedForms();
    if (forms.length === 0) return true;
    const n = forms.reduce((k, f) => k + f.form.fields, 0);
    const where = forms.map((f) => f.form.where).join(', ');
    const answer = await host.choose(`${n} typed change${n === 1 ? '' : 's'} not accepted with Enter (${where}). ${doing}:`, [
      { key: 'a', label: 'accept them' },
      { key: 'd', label: 'discard them' },
      { key: 'c', label: 'cancel' },
    ]);
    if (answer === 'd') {
      for (const f of forms) f.form.discard();
      render();
      return true;
    }
    if (answer !== 'a') return false;
    for (const f of forms) {
      if (!f.form.accept()) {
        // invalid: its form shows why; nothing more happens
        while (overlays.length) host.popOverlay();
        switchTab(f.tab);
        host.flash(`${f.form.where}: not accepted, see the marked field`, 'error');
        return false;
      }
    }
    render();
    return true;
  };

  const openReview = async (): Promise<void> => {
    if (!(await settleForms('Before the review'))) return;
    if (!FLOW_HOOKS.openReview) {
      host.flash('the review is not built yet: use `lvs-tui plan` and `lvs-tui apply`', 'warn');
      return;
    }
    await FLOW_HOOKS.openReview(host);
  };

  const close = () => {
    if (closed) return;
    closed = true;
    lookups?.stop();
    modal?.destroy();
    for (const o of overlays) o.view.destroy();
    for (const v of views) v?.destroy();
    terminal.close();
    finish();
  };

  const quit = async () => {
    if (!(await settleForms('Before quitting'))) return;
    const n = session.pendingCount();
    if (n === 0) return close();
    const answer = await host.choose(`${n} change${n === 1 ? '' : 's'} not applied. Quit?`, [
      { key: 'a', label: 'apply' },
      { key: 'd', label: 'discard' },
      { key: 'c', label: 'cancel' },
    ]);
    if (answer === 'd') {
      session.discard();
      return close();
    }
    if (answer === 'a') {
      await openReview();
      if (session.pendingCount() === 0) close();
    }
  };

  const globalKey = (name: string): boolean => {
    if (/^[1-9]$/.test(name) && Number(name) <= tabs.length) {
      switchTab(Number(name) - 1);
      return true;
    }
    switch (name) {
      case '[':
        switchTab(current - 1);
        return true;
      case ']':
        switchTab(current + 1);
        return true;
      case '?':
        openHelp();
        return true;
      case '!':
        host.pushOverlay(createTextOverlay('problems', problemLines(session.diagnostics(), session.pendingCount())));
        return true;
      case 'q':
        void quit();
        return true;
      case 'A':
        void openReview();
        return true;
      case ':':
      case '@':
        if (FLOW_HOOKS.openCommandLog) FLOW_HOOKS.openCommandLog(host);
        else host.flash('the command log is not built yet', 'warn');
        return true;
    }
    return false;
  };

  const dispatch = (ch: string | undefined, key: KeyEvent) => {
    const name = keyName(ch, key);
    if (name === null || closed) return;
    if (modal) {
      modal.handle(name);
      return;
    }
    const hadFlash = flashText;
    const view = topView();
    if (name === 'C-c' && !view.editing) {
      void quit();
      return;
    }
    if (view.handleKey?.(ch, key)) {
      if (flashText === hadFlash) flashText = null;
      render();
      return;
    }
    if (view.editing) return;
    if (overlays.length) {
      if (name === 'escape' || name === 'q') host.popOverlay();
      return;
    }
    if (globalKey(name)) {
      if (flashText === hadFlash) flashText = null;
      render();
    }
  };

  screen.on('keypress', (ch: string | undefined, key: KeyEvent) => {
    try {
      dispatch(ch, key);
    } catch (err) {
      host.flash(`internal error on ${key?.full ?? ch}: ${(err as Error).message}`, 'error');
    }
  });
  screen.on('resize', () => {
    try {
      render();
    } catch {
      // a resize in the middle of closing: nothing to draw
    }
  });
  let readBytes = session.originalConfigBytes;
  const unsubscribe = session.subscribe(() => {
    if (session.originalConfigBytes !== readBytes) {
      readBytes = session.originalConfigBytes;
      // the file was saved (raw edit) or reloaded: read-only because it was broken ends when it is
      // fixed; --read-only and permissions stay (readOnlyCheck says those too)
      if (opts.readOnlyCheck && started) {
        const why = opts.readOnlyCheck();
        readOnly = why !== null;
        readOnlyReason = why;
      }
    }
    render();
  });
  done.then(unsubscribe, unsubscribe);

  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const start = () => {
    if (closed) return markReady();
    try {
      const later = opts.readOnlyCheck?.() ?? null;
      if (later !== null && !readOnly) {
        readOnly = true;
        readOnlyReason = later;
      }
      started = true;
      const resolver = tui.ctx?.deps?.resolver;
      if (resolver) lookups = lookUpHostNames(session, resolver);
      viewOf(current).show();
    } catch (err) {
      host.flash(`internal error while opening: ${(err as Error).message}`, 'error');
    }
    render();
    markReady();
  };
  if (opts.deferFirstView) {
    render();
    setImmediate(start);
  } else start();

  return {
    terminal,
    host,
    done,
    ready,
    currentTab: () => current,
    topView,
    text: () => (screen as unknown as { screenshot(): string }).screenshot().replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\n$/, ''),
    close,
  };
}
