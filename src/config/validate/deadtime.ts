// The backup declares the primary dead after `deadtime` seconds without a heartbeat, sent every
// `keepalive` seconds: deadtime <= keepalive makes it take over between two heartbeats (both
// routers active, VIPs on both). Checked on effective values (C defaults 2 and 5). Without
// redundancy nothing listens to the heartbeat, so it is only a warning then.

import { DocRule, diag } from './rule';
import { FILE_START, valueSpan } from './spans';

export const deadtimeAboveKeepalive: DocRule = {
  kind: 'doc',
  codes: ['deadtime-not-above-keepalive'],
  check({ config }, report) {
    const { keepalive, deadtime, enabled } = config.redundancy;
    if (keepalive <= 0 || deadtime <= 0 || deadtime > keepalive) return; // value-range reports <= 0
    const g = config.global.settings;
    const span = valueSpan(g.get('deadtime')) ?? valueSpan(g.get('keepalive')) ?? FILE_START;
    report(diag(enabled ? 'error' : 'warning', 'deadtime-not-above-keepalive', `deadtime (${deadtime}) must be greater than keepalive (${keepalive}), or the backup takes over between two heartbeats; use about 3 x keepalive (GUI: 6 and 18)`, span));
  },
};
