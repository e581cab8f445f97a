// The visudo-like raw edit of lvs.cf (src/app/raw-edit.ts): an overlay listing the file's
// diagnostics (PATH:LINE:COL), opened by itself when the file is too broken for the forms and by
// `E` on the CONTROL/MONITORING tab otherwise. `e` hands the terminal to $VISUAL / $EDITOR / vi on
// a temporary copy (the alternate screen left, cooked mode back, blessed's output held), takes it
// back, and lists the edited text's diagnostics; `s` saves through the CLI's safe write pipeline
// (errors block it unless the admin forces), `e` edits again, `d` discards.

import type { Widgets } from 'blessed';
import { RawEdit } from '../src/app/raw-edit';
import { UNSAFE_TO_EDIT } from '../src/app/read-only';
import type { EditSession } from '../src/app/edit-session';
import type { Binding, KeyEvent, View, ViewHost } from './view';
import { keyName } from './widgets/keys';
import { TextPane, textPane } from './text-pane';

export const RAW_EDITOR_BINDINGS: readonly Binding[] = [
  { keys: ['e'], hint: 'edit in $EDITOR', help: 'edit lvs.cf as text in $VISUAL / $EDITOR / vi (a temporary copy; nothing is saved yet)' },
  { keys: ['s'], hint: 'save', help: 'save the edited text (validated; errors block the save unless you force it)' },
  { keys: ['d'], hint: 'discard', help: 'discard the edited text' },
  { keys: ['escape'], hint: 'back', help: 'back (asks when edited text is not saved)' },
  { keys: ['up', 'down', 'pageup', 'pagedown'], help: 'scroll' },
];

/** True when the staged lvs.cf has errors that make the forms unsafe: fix it as text first. */
export function needsRawEdit(session: EditSession): boolean {
  return session.diagnostics().some((d) => d.file === session.configPath && d.severity === 'error' && UNSAFE_TO_EDIT.has(d.code));
}

interface Program {
  input: NodeJS.ReadStream & { setRawMode?(mode: boolean): void };
  output: { write: (...a: unknown[]) => unknown };
  mouseEnabled?: boolean;
  normalBuffer(): void;
  alternateBuffer(): void;
  showCursor(): void;
  hideCursor(): void;
  disableMouse(): void;
  enableMouse(): void;
}

/**
 * Lends the terminal to a program started in `fn` (blessed's own Screen#spawn does the same, but
 * starts the child itself): normal screen, cursor shown, cooked mode, blessed's input paused and its
 * output held; all put back afterwards and the screen redrawn whole.
 */
export function handOver(screen: Widgets.Screen): <T>(fn: () => Promise<T>) => Promise<T> {
  return async (fn) => {
    const program = (screen as unknown as { program: Program }).program;
    const mouse = program.mouseEnabled === true;
    program.normalBuffer();
    program.showCursor();
    if (mouse) program.disableMouse();
    const write = program.output.write;
    program.output.write = () => true;
    program.input.pause();
    program.input.setRawMode?.(false);
    // Ctrl-C and Ctrl-\ at the editor are the editor's: lvs-tui (in the same process group) must
    // not close its screen and die under it. Hang-ups and kills still end lvs-tui as always.
    const held = (['SIGINT', 'SIGQUIT'] as const).map((sig) => {
      const listeners = process.rawListeners(sig) as ((...a: unknown[]) => void)[];
      process.removeAllListeners(sig);
      const ignore = () => undefined;
      process.on(sig, ignore);
      return () => {
        process.removeListener(sig, ignore);
        for (const l of listeners) process.on(sig, l);
      };
    });
    try {
      return await fn();
    } finally {
      for (const restore of held) restore();
      program.input.setRawMode?.(true);
      program.input.resume();
      program.output.write = write;
      program.alternateBuffer();
      program.hideCursor();
      if (mouse) program.enableMouse();
      (screen as unknown as { alloc(): void }).alloc();
      screen.render();
    }
  };
}

/** Opens the raw editor; with staged edits pending, asks first (the raw edit works on the file on disk). */
export async function openRawEditor(host: ViewHost, opts: { handOver?: <T>(fn: () => Promise<T>) => Promise<T>; env?: NodeJS.ProcessEnv } = {}): Promise<void> {
  const n = host.session.pendingCount();
  if (n > 0 && !(await host.confirm(`Editing lvs.cf as text works on the file on disk: discard your ${n} staged change${n === 1 ? '' : 's'} first?`))) return;
  if (n > 0) host.session.discard();
  let bytes: Buffer;
  try {
    bytes = host.tui.ctx.deps.files.read(host.session.configPath);
  } catch (err) {
    host.flash(`cannot read ${host.session.configPath}: ${(err as Error).message}`, 'error');
    return;
  }
  const raw = new RawEdit({ ctx: { ...host.tui.ctx, paths: { ...host.tui.ctx.paths, config: host.session.configPath } }, bytes, env: opts.env });
  host.pushOverlay(createRawEditorView(raw, opts.handOver ?? handOver(host.screen)));
}

