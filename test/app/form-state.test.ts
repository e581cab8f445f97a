// The form keys without a screen: moving, focusing, typing, Ctrl-U, choices, Enter and Esc.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FieldSpec, FormState, changedFields, formKey, isChanged, newForm } from '../../src/app/form-state';

const FIELDS: FieldSpec[] = [
  { id: 'name', label: 'Name', kind: 'text', maxLength: 5 },
  { id: 'proto', label: 'Protocol', kind: 'choice', options: [{ value: 'tcp', label: 'tcp' }, { value: 'udp', label: 'udp' }] },
  { id: 'port', label: 'Port', kind: 'text' },
];

function keys(s: FormState, ...names: string[]): FormState {
  for (const n of names) s = formKey(s, n, n.length === 1 ? n : null).state;
  return s;
}

test('form-state: opens on the first field, focused or not; Tab/S-Tab focus and wrap; arrows keep the focus state', () => {
  const s = newForm(FIELDS, { name: 'www', proto: 'tcp', port: '80' });
  assert.equal(s.cursor, 0);
  assert.equal(s.focused, true);
  assert.equal(keys(s, 'S-tab').cursor, 2);
  assert.equal(keys(s, 'tab', 'tab', 'tab').cursor, 0);
  const unfocused = newForm(FIELDS, {}, false);
  assert.equal(keys(unfocused, 'down').focused, false);
  assert.equal(keys(unfocused, 'down').cursor, 1);
  assert.equal(keys(unfocused, 'tab').focused, true);
  assert.equal(keys(unfocused, 'j', 'j').cursor, 2, 'j/k move when no field has focus');
});

test('form-state: typing edits the focused text field at the caret; Ctrl-U clears; Backspace; the length limit', () => {
  let s = newForm(FIELDS, { name: 'ww', proto: 'tcp', port: '80' });
  s = keys(s, 'w', 'left', 'left', 'x');
  assert.equal(s.values.name, 'wxww');
  s = keys(s, 'end', 'a', 'b', 'c');
  assert.equal(s.values.name, 'wxwwa', 'at most 5 characters');
  s = keys(s, 'backspace');
  assert.equal(s.values.name, 'wxww');
  s = keys(s, 'C-u');
  assert.equal(s.values.name, '');
  assert.deepEqual(changedFields(s), ['name']);
  const r = formKey(s, '1', '1');
  assert.equal(r.state.values.name, '1');
  assert.equal(r.used, true);
  assert.equal(formKey(s, 'q', 'q').used, true, 'a focused field takes q: it is not a global key then');
});

test('form-state: choices change with Left/Right/Space (wrapping), typing does not change them', () => {
  let s = keys(newForm(FIELDS, { proto: 'tcp' }), 'tab');
  s = keys(s, 'right');
  assert.equal(s.values.proto, 'udp');
  s = keys(s, 'space');
  assert.equal(s.values.proto, 'tcp');
  s = keys(s, 'left', 'x');
  assert.equal(s.values.proto, 'udp');
  assert.equal(isChanged(s), true);
});

test('form-state: Enter accepts; Esc leaves the field, a second Esc cancels; errors clear when their field changes', () => {
  let s = newForm(FIELDS, { name: 'a' });
  assert.equal(formKey(s, 'enter', null).action, 'accept');
  const left = formKey(s, 'escape', null);
  assert.equal(left.action, 'left-field');
  assert.equal(left.state.focused, false);
  assert.equal(formKey(left.state, 'escape', null).action, 'cancel');
  assert.equal(formKey(left.state, '[', '[').used, false, 'with no field focused, [ is left to the caller');
  s = { ...s, errors: { name: 'bad', port: 'bad too' } };
  s = keys(s, 'b');
  assert.deepEqual(s.errors, { port: 'bad too' });
});
