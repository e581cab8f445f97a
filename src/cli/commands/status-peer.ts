// `status --peer`: the snapshot of `status` plus the other router of the pair (src/cli/peer-drift.ts):
// the drift, its role, who holds the VIPs. Split brain (both hold them) or a partial role is an
// alarm: exit 1 even when this router is healthy.

import { driftSummary } from '../../sync/drift';
import { peerJson, peerText } from '../../present/peer-present';
import { StatusReport } from '../../present/status-report';
import { statusJson } from '../../present/status-json';
import { renderStatusText } from '../../present/status-text';
import { EXIT, ExitCode } from '../errors';
import { readPeer } from '../peer-drift';
import { CommandContext } from './context';

export interface PeerOutput {
  /** prints the snapshot with the peer; returns the exit code */
  write(report: StatusReport, code: ExitCode): ExitCode;
}

export async function startPeer(ctx: CommandContext): Promise<PeerOutput> {
  // never rejects: a failure is the peer's state, and the local snapshot must still print
  const reading = await readPeer(ctx).catch((err: unknown) => ({ router: null, peer: null, plan: null, unreachable: err instanceof Error ? err.message : String(err), peerRole: null }));
  return {
    write(report, code) {
      const drift = driftSummary({ ...reading, hereRole: report.router.role });
      const exit: ExitCode = drift.health === 'alarm' && code === EXIT.ok ? EXIT.refused : code;
      if (ctx.options.json) ctx.deps.stdout.write(`${JSON.stringify({ ...statusJson(report), exit_code: exit, peer: peerJson(drift, reading.router) }, null, 2)}\n`);
      else ctx.deps.stdout.write(renderStatusText(report) + peerText(drift, reading.router));
      return exit;
    },
  };
}
