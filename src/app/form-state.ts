// A form's state and its keys, without a screen (pure): the fields, their values, which field the
// cursor is on, whether that field has focus (then typing edits it), the caret, and the errors
// shown at the fields. screens/widgets/form.ts draws it.
//
// Keys (issue 5): Tab/Shift-Tab and Up/Down move between fields; typing edits the focused text
// field; Ctrl-U clears it; Left/Right or Space change a choice field; Enter accepts; Esc leaves
// the focused field, and Esc with no field focused cancels the form.

export interface ChoiceOption {
  readonly value: string;
  readonly label: string;
}

export interface FieldSpec {
  readonly id: string;
  readonly label: string;
  readonly kind: 'text' | 'choice';
  /** choice fields: the options, in order */
  readonly options?: readonly ChoiceOption[];
  /** shown after the value when it is empty, e.g. "(unset: 80)" */
  readonly placeholder?: string;
  readonly help?: string;
  /** at most this many characters (Piranha's fields take 255) */
  readonly maxLength?: number;
}

export interface FormState {
  readonly fields: readonly FieldSpec[];
  readonly initial: Readonly<Record<string, string>>;
  readonly values: Readonly<Record<string, string>>;
  /** index of the field the cursor is on */
  readonly cursor: number;
  /** the cursor's field has focus: typing edits it */
  readonly focused: boolean;
  /** caret position in the focused text field */
  readonly caret: number;
  /** errors shown at their fields (by field id); '' for the form as a whole */
  readonly errors: Readonly<Record<string, string>>;
  readonly warnings: Readonly<Record<string, string>>;
}

export type FormAction = 'none' | 'accept' | 'cancel' | 'left-field';

export interface FormKeyResult {
  readonly state: FormState;
  readonly action: FormAction;
  /** the key was used (false: the caller may give it another meaning) */
  readonly used: boolean;
}

export function newForm(fields: readonly FieldSpec[], values: Readonly<Record<string, string>>, focused = true): FormState {
  const v: Record<string, string> = {};
  for (const f of fields) v[f.id] = values[f.id] ?? '';
  const first = fields[0];
  return { fields, initial: v, values: v, cursor: 0, focused: focused && fields.length > 0, caret: first ? v[first.id].length : 0, errors: {}, warnings: {} };
}

export function isChanged(s: FormState): boolean {
  return s.fields.some((f) => s.values[f.id] !== s.initial[f.id]);
}

/** The ids of the fields whose value differs from the initial one, in form order. */
export function changedFields(s: FormState): string[] {
  return s.fields.filter((f) => s.values[f.id] !== s.initial[f.id]).map((f) => f.id);
}

export function currentField(s: FormState): FieldSpec | undefined {
  return s.fields[s.cursor];
}

export function withErrors(s: FormState, errors: Record<string, string>, warnings: Record<string, string> = {}): FormState {
  return { ...s, errors, warnings };
}

/** The label of a choice field's value (the value itself when it is not among the options). */
export function choiceLabel(f: FieldSpec, value: string): string {
  return f.options?.find((o) => o.value === value)?.label ?? value;
}

function moveTo(s: FormState, i: number, focus: boolean): FormState {
  const n = s.fields.length;
  if (n === 0) return s;
  const cursor = ((i % n) + n) % n;
  return { ...s, cursor, focused: focus, caret: s.values[s.fields[cursor].id].length };
}

function setValue(s: FormState, id: string, value: string, caret: number): FormState {
  const errors = { ...s.errors };
  delete errors[id];
  return { ...s, values: { ...s.values, [id]: value }, caret, errors };
}

function cycle(s: FormState, f: FieldSpec, step: number): FormState {
  const opts = f.options ?? [];
  if (!opts.length) return s;
  const i = opts.findIndex((o) => o.value === s.values[f.id]);
  const next = opts[(((i < 0 ? 0 : i + step) % opts.length) + opts.length) % opts.length];
  return setValue(s, f.id, next.value, 0);
}

/**
 * One key. `name` is the key's name (widgets/keys.ts: 'a', 'enter', 'C-u', 'S-tab'), `typed` the
 * character when it is a printable one.
 */
export function formKey(s: FormState, name: string, typed: string | null): FormKeyResult {
  const r = (state: FormState, action: FormAction = 'none', used = true): FormKeyResult => ({ state, action, used });
  const f = currentField(s);
  switch (name) {
    case 'tab':
      return r(moveTo(s, s.cursor + 1, true));
    case 'S-tab':
      return r(moveTo(s, s.cursor - 1, true));
    case 'down':
      return r(moveTo(s, s.cursor + 1, s.focused));
    case 'up':
      return r(moveTo(s, s.cursor - 1, s.focused));
    case 'enter':
      return r(s, 'accept');
    case 'escape':
      return s.focused ? r({ ...s, focused: false }, 'left-field') : r(s, 'cancel');
  }
  if (!f) return r(s, 'none', false);
  if (!s.focused && name === 'j') return r(moveTo(s, s.cursor + 1, false));
  if (!s.focused && name === 'k') return r(moveTo(s, s.cursor - 1, false));
  if (f.kind === 'choice') {
    if (name === 'left') return r(cycle(s, f, -1));
    if (name === 'right' || name === 'space') return r(cycle(s, f, 1));
    if (!s.focused) return r(s, 'none', false);
    // a focused choice takes no typing, but the key must not reach the global keys either
    return r(s, 'none', name !== 'C-c');
  }
  if (!s.focused) {
    if (name === 'e' || name === 'i') return r({ ...s, focused: true, caret: s.values[f.id].length });
    return r(s, 'none', false);
  }
  const value = s.values[f.id];
  const caret = Math.min(s.caret, value.length);
  switch (name) {
    case 'C-u':
      return r(setValue(s, f.id, '', 0));
    case 'backspace':
      return caret > 0 ? r(setValue(s, f.id, value.slice(0, caret - 1) + value.slice(caret), caret - 1)) : r(s);
    case 'delete':
      return r(setValue(s, f.id, value.slice(0, caret) + value.slice(caret + 1), caret));
    case 'left':
      return r({ ...s, caret: Math.max(0, caret - 1) });
    case 'right':
      return r({ ...s, caret: Math.min(value.length, caret + 1) });
    case 'home':
    case 'C-a':
      return r({ ...s, caret: 0 });
    case 'end':
    case 'C-e':
      return r({ ...s, caret: value.length });
  }
  const ch = name === 'space' ? ' ' : typed;
  if (ch !== null && ch.length === 1) {
    if (f.maxLength !== undefined && value.length >= f.maxLength) return r(s);
    return r(setValue(s, f.id, value.slice(0, caret) + ch + value.slice(caret), caret + 1));
  }
  // anything else in a focused text field is swallowed: global keys must not fire while typing
  return r(s, 'none', name !== 'C-c');
}
