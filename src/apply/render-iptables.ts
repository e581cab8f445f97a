// The rules of lvs-tui's own chains, in the exact canonical form `iptables-save` (v1.8, nf_tables
// and legacy) prints them, so that comparing live rules with desired ones is plain string equality:
//   -A LVS_TUI_MARK -d 203.0.113.100/32 -p tcp -m tcp --dport 21 -j MARK --set-xmark 0x15/0xffffffff
//   -A LVS_TUI_NAT -s 192.168.10.0/24 -p tcp -m tcp --sport 20 -j MASQUERADE
// and the `iptables-restore --noflush` text that turns the live chains into the desired ones.

import { ipv4FromString } from '../config/validate/bytes';
import { RenderError } from './render-error';
import { SavedRuleset, SavedTable } from './iptables-save';
import { MARK_CHAIN, NAT_CHAIN, OWNED_CHAINS, OwnedChain, chainDeclaration, hasForeignReferences, jumpRule, tableRuleTexts } from './owned-chains';

/** One firewall mark: packets to `vip` on these ports get `mark` (structurally the sidecar's MarkRule). */
export interface MarkSpec {
  readonly mark: number;
  readonly protocol: string;
  /** a dotted quad, or `a.b.c.d/prefix` */
  readonly vip: string;
  /** inclusive ranges; a single port has from === to */
  readonly ports: ReadonlyArray<{ readonly from: number; readonly to: number }>;
}

export interface NatSubnet {
  readonly network: string;
  readonly prefix: number;
}

export interface NatSpec {
  /** the real servers' subnet (NAT only); null when the router does not NAT */
  readonly subnet: NatSubnet | null;
  readonly ftpMasquerade: boolean;
}

/** Rule lines (`-A CHAIN ...`) of our chain in each table; an empty list means the chain should not exist. */
export interface DesiredChains {
  readonly mangle: readonly string[];
  readonly nat: readonly string[];
}

const PROTOCOLS: ReadonlySet<string> = new Set(['tcp', 'udp', 'sctp']);

function formatIPv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/**
 * `a.b.c.d/prefix` as iptables-save prints an address match: the network address (host bits
 * cleared) and the prefix; null for /0, which matches everything and is not printed at all.
 */
export function canonicalCidr(address: string, prefix: number, what: string): string | null {
  const ip = ipv4FromString(address);
  if (ip < 0) throw new RenderError('invalid-address', `${what}: '${address}' is not an IPv4 address`);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > 32) throw new RenderError('invalid-prefix', `${what}: /${prefix} is not a prefix length (0-32)`);
  if (prefix === 0) return null;
  const mask = prefix === 32 ? 0xffffffff : (0xffffffff << (32 - prefix)) >>> 0;
  return `${formatIPv4((ip & mask) >>> 0)}/${prefix}`;
}

function parseCidr(text: string, what: string): string | null {
  const slash = text.indexOf('/');
  if (slash < 0) return canonicalCidr(text, 32, what);
  const p = text.slice(slash + 1);
  if (!/^\d{1,2}$/.test(p)) throw new RenderError('invalid-prefix', `${what}: '${text}' has no valid prefix length`);
  return canonicalCidr(text.slice(0, slash), Number(p), what);
}

function checkPort(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new RenderError('invalid-port', `${what}: port ${n} is not 0-65535`);
}

/** `--dport 80`, `--dport 10000:20000`; nothing for 0:65535, which iptables drops as "any port". */
function portMatch(option: '--dport' | '--sport', from: number, to: number, what: string): string {
  checkPort(from, what);
  checkPort(to, what);
  if (from > to) throw new RenderError('invalid-port', `${what}: port range ${from}:${to} runs backwards`);
  if (from === 0 && to === 65535) return '';
  return from === to ? ` ${option} ${from}` : ` ${option} ${from}:${to}`;
}

/** The mark as MARK's canonical target: `--set-mark 80` prints as `--set-xmark 0x50/0xffffffff`. */
function markTarget(mark: number, what: string): string {
  if (!Number.isInteger(mark) || mark < 1 || mark > 0xffffffff) throw new RenderError('invalid-mark', `${what}: mark ${mark} is not 1-4294967295`);
  return `-j MARK --set-xmark 0x${mark.toString(16)}/0xffffffff`;
}

/** One MARK rule per VIP, protocol and port or range, in the order given; exact repeats once. */
export function markRules(marks: readonly MarkSpec[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const m of marks) {
    const what = `firewall mark ${m.mark}`;
    if (!PROTOCOLS.has(m.protocol)) throw new RenderError('invalid-protocol', `${what}: protocol '${m.protocol}' is not tcp, udp or sctp`);
    const dest = parseCidr(m.vip, what);
    const target = markTarget(m.mark, what);
    for (const p of m.ports) {
      const rule = `-A ${MARK_CHAIN.chain}${dest === null ? '' : ` -d ${dest}`} -p ${m.protocol} -m ${m.protocol}${portMatch('--dport', p.from, p.to, what)} ${target}`;
      if (!seen.has(rule)) out.push(rule);
      seen.add(rule);
    }
  }
  return out;
}

