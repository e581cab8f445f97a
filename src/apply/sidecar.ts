// lvs-tui.yaml, the sidecar settings file next to lvs.cf: its types, parser, agreement with lvs.cf,
// the mark rules the firewall renderer consumes and comment-keeping edits. One import for callers.

export * from './sidecar-model';
export { SidecarResult, parseSidecar } from './sidecar-parse';
export { MarkRule, NatSubnet, natSubnet, resolveMarks, vipForMark, virtualsWithMark } from './sidecar-resolve';
export { PlacedDiagnostic, checkAgreement, marksFor } from './sidecar-agreement';
export { FirewallMarkInput, SidecarEditError, SidecarPath, removeFirewallMark, removeSidecarValue, setFirewallMark, setSidecarValue } from './sidecar-edit';
export * from './sidecar-routers';

import { parseSidecar as parse } from './sidecar-parse';
import type { PlacedDiagnostic as Placed } from './sidecar-agreement';
import type { Sidecar as Settings } from './sidecar-model';

/** The sidecar as parsed (an empty one when the file is missing), its diagnostics placed in its file. */
export function readSidecar(bytes: Buffer | null, path: string): { sidecar: Settings; diagnostics: Placed[] } {
  const r = parse(bytes ?? new Uint8Array(), path);
  return { sidecar: r.sidecar, diagnostics: r.diagnostics.map((d) => ({ ...d, file: path })) };
}
