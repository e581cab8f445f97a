// `:` or `@`: the log of every command lvs-tui ran in this session (or, on the demo router, showed
// instead of running, marked DEMO), newest last, with exit status; Enter shows a command's output.
// The monitor's periodic reads are hidden until `m`. Updates live while open.

import type { Widgets } from 'blessed';
import type { CommandLogEntry } from '../src/app/command-log';
import { commandLogLines } from '../src/present/command-log-text';
import type { Binding, KeyEvent, View, ViewHost } from './view';
import { keyName } from './widgets/keys';
import { TextPane, textPane } from './text-pane';

export const COMMAND_LOG_BINDINGS: readonly Binding[] = [
  { keys: ['up', 'down'], hint: 'select', help: 'select a command' },
  { keys: ['enter'], hint: 'output', help: "show or hide the selected command's output" },
  { keys: ['m'], hint: 'monitor reads', help: "show or hide the monitor's periodic reads (ipvsadm listings, pulse status)" },
  { keys: ['escape', 'q'], hint: 'back', help: 'close the log' },
];

export function openCommandLog(host: ViewHost): void {
  host.pushOverlay(createCommandLogView());
}

export function createCommandLogView(): View {
  let host: ViewHost;
  let pane: TextPane;
  let monitor = false;
  let selected = -1; // index into the entries shown; -1: the newest
  const open = new Set<number>(); // seq of expanded entries
  let unsubscribe: () => void = () => undefined;

  const entries = (): CommandLogEntry[] => host.tui.commandLog.entries({ monitor });

  const draw = () => {
    const list = entries();
    const sel = list.length === 0 ? -1 : selected < 0 || selected >= list.length ? list.length - 1 : selected;
    const { lines, selectedLine } = commandLogLines(list, { selected: sel, expanded: open, monitor, demo: host.tui.demo !== null });
    pane.setLabel(`commands lvs-tui ran (${list.length}${monitor ? ', monitor reads shown' : ''})`);
    pane.setLines(lines, { keepScroll: true });
    // keep the selected line in view
    const height = Math.max(1, (typeof pane.box.height === 'number' ? pane.box.height : 10) - 2);
    const top = pane.box.getScroll();
    if (selectedLine < top || selectedLine >= top + height) pane.box.setScroll(Math.max(0, selectedLine - Math.floor(height / 2)));
    host.render();
  };

  return {
    title: 'command log',
    bindings: COMMAND_LOG_BINDINGS,
    editing: false,
    mount(h: ViewHost, area: Widgets.BoxElement) {
      host = h;
      pane = textPane(area, { label: 'commands', unicode: h.unicode, colour: h.colour });
      unsubscribe = h.tui.commandLog.subscribe((e) => {
        if (monitor || e.source !== 'monitor') draw();
      });
      draw();
    },
    show: () => pane.box.show(),
    hide: () => pane.box.hide(),
    handleKey(ch: string | undefined, key: KeyEvent): boolean {
      const name = keyName(ch, key);
      const list = entries();
      const cur = selected < 0 || selected >= list.length ? list.length - 1 : selected;
      switch (name) {
        case 'up':
        case 'k':
          selected = Math.max(0, cur - 1);
          draw();
          return true;
        case 'down':
        case 'j':
          selected = Math.min(list.length - 1, cur + 1);
          if (selected === list.length - 1) selected = -1; // follow the newest again
          draw();
          return true;
        case 'enter':
        case 'space': {
          const e = list[cur];
          if (e) {
            if (open.has(e.seq)) open.delete(e.seq);
            else open.add(e.seq);
            selected = cur === list.length - 1 ? -1 : cur;
            draw();
          }
          return true;
        }
        case 'm':
          monitor = !monitor;
          selected = -1;
          draw();
          return true;
        case 'pageup':
        case 'pagedown':
        case 'g':
        case 'G':
          pane.scrollKey(name);
          host.render();
          return true;
      }
      return false;
    },
    destroy() {
      unsubscribe();
      pane?.box.destroy();
    },
  };
}
