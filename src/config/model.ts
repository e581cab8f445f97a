// Typed, read-only view of a parsed lvs.cf: global settings, redundancy and virtual servers with their
// real servers. Every value is the effective one, with where it came from: the file (and its line), the
// daemons' default (what pulse does with a missing key), or for a real server's port, its virtual.

import { BlockNode, Document, LineNode, Node, hasNewline } from './cst';
import { BlockSettings, LineRef } from './block-settings';
export { storedValue } from './block-settings';
import { TK } from './lexer';
import { Item, LINE_KINDS, LineTable, ParsedBlock, ParsedDocument } from './parsed-tree';
import { Scope, keySpec } from './schema';

export type Origin = 'file' | 'default' | 'virtual';

export interface Setting {
  readonly key: string;
  /** the value as pulse sees it: quotes of quoted strings removed; null when unset with no default */
  readonly value: string | null;
  readonly from: Origin;
  /** 1-based line of the key in the file (the last one when the key is repeated), else null */
  readonly line: number | null;
  /** the line setting it, for diagnostics' spans; null for defaults */
  readonly node: LineNode | null;
}

/** A real server's values as the daemons derive them (what the monitor reads; no tree). */
export interface ServerFacts {
  readonly name: string;
  readonly line: number;
  readonly active: boolean;
  readonly address: string;
  readonly port: string;
  readonly weight: number;
}

export interface RealServer extends ServerFacts {
  readonly block: BlockNode;
  readonly settings: ReadonlyMap<string, Setting>;
}

/** A virtual's values as the daemons derive them, with its settings and servers (no tree). */
export interface VirtualFacts {
  readonly name: string;
  readonly line: number;
  readonly kind: 'virtual' | 'failover';
  readonly active: boolean;
  readonly vip: string | null;
  readonly device: string | null;
  readonly port: string;
  readonly protocol: string;
  readonly fwmark: number;
  readonly scheduler: string;
  readonly persistent: number;
  readonly settings: ReadonlyMap<string, Setting>;
  readonly servers: readonly ServerFacts[];
}

export interface VirtualServer extends VirtualFacts {
  readonly block: BlockNode;
  readonly servers: readonly RealServer[];
}

export interface GlobalSettings {
  readonly primary: string | null;
  readonly primaryPrivate: string | null;
  readonly network: string;
  readonly natRouter: string | null;
  readonly natDevice: string | null;
  readonly serialNo: number | null;
  readonly settings: ReadonlyMap<string, Setting>;
}

export interface Redundancy {
  readonly enabled: boolean;
  readonly backup: string | null;
  readonly backupPrivate: string | null;
  readonly heartbeatPort: string;
  readonly keepalive: number;
  readonly deadtime: number;
  readonly monitorLinks: boolean;
  readonly syncDaemon: boolean;
  readonly syncdIface: string;
  readonly syncdId: number;
}

/**
 * What lvs.cf says, without the tree: what the monitor, `status` and the router role read. The
 * model gives it (an LvsConfig is one), and so does the quick reader (quick-facts.ts) for `status`.
 */
export interface ConfigFacts {
  readonly global: GlobalSettings;
  readonly redundancy: Redundancy;
  readonly virtuals: readonly VirtualFacts[];
}

export interface LvsConfig extends ConfigFacts {
  readonly virtuals: readonly VirtualServer[];
}

/** strtol(s, 0) as the C parser uses it: decimal, 0x hex, 0 octal; garbage reads as 0. */
export function cInt(text: string | null): number {
  if (text === null) return 0;
  const fast = plainDecimal(text);
  if (fast >= 0) return fast;
  const m = /^\s*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/.exec(text);
  if (!m) return 0;
  const digits = m[2];
  const n = /^0[xX]/.test(digits) ? parseInt(digits.slice(2), 16) : digits.length > 1 && digits[0] === '0' ? parseInt(digits, 8) : parseInt(digits, 10);
  return m[1] === '-' ? -n : n;
}

/** The value of a short plain decimal ("0", "15", "65535"), else -1: the common case, without a regex. */
function plainDecimal(text: string): number {
  const n = text.length;
  if (n === 0 || n > 9 || (text.charCodeAt(0) === 0x30 && n > 1)) return -1;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i) - 0x30;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

export { unquote } from './block-settings';

interface Collected {
  /** the block's own settings, last one wins as in the C parser */
  settings: BlockSettings;
  /** nested blocks, each with its first line's number and the `port` line seen before it */
  blocks: Array<{ node: BlockNode; lineNo: number; portBefore: Setting | undefined }>;
}

/** A parsed block's or document's compact items, or a plain (edited) one's nodes. */
function itemsOf(b: BlockNode | Document): { table: LineTable | null; items: readonly (Item | Node)[] } {
  if (b instanceof ParsedBlock || b instanceof ParsedDocument) return { table: b.table, items: b.items };
  return { table: null, items: b.body };
}

const ATTR_CODE = LINE_KINDS.indexOf('attr');

