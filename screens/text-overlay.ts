// A read-only text overlay (the `!` list of problems): arrows, j/k and PageUp/PageDown scroll,
// any other key closes it.

import type { Widgets } from 'blessed';
import type { View, ViewHost } from './view';
import { keyName } from './widgets/keys';
import { escapeTags } from './widgets/text';

export function createTextOverlay(title: string, lines: readonly string[]): View {
  let host: ViewHost | null = null;
  let box: Widgets.BoxElement | null = null;
  return {
    title,
    bindings: [
      { keys: ['up', 'down', 'j', 'k'], hint: 'scroll', help: 'scroll' },
      { keys: ['escape'], hint: 'close', help: 'close (any other key too)' },
    ],
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
        label: ` ${escapeTags(title)} `,
        border: { type: h.unicode ? 'line' : 'bg', ch: '#' } as never,
        scrollable: true,
        content: lines.map(escapeTags).join('\n'),
      });
    },
    show: () => box?.show(),
    hide: () => box?.hide(),
    handleKey(ch, key) {
      const name = keyName(ch, key);
      const page = Math.max(1, (typeof box?.height === 'number' ? box.height : 10) - 3);
      const by: Record<string, number> = { up: -1, k: -1, down: 1, j: 1, pageup: -page, pagedown: page };
      if (name !== null && by[name] !== undefined) box?.scroll(by[name]);
      else host?.popOverlay();
      return true;
    },
    destroy: () => box?.destroy(),
  };
}