export function createRawEditorView(raw: RawEdit, lend: <T>(fn: () => Promise<T>) => Promise<T>): View {
  let host: ViewHost;
  let pane: TextPane;
  let busy = false;
  let note: string | null = null;

  const draw = () => {
    const errors = raw.errorCount();
    const warnings = raw.diagnostics().length - errors;
    const head = [
      `${raw.changed() ? 'EDITED TEXT, NOT SAVED' : 'As on disk'}: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`,
      raw.path,
      ...(host.readOnly && host.readOnlyReason ? [`read-only: ${host.readOnlyReason}`] : []),
      `e edit as text in ${raw.editorArgv().join(' ')}${raw.changed() ? '   s save   d discard' : ''}   Esc back`,
      ...(note ? ['', note] : []),
      '',
    ];
    const diags = raw.diagnosticLines();
    pane.setLabel(`lvs.cf as text${raw.changed() ? ' (edited)' : ''}`);
    // wrapped: a message cut at the pane's edge would hide what is wrong
    pane.setLines([...head, ...(diags.length ? diags : ['No problems found.'])], { wrap: true });
    host.render();
  };

  const edit = async () => {
    busy = true;
    try {
      const why = await raw.runEditor(lend);
      note = why ? `The editor did not finish: ${why}` : null;
    } finally {
      busy = false;
    }
    draw();
  };

  const save = async () => {
    if (!raw.changed()) {
      host.flash('nothing to save: the text is as on disk', 'info');
      return;
    }
    // --read-only promises no change to the files: the text can be edited and checked, not saved
    if (host.tui.ctx?.options.readOnly) {
      note = 'NOT SAVED: opened with --read-only (start lvs-tui without it to save)';
      host.flash('opened with --read-only: the file is not written', 'warn');
      draw();
      return;
    }
    let force = false;
    const errors = raw.errorCount();
    if (errors > 0) {
      const answer = await host.choose(`The text has ${errors} error${errors === 1 ? '' : 's'}: pulse would refuse the file. Save anyway?`, [
        { key: 'e', label: 'edit again' },
        { key: 'F', label: 'force: save with the errors' },
        { key: 'c', label: 'cancel' },
      ]);
      if (answer === 'e') return edit();
      if (answer !== 'F') return;
      force = true;
    } else if (!(await host.confirm(`Save ${raw.path}?`))) return;
    busy = true;
    let out;
    try {
      out = await raw.save({ force });
    } finally {
      busy = false;
    }
    if (!out.ok || !out.saved) {
      note = `NOT SAVED: ${out.message}`;
      draw();
      return;
    }
    host.session.rebase(out.saved, host.session.originalSidecarBytes);
    host.popOverlay();
    // the shell decided read-only again on the rebase: a fixed file is editable now (unless --read-only or not writable)
    host.flash(`${out.message}${host.readOnly ? ` (still read-only: ${host.readOnlyReason ?? ''})` : ''}`, 'info');
  };

  const leave = async () => {
    if (raw.changed() && !(await host.confirm('Discard the edited text?'))) return;
    host.popOverlay();
  };

  return {
    title: 'lvs.cf as text',
    bindings: RAW_EDITOR_BINDINGS,
    editing: false,
    mount(h: ViewHost, area: Widgets.BoxElement) {
      host = h;
      pane = textPane(area, { label: 'lvs.cf as text', unicode: h.unicode, colour: h.colour });
      pane.setLines(['validating...']);
      void raw.validate().then(draw, (err: Error) => {
        note = `validation failed: ${err.message}`;
        draw();
      });
    },
    show: () => pane.box.show(),
    hide: () => pane.box.hide(),
    handleKey(ch: string | undefined, key: KeyEvent): boolean {
      const name = keyName(ch, key);
      if (name === null || busy) return true;
      if (pane.scrollKey(name)) return true;
      switch (name) {
        case 'e':
          void edit();
          return true;
        case 's':
          void save();
          return true;
        case 'd':
        case 'escape':
        case 'q':
          void leave();
          return true;
      }
      return true;
    },
    destroy: () => pane?.box.destroy(),
  };
}
