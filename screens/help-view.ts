// The `?` overlay: the current screen's keys and the global ones, generated from their bindings.
// Any key closes it.

import type { Widgets } from 'blessed';
import { keyLabel } from '../src/present/tui-status';
import type { Binding, View, ViewHost } from './view';
import { escapeTags, fit } from './widgets/text';

export function helpLines(title: string, own: readonly Binding[], global: readonly Binding[], unicode: boolean): string[] {
  const row = (b: Binding) => `  ${fit(b.keys.map((k) => keyLabel(k, unicode)).join(' '), 16)} ${b.help}`;
  const out = [`Keys of ${title}:`, ...own.map(row)];
  if (global.length) out.push('', 'Everywhere (when no text field has focus):', ...global.map(row));
  out.push('', 'Any key closes this help.');
  return out;
}

export function createHelpView(title: string, own: readonly Binding[], global: readonly Binding[]): View {
  let host: ViewHost | null = null;
  let box: Widgets.BoxElement | null = null;
  return {
    title: `help: ${title}`,
    bindings: [],
    editing: false,
    mount(h, area) {
      host = h;
      const blessed = require('blessed') as typeof import('blessed');
      box = blessed.box({
        parent: area,
        top: 0,
        left: 0,
        width: '100%',
        height: '100%',
        tags: true,
        label: ' help ',
        border: { type: h.unicode ? 'line' : 'bg', ch: '#' } as never,
        scrollable: true,
        content: escapeTags(helpLines(title, own, global, h.unicode).join('\n')),
      });
    },
    show: () => box?.show(),
    hide: () => box?.hide(),
    handleKey() {
      host?.popOverlay();
      return true;
    },
    destroy: () => box?.destroy(),
  };
}
