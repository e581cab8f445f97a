// The real-server kit of one virtual server, read-only (`K` on VIRTUAL SERVERS or REAL SERVER):
// what its real servers need for direct routing or tunnelling, as `lvs-tui realserver-setup
// --virtual V` prints it, from the staged configuration. `m` switches the method, `p` the
// platform; arrows, j/k and PageUp/PageDown scroll; Esc or q closes.

import type { Widgets } from 'blessed';
import { resolveMarks } from '../src/apply/sidecar';
import { buildKit } from '../src/realserver/build-kit';
import { KIT_METHODS, KIT_PLATFORMS, KitMethod, KitPlatform } from '../src/realserver/kit-model';
import { kitText } from '../src/realserver/render-kit';
import type { View, ViewHost } from './view';
import { keyName } from './widgets/keys';
import { escapeTags } from './widgets/text';

const next = <T>(list: readonly T[], x: T): T => list[(list.indexOf(x) + 1) % list.length];

export function createRealserverKitView(virtual: string): View {
  let host: ViewHost | null = null;
  let box: Widgets.BoxElement | null = null;
  let method: KitMethod = 'sysctl';
  let platform: KitPlatform = 'systemd';

  const text = (): string => {
    const config = host!.session.config();
    const kit = buildKit(config, resolveMarks(config, host!.session.sidecar().sidecar), { method, platform, virtual });
    return `m method: ${method}   p platform: ${platform}   (CLI: lvs-tui realserver-setup)\n\n${kitText(kit)}`;
  };
  const draw = () => {
    if (!box || !host) return;
    box.setContent(escapeTags(text()));
    box.setLabel(` REAL-SERVER KIT: ${escapeTags(virtual)} (${method}, ${platform}) `);
    host.render();
  };

  return {
    title: `REAL-SERVER KIT: ${virtual}`,
    bindings: [
      { keys: ['m'], hint: 'method', help: `switch the method (${KIT_METHODS.join(', ')})` },
      { keys: ['p'], hint: 'platform', help: `switch the real servers' platform (${KIT_PLATFORMS.join(', ')})` },
      { keys: ['up', 'down', 'j', 'k'], hint: 'scroll', help: 'scroll (PageUp/PageDown too)' },
      { keys: ['escape', 'q'], hint: 'close', help: 'close' },
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
        border: { type: h.unicode ? 'line' : 'bg', ch: '#' } as never,
        scrollable: true,
      });
      draw();
    },
    show: () => box?.show(),
    hide: () => box?.hide(),
    handleKey(ch, key) {
      const name = keyName(ch, key);
      const page = Math.max(1, (typeof box?.height === 'number' ? box.height : 10) - 3);
      const by: Record<string, number> = { up: -1, k: -1, down: 1, j: 1, pageup: -page, pagedown: page };
      if (name === 'm' || name === 'p') {
        if (name === 'm') method = next(KIT_METHODS, method);
        else platform = next(KIT_PLATFORMS, platform);
        box?.setScroll(0);
        draw();
      } else if (name !== null && by[name] !== undefined) {
        box?.scroll(by[name]);
        host?.render();
      } else if (name === 'escape' || name === 'q') host?.popOverlay();
      return true;
    },
    destroy: () => box?.destroy(),
  };
}
