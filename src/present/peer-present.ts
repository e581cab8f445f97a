// The other router in `status --peer`: its drift, its role and who holds the VIPs, as the `peer`
// object of the JSON snapshot (README.md, "status --json") and as text lines. Pure.

import type { PeerDrift } from '../sync/drift';

export function peerJson(d: PeerDrift, router: 'primary' | 'backup' | null) {
  return {
    router,
    ssh: d.peer,
    state: d.state,
    reason: d.reason,
    files: d.files.map((f) => ({ path: f.path, state: f.state })),
    role: d.roles.peer,
    holder: d.roles.holder,
    split_brain: d.splitBrain,
    health: d.health,
    summary: d.summary,
  };
}

export function peerText(d: PeerDrift, router: 'primary' | 'backup' | null): string {
  const head = `Peer:     ${router ?? 'other router'}${d.peer ? ` ${d.peer}` : ''}: ${d.state.replace('-', ' ')}${d.roles.peer ? `, ${d.roles.peer}` : ''}`;
  const lines = [head];
  if (d.reason) lines.push(`          ${d.reason}`);
  for (const f of d.files) lines.push(`          ${f.state.replace(/-/g, ' ')}: ${f.path}`);
  lines.push(`          ${d.splitBrain ? 'ALARM: ' : d.health === 'warning' ? 'WARNING: ' : ''}${d.summary}`);
  return lines.join('\n') + '\n';
}
