// The `?` overlay: the current screen's keys and the global ones, generated from their bindings.
// Arrows scroll; any other key closes it.

import { keyLabel } from '../src/present/tui-status';
import type { Binding, View } from './view';
import { createTextOverlay } from './text-overlay';
import { fit, wrapWords } from './widgets/text';

/** `notes` (the read-only reason) come first, `about` (what the screen shows) after its keys, wrapped to `width`. */
export function helpLines(title: string, own: readonly Binding[], global: readonly Binding[], unicode: boolean, notes: readonly string[] = [], width = 76, about: readonly string[] = []): string[] {
  const row = (b: Binding) => `  ${fit(b.keys.map((k) => keyLabel(k, unicode)).join(' '), 16)} ${b.help}`;
  const wrap = (n: string) => wrapWords(n, Math.max(20, width));
  const out = [...notes.flatMap((n) => [...wrap(n), '']), `Keys of ${title}:`, ...own.map(row)];
  for (const n of about) out.push('', ...wrap(n));
  if (global.length) out.push('', 'Everywhere (when no text field has focus):', ...global.map(row));
  out.push('', 'Arrows scroll; any other key closes this help.');
  return out;
}

export function createHelpView(title: string, own: readonly Binding[], global: readonly Binding[], unicode = true, notes: readonly string[] = [], width = 76, about: readonly string[] = []): View {
  return createTextOverlay('help', helpLines(title, own, global, unicode, notes, width, about));
}
