// The check tester's overlay (`t` on REAL SERVER and MONITORING SCRIPTS): runs the checks in the
// background, a few at a time, and fills in each real server's result as it comes; keys keep
// working meanwhile. Esc (or q) closes it; results that arrive later are dropped.

import type { Widgets } from 'blessed';
import { CheckSpec } from '../src/checks/check-spec';
import { CheckResult, skippedResult } from '../src/checks/judge';
import { runChecks } from '../src/checks/run-checks';
import { checkOverlayLines } from '../src/present/check-results';
import { checkProgramRunner, socketProbe } from '../src/system/check-probe';
import { processRunner } from '../src/system/runner';
import type { View, ViewHost } from './view';
import { keyName } from './widgets/keys';
import { escapeTags } from './widgets/text';

export function createCheckOverlay(title: string, specs: readonly CheckSpec[], heading: string | null): View {
  let host: ViewHost | null = null;
  let box: Widgets.BoxElement | null = null;
  let closed = false;
  const results: (CheckResult | undefined)[] = new Array(specs.length);
  const draw = () => {
    if (closed || !box) return;
    box.setContent(checkOverlayLines(specs, results, heading).map(escapeTags).join('\n'));
    host?.render();
  };
  const start = (h: ViewHost) => {
    if (h.tui.demo) {
      // the demo router's real servers are simulated: nothing would answer
      specs.forEach((s, i) => (results[i] = s.target.active ? skippedResult(s, `simulated real server of the demo router: nothing answers at ${s.host}:${s.port ?? s.target.port}`) : skippedResult(s, s.target.inactiveWhy ?? 'inactive')));
      return;
    }
    const deps = h.tui.ctx?.deps;
    const io = { probe: deps?.checkProbe ?? socketProbe, programs: checkProgramRunner(deps?.runner ?? processRunner()) };
    void runChecks(specs, io, {
      onResult: (i, r) => {
        results[i] = r;
        draw();
      },
    }).catch((err) => h.flash(`check failed: ${(err as Error).message}`, 'error'));
  };
  return {
    title,
    bindings: [
      { keys: ['up', 'down', 'j', 'k'], hint: 'scroll', help: 'scroll' },
      { keys: ['escape', 'q'], hint: 'close', help: 'close (checks still running are dropped)' },
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
      });
      start(h);
      draw();
    },
    show: () => box?.show(),
    hide: () => box?.hide(),
    handleKey(ch, key) {
      const name = keyName(ch, key);
      const page = Math.max(1, (typeof box?.height === 'number' ? box.height : 10) - 3);
      const by: Record<string, number> = { up: -1, k: -1, down: 1, j: 1, pageup: -page, pagedown: page };
      if (name !== null && by[name] !== undefined) {
        box?.scroll(by[name]);
        host?.render();
      } else if (name === 'escape' || name === 'q' || name === 'enter') host?.popOverlay();
      return true;
    },
    destroy: () => {
      closed = true;
      box?.destroy();
    },
  };
}
