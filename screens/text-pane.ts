// A bordered, scrollable pane of lines for the overlays (review, command log, raw editor): the
// lines are escaped here (they come from files and programs), diff lines optionally coloured, and
// the keys that scroll it are handled in one place.

import type { Widgets } from 'blessed';
import { escapeTags } from './widgets/text';

export interface TextPane {
  readonly box: Widgets.BoxElement;
  /** wrap: long lines continue on the next row (sentences); off, they are cut (diffs, tables) */
  setLines(lines: readonly string[], opts?: { diff?: boolean; keepScroll?: boolean; wrap?: boolean }): void;
  setLabel(text: string): void;
  /** ↑ ↓ j k PgUp PgDn Home End g G; true when the key scrolled */
  scrollKey(name: string): boolean;
}

export const SCROLL_KEYS = ['up', 'down', 'j', 'k', 'pageup', 'pagedown', 'home', 'end', 'g', 'G', 'space'];

function colourDiff(line: string): string {
  const t = escapeTags(line);
  if (line.startsWith('+') && !line.startsWith('+++')) return `{green-fg}${t}{/green-fg}`;
  if (line.startsWith('-') && !line.startsWith('---')) return `{red-fg}${t}{/red-fg}`;
  if (line.startsWith('@@') || line.startsWith('==')) return `{cyan-fg}${t}{/cyan-fg}`;
  return t;
}

export function textPane(area: Widgets.BoxElement, opts: { label: string; unicode: boolean; colour: boolean; top?: number; bottom?: number }): TextPane {
  const blessed = require('blessed') as typeof import('blessed');
  const box = blessed.box({
    parent: area,
    top: opts.top ?? 0,
    left: 0,
    width: '100%',
    height: `100%-${(opts.top ?? 0) + (opts.bottom ?? 0)}`,
    label: ` ${opts.label} `,
    tags: true,
    border: { type: opts.unicode ? 'line' : 'bg', ch: '#' } as never,
    scrollable: true,
    alwaysScroll: true,
    keys: false,
    mouse: false,
    wrap: false,
  } as Widgets.BoxOptions);
  const page = () => Math.max(1, (typeof box.height === 'number' ? box.height : 10) - 3);
  return {
    box,
    setLines(lines, o = {}) {
      const at = box.getScroll();
      (box as unknown as { wrap: boolean }).wrap = o.wrap === true;
      box.setContent(lines.map((l) => (o.diff && opts.colour ? colourDiff(l) : escapeTags(l))).join('\n'));
      box.setScroll(o.keepScroll ? at : 0);
    },
    setLabel(text) {
      box.setLabel(` ${text} `);
    },
    scrollKey(name) {
      switch (name) {
        case 'down':
        case 'j':
          box.scroll(1);
          return true;
        case 'up':
        case 'k':
          box.scroll(-1);
          return true;
        case 'pagedown':
        case 'space':
          box.scroll(page());
          return true;
        case 'pageup':
          box.scroll(-page());
          return true;
        case 'home':
        case 'g':
          box.setScroll(0);
          return true;
        case 'end':
        case 'G':
          box.setScrollPerc(100);
          return true;
      }
      return false;
    },
  };
}

/** An overlay of fixed lines (a command's output); any key closes it. */
export function createMessageView(title: string, lines: readonly string[]): import('./view').View {
  let pane: TextPane | null = null;
  let host: import('./view').ViewHost | null = null;
  return {
    title,
    bindings: [{ keys: ['escape'], hint: 'close', help: 'close' }],
    editing: false,
    mount(h, area) {
      host = h;
      pane = textPane(area, { label: title, unicode: h.unicode, colour: h.colour });
      pane.setLines(lines, { wrap: true });
    },
    show: () => pane?.box.show(),
    hide: () => pane?.box.hide(),
    handleKey(ch, key) {
      const name = key.full ?? ch ?? '';
      if (pane && pane.scrollKey(name)) return true;
      host?.popOverlay();
      return true;
    },
    destroy: () => pane?.box.destroy(),
  };
}
