// What a real server already holds, against its kit (pure): each action either holds (nothing to
// do: a second --apply finds everything in place) or is to do, with what was there before (the
// value, file or rule state its undo puts back). The readings come from kit-steps.ts.

import { KitAction } from './kit-model';

export interface KitState {
  /** `ip -o addr show`: each address as dev and a.b.c.d/prefix */
  readonly addresses: readonly { readonly dev: string; readonly cidr: string }[];
  /** `ip -o link show`: each link and whether it is up */
  readonly links: ReadonlyMap<string, boolean>;
  /** /proc/modules */
  readonly modules: ReadonlySet<string>;
  /** live value of each sysctl the kit sets, null when the kernel has no such key */
  readonly sysctl: ReadonlyMap<string, string | null>;
  /** `arptables-save`, null when not read (no arptables action) */
  readonly arptablesSave: string | null;
  /** `iptables-save` (every table), null when not read */
  readonly iptablesSave: string | null;
  /** each file the kit writes (its path on the server, without the remote root): content, null when missing */
  readonly files: ReadonlyMap<string, Buffer | null>;
  /** each service the kit enables: enabled at boot now */
  readonly enabled: ReadonlyMap<string, boolean>;
}

export interface PlannedAction {
  readonly action: KitAction;
  readonly holds: boolean;
  /** a sysctl's value before (for its undo) */
  readonly before?: string | null;
  /** a file's content before (null: it did not exist) */
  readonly previous?: Buffer | null;
  /** why it is to do, for the plan: "now 0", "missing", "differs" */
  readonly detail: string;
}

/** `ip -o addr show` lines: "2: eth0    inet 10.0.2.21/24 brd ... scope global eth0\ ..." */
export function parseAddresses(text: string): Array<{ dev: string; cidr: string }> {
  const out: Array<{ dev: string; cidr: string }> = [];
  for (const line of text.split('\n')) {
    const m = /^\d+:\s+(\S+?)(?:@\S+)?\s+inet6?\s+(\S+)/.exec(line);
    if (m) out.push({ dev: m[1], cidr: m[2] });
  }
  return out;
}

/** `ip -o link show` lines: "3: tunl0@NONE: <NOARP,UP,LOWER_UP> mtu ..." */
export function parseLinks(text: string): Map<string, boolean> {
  const out = new Map<string, boolean>();
  for (const line of text.split('\n')) {
    const m = /^\d+:\s+([^:@\s]+)(?:@[^:\s]*)?:\s+<([^>]*)>/.exec(line);
    if (m) out.set(m[1], m[2].split(',').includes('UP'));
  }
  return out;
}

/** The device holding an address, from `ip -o addr show`. */
export function deviceHolding(addresses: KitState['addresses'], address: string): string | null {
  return addresses.find((a) => a.cidr.split('/')[0] === address)?.dev ?? null;
}

/** arptables chain names as the server's arptables lists them (`Chain IN` on arptables_jf). */
export function arpChainsOf(listing: string): { in: string; out: string } {
  return /^Chain IN\b/m.test(listing) ? { in: 'IN', out: 'OUT' } : { in: 'INPUT', out: 'OUTPUT' };
}

const dropHostPrefix = (v: string) => v.replace(/\/32$/, '');

/** Option/value pairs of an arptables rule, order-free: arptables-nft prints `-j DROP -d VIP` for `-d VIP -j DROP`. */
function arpPairs(words: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < words.length; i += 2) out.push(`${words[i]} ${dropHostPrefix(words[i + 1])}`);
  return out;
}

/** Does arptables-save show this rule in this chain? */
export function arpRuleHolds(save: string, chain: string, rule: readonly string[]): boolean {
  const want = arpPairs(rule);
  return save.split('\n').some((line) => {
    const words = line.trim().split(/\s+/);
    if (words[0] !== '-A' || words[1] !== chain) return false;
    const have = new Set(arpPairs(words.slice(2)));
    return want.every((p) => have.has(p));
  });
}