/**
 * Active FTP: the real servers open the data connection from port 20 to the client; without
 * masquerading it leaves with the real server's private address (spec §6, the guide's FTP chapter).
 * Without a NAT subnet (direct routing, tunnelling) there is nothing to masquerade: no rule.
 */
export function masqueradeRules(nat: NatSpec): string[] {
  if (!nat.ftpMasquerade || nat.subnet === null) return [];
  const src = canonicalCidr(nat.subnet.network, nat.subnet.prefix, 'NAT subnet');
  return [`-A ${NAT_CHAIN.chain}${src === null ? '' : ` -s ${src}`} -p tcp -m tcp --sport 20 -j MASQUERADE`];
}

export function desiredChains(marks: readonly MarkSpec[], nat: NatSpec): DesiredChains {
  return { mangle: markRules(marks), nat: masqueradeRules(nat) };
}

/** What one of our chains should look like in a table. */
interface ChainTarget {
  /** the chain's rules; null: the chain should not exist */
  readonly rules: readonly string[] | null;
  /** how many plain jumps the hook chain should hold */
  readonly jumps: number;
  /** for a rollback: 1-based positions of the jumps in the hook chain, to put them back where they were */
  readonly positions?: readonly number[];
}

function sameTexts(a: readonly { text: string }[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((r, i) => r.text === b[i]);
}

/** The restore lines (without `*table`/`COMMIT`) that turn one owned chain of `now` into `target`. */
function chainLines(now: SavedTable | undefined, o: OwnedChain, target: ChainTarget): string[] {
  const chain = now?.chains.get(o.chain);
  const hookRules = now?.chains.get(o.hook)?.rules ?? [];
  const jump = jumpRule(o);
  const jumps = hookRules.filter((r) => r.text === jump).length;
  // A chain the admin's own rules jump to cannot be deleted: leave it declared and empty.
  const rules = target.rules === null && chain && hasForeignReferences(o, tableRuleTexts(now)) ? [] : target.rules;
  const lines: string[] = [];
  if (rules !== null && (!chain || !sameTexts(chain.rules, rules))) lines.push(chainDeclaration(o), ...rules);
  if (jumps > target.jumps) {
    for (let i = target.jumps; i < jumps; i++) lines.push(`-D ${o.hook} -j ${o.chain}`);
  } else if (jumps < target.jumps) {
    if (target.positions && target.positions.length === target.jumps) {
      // Rollback: take the jumps out and insert each at its old position (ascending, so earlier
      // inserts already count), appending when the chain has become shorter than it was.
      for (let i = 0; i < jumps; i++) lines.push(`-D ${o.hook} -j ${o.chain}`);
      let length = hookRules.length - jumps;
      for (const p of [...target.positions].sort((a, b) => a - b)) {
        lines.push(p <= length + 1 ? `-I ${o.hook} ${p} -j ${o.chain}` : `-A ${o.hook} -j ${o.chain}`);
        length++;
      }
    } else {
      for (let i = jumps; i < target.jumps; i++) lines.push(jump);
    }
  }
  if (rules === null && chain) lines.push(`-F ${o.chain}`, `-X ${o.chain}`);
  return lines;
}

function renderTables(now: SavedRuleset, targets: ReadonlyMap<OwnedChain, ChainTarget>): string | null {
  let out = '';
  for (const o of OWNED_CHAINS) {
    const target = targets.get(o);
    if (!target) continue;
    const lines = chainLines(now.get(o.table), o, target);
    if (lines.length > 0) out += `*${o.table}\n${lines.join('\n')}\nCOMMIT\n`;
  }
  return out === '' ? null : out;
}

/**
 * The `iptables-restore --noflush` text that makes lvs-tui's chains exactly `desired` and touches
 * nothing else: `:CHAIN - [0:0]` (re)creates and empties our chain, the hook jump is added once
 * (duplicates deleted), and with nothing desired the jump goes and the chain is flushed and
 * deleted. `current` is the parsed `iptables-save` of at least the mangle and nat tables.
 * Returns null when the live rules already are the desired ones.
 */
export function renderRestore(current: SavedRuleset, desired: DesiredChains): string | null {
  const targets = new Map<OwnedChain, ChainTarget>();
  for (const o of OWNED_CHAINS) {
    const rules = desired[o.table];
    targets.set(o, rules.length > 0 ? { rules, jumps: 1 } : { rules: null, jumps: 0 });
  }
  return renderTables(current, targets);
}

/**
 * The rollback: the restore text that puts lvs-tui's chains and jumps of `now` (a fresh
 * `iptables-save` taken when rolling back) back to how they were in `before` (taken before
 * applying), jumps at their old positions. Returns null when they already are.
 */
export function renderRestoreBack(before: SavedRuleset, now: SavedRuleset): string | null {
  const targets = new Map<OwnedChain, ChainTarget>();
  for (const o of OWNED_CHAINS) {
    const t = before.get(o.table);
    const chain = t?.chains.get(o.chain);
    const positions: number[] = [];
    (t?.chains.get(o.hook)?.rules ?? []).forEach((r, i) => {
      if (r.text === jumpRule(o)) positions.push(i + 1);
    });
    targets.set(o, { rules: chain ? chain.rules.map((r) => r.text) : null, jumps: positions.length, positions });
  }
  return renderTables(now, targets);
}
