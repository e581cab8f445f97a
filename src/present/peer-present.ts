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

export interface PeerLine {
  readonly text: string;
  readonly level: 'ok' | 'warn' | 'bad' | 'info';
}

/** `12 s`, `4 min`, `2 h`: how old a check is. */
export function ageText(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 90 ? `${s} s` : s < 90 * 60 ? `${Math.round(s / 60)} min` : `${Math.round(s / 3600)} h`;
}

/** The reason without what the line already says (the address) nor the advice in parentheses. */
function shortReason(reason: string): string {
  return reason
    .replace(/^ssh to \S+: /, '')
    .replace(/ \((is sshd|tried|no key)[^)]*\)/, '')
    .replace(/ by \S+ port \d+/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1) || path;
}

/**
 * The peer in one line of at most `width` columns, for tab 1 and the dashboard: in sync / differs
 * (which files) / unreachable (why, how long ago) and who holds the VIPs; both = SPLIT BRAIN, an
 * alarm. Null when there is nothing to show: no check yet, or no peer configured.
 */
export function peerLine(check: { router: 'primary' | 'backup' | null; drift: PeerDrift } | null, at: { checkedAt: number | null; now: number; checking: boolean }, width: number, unicode = true): PeerLine | null {
  const sep = unicode ? ' · ' : ' - ';
  if (!check || check.drift.state === 'not-configured') return null;
  const d = check.drift;
  const router = check.router ?? 'peer';
  const name = `${router}${d.peer ? ` ${d.peer}` : ''}`;
  const age = at.checkedAt === null ? '' : ` (${ageText(at.now - at.checkedAt)} ago)`;
  const roles = (() => {
    const peerRole = d.roles.peer;
    switch (d.roles.holder) {
      // the peer standing by says this router is the active one
      case 'here':
        return peerRole === 'standby' ? `${router} standby` : d.roles.here === 'partial' ? 'PARTIAL here' : 'active here';
      case 'peer':
        return peerRole === 'partial' ? `${router} PARTIAL` : `${router} active`;
      case 'neither':
        return 'neither router holds the VIPs';
      case 'both':
        return 'both hold the VIPs';
      default:
        return peerRole ? `${router} ${peerRole}` : '';
    }
  })();
  const level: PeerLine['level'] = d.health === 'alarm' ? 'bad' : d.health === 'warning' ? 'warn' : 'ok';
  const checking = at.checking ? ' ...' : '';
  let head: string;
  let middle: string;
  let tail: string;
  if (d.state === 'unreachable') {
    head = `${name}: unreachable: `;
    middle = shortReason(d.reason ?? '');
    tail = `${age}${checking}`;
  } else if (d.state === 'differs') {
    head = `${name}: differs: `;
    middle = d.files.map((f) => basename(f.path) + (f.state === 'differs' ? '' : ` (${f.state === 'missing-on-backup' ? 'missing there' : f.state === 'missing-here' ? 'only there' : 'missing'})`)).join(', ');
    tail = `${roles ? `${sep}${roles}` : ''}${checking}`;
  } else {
    head = `${name}: in sync`;
    middle = '';
    tail = `${roles ? `${sep}${roles}` : ''}${checking}`;
  }
  if (d.splitBrain) head = `SPLIT BRAIN: ${head}`;
  // the reason or the file list gives way first: the state and the roles stay readable
  const room = width - head.length - tail.length;
  if (middle.length > room) middle = room > 1 ? `${middle.slice(0, room - 1)}~` : '';
  const text = head + middle + tail;
  return { text: text.length > width ? `${text.slice(0, Math.max(0, width - 1))}~` : text, level };
}
