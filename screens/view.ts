// The contract between the shell (screens/shell.ts) and the views it hosts: the tabs, a virtual
// server's sub-screens, overlays (help, review, command log). A view draws into the area it is
// given, declares its keys as bindings (the `?` help and the status-bar hints are generated from
// them) and says when a text field has focus, so that global keys are typed, not obeyed.

import type { Widgets } from 'blessed';
import type { EditSession } from '../src/app/edit-session';
import type { CommandLog } from '../src/app/command-log';
import type { CommandContext } from '../src/cli/commands/context';

type DemoRouter = import('../src/demo').DemoRouter;
type PeerSource = import('../src/app/peer-watch').PeerSource;

export interface Binding {
  /** blessed key names ('enter', 'C-u', 'S-tab', 'a'); the first is shown */
  readonly keys: readonly string[];
  /** a short word for the status bar; bindings without one appear only in the help */
  readonly hint?: string;
  /** one line for the help overlay */
  readonly help: string;
}

export type FlashLevel = 'info' | 'warn' | 'error';

/** What the TUI runs on: the command context (deps, paths, options), the demo router, the log. */
export interface TuiContext {
  readonly ctx: CommandContext;
  readonly demo: DemoRouter | null;
  readonly commandLog: CommandLog;
  /** the other router, checked in the background for tab 1's peer line; absent: no line */
  readonly peer?: PeerSource | null;
}

export interface Choice {
  readonly key: string;
  readonly label: string;
}

export interface ViewHost {
  readonly screen: Widgets.Screen;
  readonly session: EditSession;
  readonly tui: TuiContext;
  readonly readOnly: boolean;
  readonly readOnlyReason: string | null;
  /** false under NO_COLOR: show states as words or markers only */
  readonly colour: boolean;
  /** true when lines and symbols may be Unicode */
  readonly unicode: boolean;
  /** a y/n question; resolves true on y */
  confirm(question: string): Promise<boolean>;
  /** a question answered by one key of `choices`; null on Esc */
  choose(question: string, choices: readonly Choice[]): Promise<string | null>;
  /** a message in the status bar until the next key */
  flash(text: string, level: FlashLevel): void;
  /** redraws the status bar and the screen */
  render(): void;
  /** shows a view above the current one (it gets the keys until popOverlay) */
  pushOverlay(view: View): void;
  popOverlay(): void;
}

export interface View {
  readonly title: string;
  readonly bindings: readonly Binding[];
  /** what the screen shows that its keys do not say (a column's words), for the help overlay */
  readonly helpNotes?: readonly string[];
  /** called once: build the widgets inside `area` */
  mount(host: ViewHost, area: Widgets.BoxElement): void;
  show(): void;
  hide(): void;
  /** a text field has focus: global keys are typed into it, not obeyed */
  readonly editing: boolean;
  /**
   * a form on this view has typed values not yet accepted with Enter (null: none): the quit
   * prompt and `A` ask about them rather than lose them
   */
  unaccepted?(): UnacceptedForm | null;
  /** a key the view wants; true when it used it (the shell then does nothing more with it) */
  handleKey?(ch: string | undefined, key: KeyEvent): boolean;
  destroy(): void;
}

/** Typed values of a form not yet accepted with Enter. */
export interface UnacceptedForm {
  /** "GLOBAL SETTINGS", "virtual www: REAL SERVER web1" */
  readonly where: string;
  /** fields changed (1 for a new item) */
  readonly fields: number;
  /** Enter: stages them; false when they are invalid (the form shows why) */
  accept(): boolean;
  /** drops them (the form shows the staged values again) */
  discard(): void;
}

/** blessed's key event (the parts the views use). */
export interface KeyEvent {
  readonly name?: string;
  readonly full: string;
  readonly ctrl?: boolean;
  readonly shift?: boolean;
  readonly meta?: boolean;
  readonly sequence?: string;
}
