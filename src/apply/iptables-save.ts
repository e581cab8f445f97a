// Reads the text iptables-save prints (also the persisted rules files, which use the same format)
// into tables, chains and rules. Each rule keeps its raw line; `text` is the rule without its
// `[packets:bytes]` counters and surrounding blanks, which is what comparisons use.

export interface SavedRule {
  /** the line as read, without its line ending */
  readonly raw: string;
  /** `-A CHAIN ...` without counters, blanks collapsed: what iptables-save prints with -c off */
  readonly text: string;
}

export interface SavedChain {
  readonly name: string;
  /** ACCEPT/DROP for a builtin chain, `-` for a user chain, null when rules name a chain never declared */
  readonly policy: string | null;
  readonly rules: readonly SavedRule[];
}

export interface SavedTable {
  readonly name: string;
  /** in the order iptables-save printed them (declarations first, then chains only seen in rules) */
  readonly chains: ReadonlyMap<string, SavedChain>;
}

/** Tables by name, in the order they appear. */
export type SavedRuleset = ReadonlyMap<string, SavedTable>;

const COUNTERS = /^\[\d+:\d+\]\s*/;

/** A rule line without counters and with single blanks: the form comparisons use. */
export function ruleText(line: string): string {
  return line.trim().replace(COUNTERS, '').split(/\s+/).join(' ');
}

/** Splits text into lines without their endings (LF or CRLF); a final newline adds no empty line. */
export function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

interface MutableChain {
  name: string;
  policy: string | null;
  rules: SavedRule[];
}

/**
 * Never throws: lines outside a `*table ... COMMIT` section, comments and unknown lines are
 * ignored, as iptables-restore would reject them anyway and comparisons must not trip on them.
 */
export function parseIptablesSave(text: string): SavedRuleset {
  const tables = new Map<string, SavedTable>();
  let chains: Map<string, MutableChain> | null = null;
  const chainOf = (name: string): MutableChain => {
    let c = chains!.get(name);
    if (!c) {
      c = { name, policy: null, rules: [] };
      chains!.set(name, c);
    }
    return c;
  };
  for (const raw of splitLines(text)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('*')) {
      const name = line.slice(1).trim();
      // a second section of the same table continues it, as iptables-restore would apply both
      const existing = tables.get(name);
      chains = existing ? (existing.chains as Map<string, MutableChain>) : new Map();
      if (!existing) tables.set(name, { name, chains });
      continue;
    }
    if (chains === null) continue;
    if (line === 'COMMIT') {
      chains = null;
      continue;
    }
    if (line.startsWith(':')) {
      const [name, policy] = line.slice(1).split(/\s+/);
      if (name) chainOf(name).policy = policy ?? '-';
      continue;
    }
    const rule = ruleText(line);
    const words = rule.split(' ');
    if (words[0] === '-A' && words[1]) chainOf(words[1]).rules.push({ raw, text: rule });
  }
  return tables;
}
