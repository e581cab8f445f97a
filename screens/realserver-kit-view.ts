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
import { mountScrollBox, scrollByKey } from './widgets/scroll-box';
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
      box = mountScrollBox(h, area);
      draw();
    },
    show: () => box?.show(),
    hide: () => box?.hide(),
    handleKey(ch, key) {
      const name = keyName(ch, key);
      if (name === 'm' || name === 'p') {
        if (name === 'm') method = next(KIT_METHODS, method);
        else platform = next(KIT_PLATFORMS, platform);
        box?.setScroll(0);
        draw();
      } else if (scrollByKey(box, name)) {
        host?.render();
      } else if (name === 'escape' || name === 'q') host?.popOverlay();
      return true;
    },
    destroy: () => box?.destroy(),
  };
}
