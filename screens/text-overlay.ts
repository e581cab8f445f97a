// A read-only text overlay (the `!` list of problems): arrows, j/k and PageUp/PageDown scroll,
// any other key closes it.

import type { Widgets } from 'blessed';
import type { View, ViewHost } from './view';
import { keyName } from './widgets/keys';
import { mountScrollBox, scrollByKey } from './widgets/scroll-box';
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
      box = mountScrollBox(h, area, title);
      box.setContent(lines.map(escapeTags).join('\n'));
    },
    show: () => box?.show(),
    hide: () => box?.hide(),
    handleKey(ch, key) {
      const name = keyName(ch, key);
      if (!scrollByKey(box, name)) host?.popOverlay();
      return true;
    },
    destroy: () => box?.destroy(),
  };
}
