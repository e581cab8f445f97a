// The apply plan as the admin reads it before saying yes: each part as a unified diff (or "no
// change"), then what pulse needs and why.

import { ApplyPlan, PlanSection } from '../apply/plan';
import { Impact } from '../apply/impact';
import { unifiedDiff } from './line-diff';

export function sectionText(sec: PlanSection): string {
  const head = `== ${sec.title}${sec.path ? ` (${sec.path})` : ''}`;
  if ((sec.before ?? '') === sec.after && sec.before !== null) return `${head}: no change\n`;
  if (sec.lines) {
    const before = (sec.before ?? '').split('\n');
    const after = sec.after.split('\n');
    const rows = after.filter((l) => l !== '').map((l, i) => (before[i] === l ? `  ${l}` : `  ${before[i] ?? ''}  ->  ${l.split(' = ')[1] ?? l}`));
    return `${head}\n${rows.join('\n')}\n`;
  }
  const from = sec.before === null ? '/dev/null' : sec.path ?? 'now';
  const to = sec.path ? `${sec.path} (new)` : 'after apply';
  return `${head}\n${unifiedDiff(sec.before ?? '', sec.after, from, to)}`;
}

export function impactText(impact: Impact): string {
  const lines: string[] = [];
  if (impact.action !== 'none') lines.push(`pulse needs a ${impact.action}:`);
  else if (impact.note) lines.push(`pulse needs nothing now: ${impact.note}`);
  else lines.push('pulse needs nothing.');
  if (impact.action === 'none' && impact.reasons.length) lines.push('the changes, and what a running pulse would need for them:');
  for (const r of impact.reasons) lines.push(`  - ${r.what}${r.action === impact.action ? '' : ` (${r.action === 'none' ? 'nothing' : r.action})`}`);
  if (impact.action !== 'none' && impact.note) lines.push(impact.note);
  return lines.join('\n') + '\n';
}

export function planText(plan: ApplyPlan): string {
  let out = plan.sections.map(sectionText).join('');
  out += `== impact on the running router\n${impactText(plan.impact)}`;
  return out;
}