function tableLineHasNewline(table: LineTable, i: number): boolean {
  const end = table.lineT0[i + 1];
  return end > table.lineT0[i] && table.toks.kinds[end - 1] === TK.NL;
}

/**
 * Indexes a block body's key lines and nested blocks with their line numbers. `lineNo` is the line
 * number of the body's first line. Parsed lines are read from the line table without making objects.
 */
function collect(scope: Scope, owner: BlockNode | Document, lineNo: number, fallback: Setting | null = null): Collected {
  const { table, items } = itemsOf(owner);
  const parsed = owner instanceof ParsedBlock || owner instanceof ParsedDocument ? owner : null;
  // Parsed lines are contiguous: line `it` has number lineNo + (it - first item's index).
  const base = parsed ? lineNo - firstLineIndex(parsed) : 0;
  const c: Collected = { settings: new BlockSettings(scope, parsed, base, fallback), blocks: [] };
  // The `port` seen so far, as a Setting made once per distinct port line (not once per server).
  let portRef: LineRef | undefined;
  let portLine = 0;
  let port: Setting | undefined;
  let portMadeFrom: LineRef | undefined;
  const portSoFar = () => {
    if (portRef !== portMadeFrom) {
      port = portRef === undefined ? undefined : c.settings.make('port', portLine, portRef);
      portMadeFrom = portRef;
    }
    return port;
  };
  for (const it of items) {
    if (typeof it === 'number') {
      // a table line: its number is base + it, like every parsed line's
      if (table!.keys[it] === 'port' && table!.kinds[it] === ATTR_CODE) {
        portRef = it;
        portLine = base + it;
      }
    } else if (parsed && it instanceof ParsedBlock) {
      c.blocks.push({ node: it, lineNo: base + it.openIndex, portBefore: portSoFar() });
    } else if (it.type === 'line') {
      if (it.kind === 'attr' && it.key !== null) {
        c.settings.add(it.key, lineNo, it);
        if (it.key === 'port') {
          portRef = it;
          portLine = lineNo;
        }
      }
      if (hasNewline(it)) lineNo++;
    } else {
      c.blocks.push({ node: it, lineNo, portBefore: portSoFar() });
      lineNo = skipBlock(it, lineNo);
    }
  }
  c.settings.seal();
  return c;
}

/** The table index of the first line of a parsed body. */
function firstLineIndex(p: ParsedBlock | ParsedDocument): number {
  return p instanceof ParsedBlock ? p.openIndex + 1 : 0;
}

/** The line number after a block, given the line number of its opening line. */
export function skipBlock(b: BlockNode, lineNo: number): number {
  // A closed parsed block is a contiguous run of table lines, all ending with a newline but maybe
  // the last one of the file.
  if (b instanceof ParsedBlock && b.closeIndex >= 0) {
    return lineNo + (b.closeIndex - b.openIndex) + (tableLineHasNewline(b.table, b.closeIndex) ? 1 : 0);
  }
  if (hasNewline(b.open)) lineNo++;
  for (const n of b.body) lineNo = n.type === 'line' ? lineNo + (hasNewline(n) ? 1 : 0) : skipBlock(n, lineNo);
  if (b.close && hasNewline(b.close)) lineNo++;
  return lineNo;
}

function openHasNewline(b: BlockNode): boolean {
  return b instanceof ParsedBlock ? tableLineHasNewline(b.table, b.openIndex) : hasNewline(b.open);
}

export function effective(scope: Scope, settings: ReadonlyMap<string, Setting>, key: string): Setting {
  const s = settings.get(key);
  if (s) return s;
  const spec = keySpec(scope, key);
  return { key, value: spec?.daemonDefault ?? null, from: 'default', line: null, node: null };
}

/** All settings of a block, the unset keys of the schema filled in with the daemons' defaults. */
export function withDefaults(scope: Scope, settings: ReadonlyMap<string, Setting>, keys: readonly string[]): Map<string, Setting> {
  const out = new Map(settings);
  for (const key of keys) if (!out.has(key)) out.set(key, effective(scope, out, key));
  return out;
}

const firstWord = (v: string | null) => (v === null ? null : v.split(' ')[0] || null);
const secondWord = (v: string | null) => (v === null ? null : v.split(' ')[1] ?? null);

/** A block's effective value of a key: the file's, else the daemons' default (null: none). */
export type ValueOf = (key: string) => string | null;

// How the daemons read each value: the model and the quick reader both derive them here.
export const serverActive = (v: ValueOf) => cInt(v('active')) === 1;
export const serverAddress = (v: ValueOf) => v('address') ?? '0.0.0.0';
export const serverPort = (v: ValueOf) => v('port') ?? '80';
export const serverWeight = (v: ValueOf) => cInt(v('weight'));

/** A virtual's derived values (all but its name, line, kind, settings and servers). */
export function virtualValues(v: ValueOf) {
  const address = v('address');
  return {
    active: cInt(v('active')) === 1,
    vip: firstWord(address),
    device: secondWord(address),
    port: v('port') ?? '80',
    protocol: v('protocol') ?? 'tcp',
    fwmark: cInt(v('fwmark')),
    scheduler: v('scheduler') ?? 'wlc',
    persistent: cInt(v('persistent')),
  };
}

