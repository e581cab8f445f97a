// The full-area, bordered, scrollable text box that read-only overlays share (problems `!`,
// check results `t`, real-server kit `K`), and the keys that scroll it.

import type { Widgets } from 'blessed';
import type { ViewHost } from '../view';
import { escapeTags } from './text';

export function mountScrollBox(host: ViewHost, area: Widgets.BoxElement, title?: string): Widgets.BoxElement {
  const blessed = require('blessed') as typeof import('blessed');
  return blessed.box({
    parent: area,
    top: 0,
    left: 0,
    width: '100%',
    height: '100%',
    tags: true,
    ...(title === undefined ? {} : { label: ` ${escapeTags(title)} ` }),
    border: { type: host.unicode ? 'line' : 'bg', ch: '#' } as never,
    scrollable: true,
  });
}

/** Scrolls the box for arrows, j/k and PageUp/PageDown; false for any other key. */
export function scrollByKey(box: Widgets.BoxElement | null, name: string | null): boolean {
  const page = Math.max(1, (typeof box?.height === 'number' ? box.height : 10) - 3);
  const by: Record<string, number> = { up: -1, k: -1, down: 1, j: 1, pageup: -page, pagedown: page };
  if (name === null || by[name] === undefined) return false;
  box?.scroll(by[name]);
  return true;
}
