// Edits the persisted rules file the boot scripts restore (/etc/sysconfig/iptables on RHEL,
// /etc/iptables/rules.v4 with Debian's iptables-persistent; iptables-save format) so that it holds
// lvs-tui's chains as desired. Only our lines change (the chain declaration, its rules, the plain
// jump from the hook chain, in the mangle and nat sections); every other byte stays: comments,
// other tables, the admin's rules, counters, line endings.

import { DesiredChains } from './render-iptables';
import { ruleText } from './iptables-save';
import { Line, newLineEnding, splitKeepingEnds } from './text-lines';
import { BUILTIN_CHAINS, OWNED_CHAINS, OwnedChain, chainDeclaration, hasForeignReferences, isOwnedRule, jumpRule } from './owned-chains';

/** The first line `*table` and its COMMIT (or the end of the file when it has none). */
function findSection(lines: readonly Line[], table: string): { start: number; end: number } | null {
  const start = lines.findIndex((l) => l.body.trim() === `*${table}`);
  if (start < 0) return null;
  let end = start + 1;
  while (end < lines.length && lines[end].body.trim() !== 'COMMIT' && !lines[end].body.trim().startsWith('*')) end++;
  return { start, end };
}

const isDeclaration = (o: OwnedChain, body: string) => body.trim().split(/\s+/)[0] === `:${o.chain}`;
const isRuleLine = (body: string) => /^\s*(\[\d+:\d+\]\s*)?-/.test(body);

/** Per line: drop it, and/or lines to insert before it (index === lines.length: at the end). */
interface Edits {
  drop: Set<number>;
  before: Map<number, string[]>;
}

function insertBefore(e: Edits, at: number, lines: readonly string[]): void {
  e.before.set(at, [...(e.before.get(at) ?? []), ...lines]);
}

function editSection(lines: readonly Line[], s: { start: number; end: number }, o: OwnedChain, rules: readonly string[], e: Edits): void {
  const jump = jumpRule(o);
  const decls: number[] = [];
  const owned: number[] = [];
  const jumps: number[] = [];
  const texts: string[] = [];
  let lastDecl = s.start;
  let lastHookRule = -1;
  let firstRule = -1;
  for (let i = s.start + 1; i < s.end; i++) {
    const body = lines[i].body;
    if (body.trim().startsWith(':')) {
      lastDecl = i;
      if (isDeclaration(o, body)) decls.push(i);
      continue;
    }
    if (!isRuleLine(body)) continue;
    if (firstRule < 0) firstRule = i;
    const text = ruleText(body);
    texts.push(text);
    if (text === jump) jumps.push(i);
    else if (isOwnedRule(o, text)) owned.push(i);
    else if (text.startsWith(`-A ${o.hook} `)) lastHookRule = i;
  }
  const keepChain = rules.length > 0 || hasForeignReferences(o, texts);
  // The declaration: keep the first one (the admin's counters and place), drop repeats.
  decls.forEach((i, n) => {
    if (n > 0 || !keepChain) e.drop.add(i);
  });
  if (keepChain && decls.length === 0) insertBefore(e, lastDecl + 1, [chainDeclaration(o)]);
  // The jump: keep the first, drop repeats; a missing one goes after the hook chain's last rule.
  jumps.forEach((i, n) => {
    if (n > 0 || rules.length === 0) e.drop.add(i);
  });
  if (rules.length > 0 && jumps.length === 0) insertBefore(e, lastHookRule >= 0 ? lastHookRule + 1 : firstRule >= 0 ? firstRule : s.end, [jump]);
  // The rules: left alone when they already are the desired ones (counters and all), else replaced
  // where the first of them was, or added at the end of the section.
  const current = owned.map((i) => ruleText(lines[i].body));
  if (current.length === rules.length && current.every((t, i) => t === rules[i])) return;
  for (const i of owned) e.drop.add(i);
  insertBefore(e, owned.length > 0 ? owned[0] : s.end, rules);
}

function newSection(o: OwnedChain, rules: readonly string[]): string[] {
  return [`*${o.table}`, ...BUILTIN_CHAINS[o.table].map((c) => `:${c} ACCEPT [0:0]`), chainDeclaration(o), jumpRule(o), ...rules, 'COMMIT'];
}

const HEADER = '# iptables rules restored at boot; lvs-tui manages only the LVS_TUI_MARK and LVS_TUI_NAT chains';

/**
 * The new text of the persisted rules file. `fileText` null means the file does not exist: it
 * becomes a minimal valid file, or stays missing (null) when nothing is desired. Editing an
 * already-correct file returns the same bytes.
 */
export function editPersistedIptables(fileText: string | null, desired: DesiredChains): string | null {
  if (fileText === null) {
    const sections = OWNED_CHAINS.filter((o) => desired[o.table].length > 0).flatMap((o) => newSection(o, desired[o.table]));
    return sections.length === 0 ? null : [HEADER, ...sections].join('\n') + '\n';
  }
  const lines = splitKeepingEnds(fileText);
  const eol = newLineEnding(lines);
  const e: Edits = { drop: new Set(), before: new Map() };
  const appended: string[] = [];
  for (const o of OWNED_CHAINS) {
    const rules = desired[o.table];
    const s = findSection(lines, o.table);
    if (s) editSection(lines, s, o, rules, e);
    else if (rules.length > 0) appended.push(...newSection(o, rules));
  }
  if (e.drop.size === 0 && e.before.size === 0 && appended.length === 0) return fileText;
  let out = '';
  for (let i = 0; i <= lines.length; i++) {
    const ins = e.before.get(i);
    if (ins) {
      // inserting after a last line that has no newline: give it one first
      if (i === lines.length && out !== '' && !out.endsWith('\n')) out += eol;
      for (const l of ins) out += l + eol;
    }
    if (i < lines.length && !e.drop.has(i)) out += lines[i].body + lines[i].eol;
  }
  if (appended.length > 0) {
    if (out !== '' && !out.endsWith('\n')) out += eol;
    for (const l of appended) out += l + eol;
  }
  return out;
}
