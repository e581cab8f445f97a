// The review's result as lines (pure): applied or not, the transaction's own sentences, then its
// journal, step by step with the commands each ran (or, on the demo router, showed).

import type { SessionApplyOutcome } from '../app/apply-session';

function commandText(file: string, args: readonly string[]): string {
  return [file, ...args].map((a) => (a !== '' && /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

export function reviewResultLines(out: SessionApplyOutcome, opts: { demo: boolean }): string[] {
  if (out.kind === 'not-applied') return [`NOT APPLIED: ${out.reason}`];
  const r = out.result;
  const lines: string[] = [];
  lines.push(r.ok ? 'APPLIED' : r.outcome === 'half-applied' ? 'FAILED, AND NOT EVERYTHING COULD BE UNDONE: read below' : 'NOT APPLIED: the router is back where it was');
  lines.push(...out.lines.map((l) => `  ${l}`));
  if (opts.demo) lines.push('', 'DEMO router: the iptables, sysctl and pulse commands below were shown, not run (see the command log, :).');
  lines.push('', `journal (${r.journal.outcome}, ${r.journal.durationMs} ms):`);
  for (const s of r.journal.steps) {
    lines.push(`  [${s.outcome}${s.failedIn ? `, failed in ${s.failedIn}` : ''}] ${s.title}`);
    for (const c of s.commands) lines.push(`      ${c.phase}: ${commandText(c.file, c.args)}  -> ${c.exitCode === null ? 'did not finish' : `exit ${c.exitCode}`}${c.stderr.trim() ? `: ${c.stderr.trim().split('\n')[0]}` : ''}`);
    for (const n of s.notes) lines.push(`      note: ${n}`);
  }
  if (r.auditError) lines.push('', `warning: ${r.auditError}`);
  return lines;
}
