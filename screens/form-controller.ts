// One configuration form on screen: its state (src/app/form-state.ts), its drawing
// (widgets/form.ts) and what Enter and Esc do with the session: Enter checks the values with the
// CLI's rules and the validator (src/app/config-forms.ts) and stages the edits, or shows the errors
// at their fields; Esc leaves the field, then cancels (asking when something changed). In a
// read-only session nothing changes and the status bar says why.

import { FormState, changedFields, formKey, isChanged, newForm, withErrors } from '../src/app/form-state';
import { FormCheck, FormDef, checkForm, hasFormErrors } from '../src/app/config-forms';
import type { KeyEvent, ViewHost } from './view';
import { FormWidget } from './widgets/form';
import { keyName } from './widgets/keys';

export interface FormControllerOptions {
  readonly host: ViewHost;
  readonly widget: FormWidget;
  /** after the edits are staged */
  onAccepted(check: FormCheck, def: FormDef): void;
  /** Esc with no field focused (after the admin agreed to lose the changes) */
  onCancel(): void;
}

export interface FormController {
  readonly def: FormDef | null;
  readonly state: FormState | null;
  /** a field has focus: keys are typed into it */
  readonly editing: boolean;
  readonly changed: boolean;
  /** shows a form; `focused`: the first field has focus */
  open(def: FormDef, focused: boolean, cursor?: number): void;
  /** takes the staged values again, keeping the cursor (after an edit elsewhere), unless changed here */
  refresh(def: FormDef): void;
  handleKey(ch: string | undefined, key: KeyEvent): boolean;
  /** Enter: true when staged (or nothing to stage) */
  accept(): boolean;
  /** how many fields differ from the staged values (1 for a new item): typed, not accepted */
  changedCount(): number;
  /** drops the typed values without asking (the quit prompt asked) */
  discard(): void;
  draw(): void;
}

export function createFormController(opts: FormControllerOptions): FormController {
  const { host, widget } = opts;
  let def: FormDef | null = null;
  let state: FormState | null = null;
  let note: string | undefined;
  let asking = false;

  const draw = () => {
    if (state) widget.draw(state, note);
  };

  const refuse = () => host.flash(`read-only: ${host.readOnlyReason ?? 'this session cannot change the files'}`, 'warn');

  const accept = (): boolean => {
    if (!def || !state) return false;
    if (!def.isNew && !isChanged(state)) {
      state = { ...state, focused: false };
      note = 'nothing changed';
      draw();
      return true;
    }
    if (host.readOnly) {
      refuse();
      return false;
    }
    const session = host.session;
    const before = session.diagnostics().filter((d) => d.file === session.configPath);
    const sidecarEditable = session.sidecar().document.errors.length === 0;
    const check = checkForm(def, state.values, session.doc(), before, sidecarEditable);
    if (hasFormErrors(check)) {
      const first = Object.entries(check.errors)[0];
      const field = def.fields.find((f) => f.id === first[0]);
      const at = field ? def.fields.indexOf(field) : state.cursor;
      state = { ...withErrors(state, check.errors, check.warnings), cursor: at, caret: field ? state.values[field.id].length : state.caret };
      note = undefined;
      draw();
      host.flash(`${field ? `${field.label}: ` : ''}${first[1]}`, 'error');
      return false;
    }
    for (const op of check.ops) {
      if (op.config) session.edit(op.label, op.config);
      else if (op.sidecar) session.editSidecar(op.label, op.sidecar);
    }
    const n = def.isNew ? 1 : changedFields(state).length;
    const accepted = def;
    host.flash(def.isNew ? `${check.ops[0]?.label ?? 'added'}: staged (A reviews and applies)` : `${n} change${n === 1 ? '' : 's'} staged (A reviews and applies)`, 'info');
    opts.onAccepted(check, accepted);
    return true;
  };

  const cancel = async () => {
    if (!state) return;
    if (isChanged(state) && !host.readOnly) {
      asking = true;
      const yes = await host.confirm('Discard the changes made in this form?');
      asking = false;
      if (!yes) return;
    }
    opts.onCancel();
    // an answer to the question comes after the key was handled: draw what followed it
    host.render();
  };

  return {
    get def() {
      return def;
    },
    get state() {
      return state;
    },
    get editing() {
      return state !== null && state.focused;
    },
    get changed() {
      return state !== null && isChanged(state);
    },
    open(d, focused, cursor = 0) {
      def = d;
      state = newForm(d.fields, d.values, focused);
      const at = Math.max(0, Math.min(cursor, d.fields.length - 1));
      if (at > 0) state = { ...state, cursor: at, caret: state.values[d.fields[at].id].length };
      note = host.readOnly ? `read-only: ${host.readOnlyReason ?? ''}` : undefined;
      draw();
    },
    refresh(d) {
      if (state && isChanged(state)) return;
      const cursor = state?.cursor ?? 0;
      const focused = state?.focused ?? false;
      def = d;
      const fresh = newForm(d.fields, d.values, focused);
      state = { ...fresh, cursor: Math.min(cursor, Math.max(0, d.fields.length - 1)) };
      state = { ...state, caret: state.values[d.fields[state.cursor]?.id ?? '']?.length ?? 0 };
      draw();
    },
    handleKey(ch, key) {
      if (!state || asking) return false;
      const name = keyName(ch, key);
      if (name === null) return true;
      const typed = ch !== undefined && ch.length === 1 && name === ch ? ch : null;
      const r = formKey(state, name, typed);
      if (r.action === 'accept') {
        accept();
        return true;
      }
      if (r.action === 'cancel') {
        void cancel();
        return true;
      }
      if (host.readOnly && r.state.values !== state.values) {
        refuse();
        return true;
      }
      if (r.state !== state) note = host.readOnly ? note : undefined;
      state = r.state;
      draw();
      return r.used;
    },
    accept,
    changedCount: () => (state && isChanged(state) ? (def?.isNew ? 1 : Math.max(1, changedFields(state).length)) : 0),
    discard() {
      if (!state) return;
      opts.onCancel();
    },
    draw,
  };
}