/** The global settings and redundancy, derived from the global block's settings. */
export function globalValues(settings: ReadonlyMap<string, Setting>): { global: GlobalSettings; redundancy: Redundancy } {
  const g = (k: string) => effective('global', settings, k).value;
  const natRouter = g('nat_router');
  return {
    global: {
      primary: g('primary'),
      primaryPrivate: g('primary_private') ?? g('primary'),
      network: g('network') ?? 'nat',
      natRouter: firstWord(natRouter),
      natDevice: secondWord(natRouter),
      serialNo: settings.has('serial_no') ? cInt(g('serial_no')) : null,
      settings,
    },
    redundancy: {
      // pulse clears backup_active when no backup is set
      enabled: cInt(g('backup_active')) === 1 && g('backup') !== null,
      backup: g('backup'),
      backupPrivate: g('backup_private') ?? g('backup'),
      heartbeatPort: g('heartbeat_port') ?? '539',
      keepalive: cInt(g('keepalive')),
      deadtime: cInt(g('deadtime')),
      monitorLinks: cInt(g('monitor_links')) === 1,
      syncDaemon: cInt(g('syncdaemon')) === 1,
      syncdIface: g('syncd_iface') ?? 'eth0',
      syncdId: cInt(g('syncd_id')),
    },
  };
}

/**
 * A real server reads its values from its settings when asked: a model of 100,000 servers keeps
 * only the block, its line and the settings view per server.
 */
class ModelRealServer implements RealServer {
  constructor(
    readonly block: BlockNode,
    readonly line: number,
    readonly settings: BlockSettings,
  ) {}
  // a function made per read, not a closure kept per server (100,000 of them on big files)
  private value(key: string): string | null {
    return effective('server', this.settings, key).value;
  }
  private of(): ValueOf {
    return (k) => this.value(k);
  }
  get name(): string {
    return this.block.name;
  }
  get active(): boolean {
    return serverActive(this.of());
  }
  get address(): string {
    return serverAddress(this.of());
  }
  get port(): string {
    return serverPort(this.of());
  }
  get weight(): number {
    return serverWeight(this.of());
  }
  toJSON() {
    return { name: this.name, line: this.line, active: this.active, address: this.address, port: this.port, weight: this.weight };
  }
}

/** `inherited` is the virtual's port as the server sees it (from: 'virtual'), shared by its servers. */
function buildServer(node: BlockNode, lineNo: number, inherited: Setting): RealServer {
  const { settings } = collect('server', node, lineNo + (openHasNewline(node) ? 1 : 0), inherited);
  return new ModelRealServer(node, lineNo, settings);
}

const defaultPort: Setting = { key: 'port', value: keySpec('virtual', 'port')!.daemonDefault, from: 'default', line: null, node: null };

function buildVirtual(node: BlockNode, lineNo: number): VirtualServer {
  const c = collect('virtual', node, lineNo + (openHasNewline(node) ? 1 : 0));
  const { settings } = c;
  // A server's default port is the virtual's port *as parsed so far* (spec §1): a `port` line after
  // the server block does not reach it.
  const servers: RealServer[] = [];
  // One inherited-port setting per distinct `port` line, not one object per server.
  let lastPort: Setting | undefined;
  let inherited: Setting = { ...defaultPort, from: 'virtual' };
  for (const { node: b, lineNo: bl, portBefore } of c.blocks) {
    if (b.kind !== 'server') continue;
    if (portBefore !== lastPort) {
      lastPort = portBefore;
      inherited = { ...(portBefore ?? defaultPort), from: 'virtual' };
    }
    servers.push(buildServer(b, bl, inherited));
  }
  return {
    name: node.name,
    line: lineNo,
    block: node,
    kind: node.kind === 'failover' ? 'failover' : 'virtual',
    ...virtualValues((k) => effective('virtual', settings, k).value),
    settings,
    servers,
  };
}

export function buildModel(doc: Document): LvsConfig {
  const c = collect('global', doc, 1);
  const virtuals: VirtualServer[] = [];
  for (const { node, lineNo } of c.blocks) {
    if (node.kind === 'virtual' || node.kind === 'failover') virtuals.push(buildVirtual(node, lineNo));
  }
  return { ...globalValues(c.settings), virtuals };
}

/** The effective value of a key for a block (global when `virtual` is unset), file or default. */
export function effectiveSetting(config: LvsConfig, key: string, virtual?: string, server?: string): Setting | undefined {
  if (virtual === undefined) return effective('global', config.global.settings, key);
  const v = config.virtuals.find((x) => x.name === virtual);
  if (!v) return undefined;
  if (server === undefined) return effective('virtual', v.settings, key);
  const s = v.servers.find((x) => x.name === server);
  return s ? effective('server', s.settings, key) : undefined;
}
