// `lvs-tui realserver-setup --apply USER@HOST`: placeholder until the SSH transaction lands.

import type { LvsConfig } from '../../config/model';
import type { MarkRule } from '../../apply/sidecar-resolve';
import { ExitCode, UsageError } from '../errors';
import { CommandContext } from './context';
import type { KitRequest } from './realserver-setup';

export async function applyKit(_ctx: CommandContext, _req: KitRequest, _config: LvsConfig, _marks: readonly MarkRule[], _target: string): Promise<ExitCode> {
  throw new UsageError('--apply is not available yet', 'realserver-setup');
}
