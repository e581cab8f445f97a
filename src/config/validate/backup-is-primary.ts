// With the backup's address equal to the primary's both routers think they are the primary, or
// the heartbeat talks to itself.

import { DocRule, diag } from './rule';
import { valueSpan } from './spans';

export const backupIsPrimary: DocRule = {
  kind: 'doc',
  codes: ['backup-is-primary'],
  check({ config }, report) {
    if (!config.redundancy.enabled) return;
    const g = config.global.settings;
    const { primary, primaryPrivate } = config.global;
    const { backup, backupPrivate } = config.redundancy;
    if (backup !== null && backup === primary) {
      const span = valueSpan(g.get('backup'));
      if (span) report(diag('error', 'backup-is-primary', `backup (${backup}) is the primary's address; set it to the backup router's own public address`, span));
      return;
    }
    // the private addresses default to the public ones; only compare what the file sets
    if (backupPrivate !== null && backupPrivate === primaryPrivate && (g.has('backup_private') || g.has('primary_private'))) {
      const span = valueSpan(g.get('backup_private')) ?? valueSpan(g.get('primary_private'));
      if (span) report(diag('error', 'backup-is-primary', `backup_private (${backupPrivate}) is the primary's private address; set the backup router's own private address`, span));
    }
  },
};
