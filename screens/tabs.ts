// The TUI's tabs, in Piranha's order, and the hooks into tui-flow's overlays. A tab's view is
// created when it is first shown. tui-flow replaces tab 1 and fills the hooks with one-line changes.

import type { View, ViewHost, TuiContext } from './view';
import { createGlobalSettingsView, createRedundancyView } from './settings-view';
import { createVirtualServersView } from './virtual-servers-view';
import { createControlMonitoringView } from './control-monitoring';
import { openReview } from './review';
import { openCommandLog } from './command-log-view';

export interface TabSpec {
  readonly key: '1' | '2' | '3' | '4';
  readonly title: string;
  create(tui: TuiContext): View;
}

export const TABS: readonly TabSpec[] = [
  { key: '1', title: 'CONTROL/MONITORING', create: (tui) => createControlMonitoringView(tui) },
  { key: '2', title: 'GLOBAL SETTINGS', create: () => createGlobalSettingsView() },
  { key: '3', title: 'REDUNDANCY', create: () => createRedundancyView() },
  { key: '4', title: 'VIRTUAL SERVERS', create: () => createVirtualServersView() },
];

/** What the review overlay answers (tui-flow's screens/review.ts). */
export type ReviewOutcome = 'applied' | 'cancelled' | 'failed';

/** tui-flow's overlays; null until they exist (the shell then says so in the status bar). */
export const FLOW_HOOKS: {
  openReview: ((host: ViewHost) => Promise<ReviewOutcome>) | null;
  openCommandLog: ((host: ViewHost) => void) | null;
} = {
  openReview,
  openCommandLog,
};