/** The lines of one table of an iptables-save text. */
function tableLines(save: string, table: string): string[] {
  const out: string[] = [];
  let inTable = false;
  for (const line of save.split('\n')) {
    if (line.startsWith('*')) inTable = line === `*${table}`;
    else if (inTable) out.push(line.trim());
  }
  return out;
}

/** Does iptables-save show this rule? The kit writes rules as iptables-save prints them. */
export function iptRuleHolds(save: string, table: string, chain: string, rule: readonly string[]): boolean {
  return tableLines(save, table).includes(['-A', chain, ...rule].join(' '));
}

/** A saved rules file and the live rules, compared without comments and counters (they change by themselves). */
export function sameRules(a: string, b: string): boolean {
  const norm = (t: string) =>
    t
      .split('\n')
      .map((l) => l.trim().replace(/\s*\[\d+:\d+\]$/, ''))
      .filter((l) => l !== '' && !l.startsWith('#'));
  const x = norm(a);
  const y = norm(b);
  return x.length === y.length && x.every((l, i) => l === y[i]);
}

/** The first line of every file lvs-tui writes on a real server: a file without it is the admin's. */
export const KIT_FILE_MARK = '# Written by lvs-tui realserver-setup';

/** Each action of a kit, held or to do, against what the server holds now. */
export function planKit(actions: readonly KitAction[], state: KitState): PlannedAction[] {
  const out: PlannedAction[] = [];
  for (const a of actions) {
    switch (a.kind) {
      case 'module': {
        const holds = state.modules.has(a.name) || (a.name === 'ipip' && state.links.has('tunl0'));
        out.push({ action: a, holds, detail: holds ? 'loaded' : 'not loaded' });
        break;
      }
      case 'link-up': {
        const up = state.links.get(a.dev);
        out.push({ action: a, holds: up === true, detail: up === undefined ? 'no such link yet' : up ? 'up' : 'down' });
        break;
      }
      case 'address': {
        const holds = state.addresses.some((x) => x.dev === a.dev && x.cidr === `${a.address}/${a.prefix}`);
        const elsewhere = state.addresses.find((x) => x.cidr.split('/')[0] === a.address && !(x.dev === a.dev && x.cidr === `${a.address}/${a.prefix}`));
        out.push({ action: a, holds, detail: holds ? 'held' : elsewhere ? `missing (${elsewhere.dev} holds ${elsewhere.cidr})` : 'missing' });
        break;
      }
      case 'sysctl': {
        const now = state.sysctl.get(a.key) ?? null;
        out.push({ action: a, holds: now === a.value, before: now, detail: now === null ? 'no such key now' : `now ${now}` });
        break;
      }
      case 'arptables': {
        const holds = state.arptablesSave !== null && arpRuleHolds(state.arptablesSave, a.chain, a.rule);
        out.push({ action: a, holds, detail: holds ? 'present' : 'missing' });
        break;
      }
      case 'iptables': {
        const holds = state.iptablesSave !== null && iptRuleHolds(state.iptablesSave, a.table, a.chain, a.rule);
        out.push({ action: a, holds, detail: holds ? 'present' : 'missing' });
        break;
      }
      case 'file': {
        const now = state.files.get(a.path) ?? null;
        const holds = now !== null && now.toString('utf8') === a.content;
        out.push({ action: a, holds, previous: now, detail: now === null ? 'missing' : holds ? 'same' : 'differs' });
        break;
      }
      case 'save': {
        const now = state.files.get(a.path) ?? null;
        const live = a.tool === 'arptables' ? state.arptablesSave : state.iptablesSave;
        // rules still to add change what is saved: then it is to do whatever the file holds
        const rulesPending = out.some((p) => !p.holds && p.action.kind === a.tool);
        const holds = !rulesPending && now !== null && live !== null && sameRules(now.toString('utf8'), live);
        out.push({ action: a, holds, previous: now, detail: now === null ? 'missing' : holds ? 'same as the live rules' : 'differs from the live rules' });
        break;
      }
      case 'enable': {
        const on = state.enabled.get(a.service) === true;
        out.push({ action: a, holds: on, detail: on ? 'enabled' : 'not enabled' });
        break;
      }
    }
  }
  return out;
}
