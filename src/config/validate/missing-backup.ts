// pulse clears backup_active when `backup` is not set: redundancy is silently off.

import { DocRule, diag } from './rule';
import { valueSpan } from './spans';
import { cInt } from '../model';

export const missingBackup: DocRule = {
  kind: 'doc',
  codes: ['missing-backup'],
  check({ config }, report) {
    const g = config.global.settings;
    const active = g.get('backup_active');
    if (!active || cInt(active.value) !== 1 || config.redundancy.backup !== null) return;
    const span = valueSpan(active);
    if (span) report(diag('warning', 'missing-backup', 'backup_active = 1 but no backup address is set: pulse runs without redundancy; set backup (the backup router\'s public IP) or set backup_active = 0', span));
  },
};
