// What `iptables-restore --noflush` does to a ruleset, for the commands lvs-tui writes (chain
// declarations, -A, -I, -D, -F, -X): the plan shows the state after applying without running
// anything, and tests check that a rendered restore reaches the desired state and that rendering
// again against that state gives nothing to do. Fails where iptables-restore would.

import { RenderError } from './render-error';
import { SavedChain, SavedRule, SavedRuleset, SavedTable, ruleText, splitLines } from './iptables-save';
import { targetsChain } from './owned-chains';

type Chains = Map<string, { name: string; policy: string | null; rules: SavedRule[] }>;

function copy(rs: SavedRuleset): Map<string, { name: string; chains: Chains }> {
  const out = new Map<string, { name: string; chains: Chains }>();
  for (const [name, t] of rs) {
    const chains: Chains = new Map();
    for (const [cn, c] of t.chains) chains.set(cn, { name: cn, policy: c.policy, rules: [...c.rules] });
    out.set(name, { name, chains });
  }
  return out;
}

function fail(line: string, why: string): never {
  throw new RenderError('restore-would-fail', `iptables-restore would fail on '${line}': ${why}`);
}

export function simulateRestore(current: SavedRuleset, restoreText: string): SavedRuleset {
  const tables = copy(current);
  let chains: Chains | null = null;
  for (const raw of splitLines(restoreText)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('*')) {
      const name = line.slice(1);
      let t = tables.get(name);
      if (!t) {
        t = { name, chains: new Map() };
        tables.set(name, t);
      }
      chains = t.chains;
      continue;
    }
    if (chains === null) fail(line, 'outside a table');
    if (line === 'COMMIT') {
      chains = null;
      continue;
    }
    if (line.startsWith(':')) {
      const [name, policy] = line.slice(1).split(/\s+/);
      const c = chains.get(name);
      // --noflush: declaring a user chain creates it or empties it
      if (c && policy === '-') c.rules = [];
      else if (!c) chains.set(name, { name, policy: policy ?? '-', rules: [] });
      continue;
    }
    const w = ruleText(line).split(' ');
    const [op, chainName] = w;
    const c = chains.get(chainName);
    if (!c) fail(line, `no chain ${chainName}`);
    const rest = w.slice(2);
    if (op === '-A') {
      c.rules.push({ raw: ruleText(line), text: ruleText(line) });
    } else if (op === '-I') {
      const hasPos = /^\d+$/.test(rest[0] ?? '');
      const pos = hasPos ? Number(rest[0]) : 1;
      if (pos < 1 || pos > c.rules.length + 1) fail(line, `index ${pos} out of range`);
      const text = ['-A', chainName, ...(hasPos ? rest.slice(1) : rest)].join(' ');
      c.rules.splice(pos - 1, 0, { raw: text, text });
    } else if (op === '-D') {
      const text = ['-A', chainName, ...rest].join(' ');
      const i = c.rules.findIndex((r) => r.text === text);
      if (i < 0) fail(line, 'no such rule');
      c.rules.splice(i, 1);
    } else if (op === '-F') {
      c.rules = [];
    } else if (op === '-X') {
      if (c.rules.length > 0) fail(line, 'chain not empty');
      for (const other of chains.values()) if (other.rules.some((r) => targetsChain(r.text, chainName))) fail(line, 'chain still referenced');
      chains.delete(chainName);
    } else fail(line, 'command not simulated');
  }
  if (chains !== null) fail('', 'missing COMMIT');
  const out = new Map<string, SavedTable>();
  for (const [name, t] of tables) out.set(name, { name, chains: t.chains as ReadonlyMap<string, SavedChain> });
  return out;
}
