// A view that shows fixed text (a tab whose screen is not built yet, or a notice).

import type { Widgets } from 'blessed';
import type { View } from './view';
import { escapeTags } from './widgets/text';

export function createTextView(title: string, text: string): View {
  let box: Widgets.BoxElement | null = null;
  return {
    title,
    bindings: [],
    editing: false,
    mount(_host, area) {
      const blessed = require('blessed') as typeof import('blessed');
      box = blessed.box({ parent: area, top: 0, left: 0, width: '100%', height: '100%', tags: true, content: escapeTags(text) });
    },
    show: () => box?.show(),
    hide: () => box?.hide(),
    destroy: () => box?.destroy(),
  };
}
