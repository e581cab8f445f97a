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
import { mountScrollBox, scrollByKey } from './widgets/scroll-box';
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
      box = mountScrollBox(h, area, title);
      start(h);
      draw();
    },
    show: () => box?.show(),
    hide: () => box?.hide(),
    handleKey(ch, key) {
      const name = keyName(ch, key);
      if (scrollByKey(box, name)) host?.render();
      else if (name === 'escape' || name === 'q' || name === 'enter') host?.popOverlay();
      return true;
    },
    destroy: () => {
      closed = true;
      box?.destroy();
    },
  };
}
