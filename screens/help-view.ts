// The `?` overlay: the current screen's keys and the global ones, generated from their bindings.
// Arrows scroll; any other key closes it.

import { keyLabel } from '../src/present/tui-status';
import type { Binding, View } from './view';
import { createTextOverlay } from './text-overlay';
import { fit, wrapWords } from './widgets/text';

/** `notes` (the read-only reason) come first, wrapped to `width`. */
export function helpLines(title: string, own: readonly Binding[], global: readonly Binding[], unicode: boolean, notes: readonly string[] = [], width = 76): string[] {
  const row = (b: Binding) => `  ${fit(b.keys.map((k) => keyLabel(k, unicode)).join(' '), 16)} ${b.help}`;
  const out = [...notes.flatMap((n) => [...wrapWords(n, Math.max(20, width)), '']), `Keys of ${title}:`, ...own.map(row)];
  if (global.length) out.push('', 'Everywhere (when no text field has focus):', ...global.map(row));
  out.push('', 'Arrows scroll; any other key closes this help.');
  return out;
}

export function createHelpView(title: string, own: readonly Binding[], global: readonly Binding[], unicode = true, notes: readonly string[] = [], width = 76): View {
  return createTextOverlay('help', helpLines(title, own, global, unicode, notes, width));
}
