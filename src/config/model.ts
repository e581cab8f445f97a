// Typed, read-only view of a parsed lvs.cf: global settings, redundancy and virtual servers with their
// real servers. Every value is the effective one, with where it came from: the file (and its line), the
// daemons' default (what pulse does with a missing key), or for a real server's port, its virtual.

import { BlockNode, Document, LineNode, Node, hasNewline, valueText } from './cst';
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

export interface RealServer {
  readonly name: string;
  readonly line: number;
  readonly block: BlockNode;
  readonly active: boolean;
  readonly address: string;
  readonly port: string;
  readonly weight: number;
  readonly settings: ReadonlyMap<string, Setting>;
}

export interface VirtualServer {
  readonly name: string;
  readonly line: number;
  readonly block: BlockNode;
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

export interface LvsConfig {
  readonly global: GlobalSettings;
  readonly redundancy: Redundancy;
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

/** lvsd strips double quotes (not single ones) from quoted values. */
export function unquote(text: string): string {
  return text.length >= 2 && text[0] === '"' && text[text.length - 1] === '"' ? text.slice(1, -1) : text;
}

interface Collected {
  /** the block's own settings, last one wins as in the C parser */
  settings: Map<string, Setting>;
  /** nested blocks, each with the `port` setting seen before it (a server's default port) */
  blocks: Array<{ node: BlockNode; lineNo: number; portBefore?: Setting }>;
}

/**
 * Collects a block body's settings and nested blocks with their line numbers. `lineNo` is the line
 * number of the body's first line. Settings are built here directly: on a 10,000-service file an
 * intermediate map per block doubled the model's allocations.
 */
function collect(scope: Scope, body: readonly Node[], lineNo: number): Collected {
  const c: Collected = { settings: new Map(), blocks: [] };
  for (const n of body) {
    if (n.type === 'line') {
      if (n.kind === 'attr' && n.key !== null) c.settings.set(n.key, fileSetting(scope, n, lineNo));
      if (hasNewline(n)) lineNo++;
    } else {
      c.blocks.push({ node: n, lineNo, portBefore: c.settings.get('port') });
      lineNo = skipBlock(n, lineNo);
    }
  }
  return c;
}

function fileSetting(scope: Scope, line: LineNode, lineNo: number): Setting {
  const key = line.key!;
  const raw = valueText(line);
  return { key, value: keySpec(scope, key)?.type === 'qstring' ? unquote(raw) : raw, from: 'file', line: lineNo, node: line };
}

/** The line number after a block, given the line number of its opening line. */
export function skipBlock(b: BlockNode, lineNo: number): number {
  if (hasNewline(b.open)) lineNo++;
  for (const n of b.body) lineNo = n.type === 'line' ? lineNo + (hasNewline(n) ? 1 : 0) : skipBlock(n, lineNo);
  if (b.close && hasNewline(b.close)) lineNo++;
  return lineNo;
}

function effective(scope: Scope, settings: Map<string, Setting>, key: string): Setting {
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

/** `inherited` is the virtual's port as the server sees it (from: 'virtual'), shared by its servers. */
function buildServer(node: BlockNode, lineNo: number, inherited: Setting): RealServer {
  const { settings } = collect('server', node.body, lineNo + (hasNewline(node.open) ? 1 : 0));
  const v = (k: string) => effective('server', settings, k).value;
  if (!settings.has('port')) settings.set('port', inherited);
  return {
    name: node.name,
    line: lineNo,
    block: node,
    active: cInt(v('active')) === 1,
    address: v('address') ?? '0.0.0.0',
    port: settings.get('port')!.value ?? '80',
    weight: cInt(v('weight')),
    settings,
  };
}

const defaultPort: Setting = { key: 'port', value: keySpec('virtual', 'port')!.daemonDefault, from: 'default', line: null, node: null };

function buildVirtual(node: BlockNode, lineNo: number): VirtualServer {
  const c = collect('virtual', node.body, lineNo + (hasNewline(node.open) ? 1 : 0));
  const { settings } = c;
  const v = (k: string) => effective('virtual', settings, k).value;
  const address = v('address');
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
    active: cInt(v('active')) === 1,
    vip: firstWord(address),
    device: secondWord(address),
    port: v('port') ?? '80',
    protocol: v('protocol') ?? 'tcp',
    fwmark: cInt(v('fwmark')),
    scheduler: v('scheduler') ?? 'wlc',
    persistent: cInt(v('persistent')),
    settings,
    servers,
  };
}

export function buildModel(doc: Document): LvsConfig {
  const c = collect('global', doc.body, 1);
  const { settings } = c;
  const g = (k: string) => effective('global', settings, k).value;
  const natRouter = g('nat_router');
  const virtuals: VirtualServer[] = [];
  for (const { node, lineNo } of c.blocks) {
    if (node.kind === 'virtual' || node.kind === 'failover') virtuals.push(buildVirtual(node, lineNo));
  }
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
    virtuals,
  };
}

/** The effective value of a key for a block (global when `virtual` is unset), file or default. */
export function effectiveSetting(config: LvsConfig, key: string, virtual?: string, server?: string): Setting | undefined {
  if (virtual === undefined) return effective('global', config.global.settings as Map<string, Setting>, key);
  const v = config.virtuals.find((x) => x.name === virtual);
  if (!v) return undefined;
  if (server === undefined) return effective('virtual', v.settings as Map<string, Setting>, key);
  const s = v.servers.find((x) => x.name === server);
  return s ? effective('server', s.settings as Map<string, Setting>, key) : undefined;
}
