// lvs-tui.yaml, the sidecar settings file next to lvs.cf: its types, parser, agreement with lvs.cf,
// the mark rules the firewall renderer consumes and comment-keeping edits. One import for callers.

export * from './sidecar-model';
export { SidecarResult, parseSidecar } from './sidecar-parse';
export { MarkRule, NatSubnet, natSubnet, resolveMarks, vipForMark, virtualsWithMark } from './sidecar-resolve';
export { PlacedDiagnostic, checkAgreement, marksFor } from './sidecar-agreement';
export { FirewallMarkInput, SidecarEditError, SidecarPath, removeFirewallMark, removeSidecarValue, setFirewallMark, setSidecarValue } from './sidecar-edit';
export * from './sidecar-routers';
