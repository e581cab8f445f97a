// The two chains lvs-tui owns, and what counts as "ours" in a ruleset: the chain's declaration, its
// rules and one plain jump from the builtin hook chain. Everything else belongs to the admin and is
// never touched, live or in the persisted file.

import { SavedTable } from './iptables-save';

export interface OwnedChain {
  readonly table: 'mangle' | 'nat';
  readonly chain: string;
  /** the builtin chain that jumps to ours */
  readonly hook: string;
}

export const MARK_CHAIN: OwnedChain = { table: 'mangle', chain: 'LVS_TUI_MARK', hook: 'PREROUTING' };
export const NAT_CHAIN: OwnedChain = { table: 'nat', chain: 'LVS_TUI_NAT', hook: 'POSTROUTING' };
export const OWNED_CHAINS: readonly OwnedChain[] = [MARK_CHAIN, NAT_CHAIN];

/** Builtin chains of each table, in iptables-save's order: a new section of a rules file declares them. */
export const BUILTIN_CHAINS: Readonly<Record<OwnedChain['table'], readonly string[]>> = {
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
};

/** `-A PREROUTING -j LVS_TUI_MARK`, exactly as iptables-save prints it. */
export function jumpRule(o: OwnedChain): string {
  return `-A ${o.hook} -j ${o.chain}`;
}

/** The declaration restore needs; under --noflush it also empties an existing chain. */
export function chainDeclaration(o: OwnedChain): string {
  return `:${o.chain} - [0:0]`;
}

/** True when the rule text (counters stripped) is a rule of our chain. */
export function isOwnedRule(o: OwnedChain, text: string): boolean {
  return text.startsWith(`-A ${o.chain} `) || text === `-A ${o.chain}`;
}

/** True when a rule jumps or goes to the chain (short or long option). */
export function targetsChain(text: string, chain: string): boolean {
  const w = text.split(' ');
  for (let i = 0; i + 1 < w.length; i++) {
    if ((w[i] === '-j' || w[i] === '-g' || w[i] === '--jump' || w[i] === '--goto') && w[i + 1] === chain) return true;
  }
  return false;
}

/**
 * Rules of the admin's that jump to our chain (anything but our plain jump and our own rules): while
 * they exist the chain cannot be deleted, so "nothing desired" leaves it declared and empty.
 */
export function hasForeignReferences(o: OwnedChain, texts: Iterable<string>): boolean {
  const jump = jumpRule(o);
  for (const t of texts) if (t !== jump && !isOwnedRule(o, t) && targetsChain(t, o.chain)) return true;
  return false;
}

/** Every rule text of a saved table. */
export function* tableRuleTexts(t: SavedTable | undefined): Iterable<string> {
  if (!t) return;
  for (const c of t.chains.values()) for (const r of c.rules) yield r.text;
}

/**
 * lvs-tui's part of a ruleset as iptables-save would print it (declaration, hook jumps, rules), one
 * section per table that has any: what the plan diffs, before and after.
 */
export function printOwned(rs: ReadonlyMap<string, SavedTable>): string {
  let out = '';
  for (const o of OWNED_CHAINS) {
    const t = rs.get(o.table);
    const chain = t?.chains.get(o.chain);
    const jumps = (t?.chains.get(o.hook)?.rules ?? []).filter((r) => r.text === jumpRule(o));
    if (!chain && jumps.length === 0) continue;
    const lines = [`*${o.table}`];
    if (chain) lines.push(chainDeclaration(o));
    for (const j of jumps) lines.push(j.text);
    for (const r of chain?.rules ?? []) lines.push(r.text);
    lines.push('COMMIT');
    out += lines.join('\n') + '\n';
  }
  return out;
}
