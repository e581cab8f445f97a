// Reads lvs-tui.yaml into a typed Sidecar with line:column diagnostics (codes in src/apply/README.md).
// Lenient like the lvs.cf parser (never throws on input; a bad value falls back to its default and
// is reported), strict in what it reports: a misspelt key would silently turn a feature off, so
// unknown keys are errors.

import { Document, LineCounter, Node, Pair, YAMLMap, YAMLSeq, isMap, isScalar, isSeq, parseDocument, visit } from 'yaml';
import { Diagnostic, Severity, Span } from '../config/diagnostic';
import { ipv4FromString } from '../config/validate/bytes';
import {
  DEFAULT_PERSIST,
  DEFAULT_PROGRAMS,
  DEFAULT_PULSE,
  FirewallMark,
  IP_FORWARD,
  MARK_PROTOCOLS,
  MarkProtocol,
  PULSE_ACTIONS,
  PersistSettings,
  PortRange,
  ProgramPaths,
  PulseAction,
  PulseSettings,
  REQUIRED_PULSE_ACTIONS,
  SERVICE_MANAGERS,
  ServiceManager,
  Sidecar,
  defaultSidecar,
  sidecarPathKey,
} from './sidecar-model';
import { NO_ROUTERS, ROUTER_KEYS, ROUTER_NAMES, RouterAccess, RouterName, RoutersSettings, parseSshAddress } from './sidecar-routers';
import { SpanMaker, byteSpan, firstInvalidUtf8 } from './sidecar-spans';
import { rememberSource } from './sidecar-source';

export interface SidecarResult {
  readonly path: string;
  readonly sidecar: Sidecar;
  readonly diagnostics: Diagnostic[];
  /** the parsed document, for edits that keep the admin's comments (sidecar-edit.ts) */
  readonly document: Document;
  /** the decoded text */
  readonly text: string;
}

type YamlPath = Array<string | number>;

const TOP_KEYS = ['firewall_marks', 'ftp_masquerade', 'persist', 'sysctl', 'pulse', 'programs', 'routers'] as const;
const MARK_KEYS = ['mark', 'protocol', 'ports', 'vip'] as const;
const PERSIST_KEYS = ['iptables', 'sysctl'] as const;
const PULSE_KEYS = ['manager', 'service', ...PULSE_ACTIONS] as const;
const PROGRAM_KEYS = { iptables: 'iptables', iptables_save: 'iptablesSave', iptables_restore: 'iptablesRestore', sysctl: 'sysctl', ipvsadm: 'ipvsadm' } as const;

const MAX_MARK = 0xffffffff;
const SYSCTL_NAME = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_\-/]+)+$/;
const SERVICE_NAME = /^[A-Za-z0-9_.@:-]+$/;
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** Parses and validates the sidecar. A missing file is `parseSidecar(new Uint8Array(), path)`: defaults. */
export function parseSidecar(bytes: Uint8Array, path: string): SidecarResult {
  const text = decoder.decode(bytes);
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, version: '1.2' });
  rememberSource(document, text);
  const p = new SidecarParser(new SpanMaker(text, lines));
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) p.diags.push(diag('error', 'sidecar-encoding', 'the file is not UTF-8 here; save it as UTF-8', byteSpan(bytes, bad)));
  for (const e of document.errors) {
    const code = e.code === 'DUPLICATE_KEY' ? 'sidecar-duplicate-key' : 'sidecar-syntax';
    const msg = e.code === 'DUPLICATE_KEY' ? 'this key is given twice; keep one' : `YAML: ${firstLine(e.message)}`;
    const key = e.code === 'DUPLICATE_KEY' ? keyAt(document, e.pos[0]) : null;
    p.diags.push(diag('error', code, msg, p.spans.span(e.pos[0], key ? key[1] : e.pos[1])));
  }
  for (const w of document.warnings) p.diags.push(diag('warning', 'sidecar-syntax', `YAML: ${firstLine(w.message)}`, p.spans.span(w.pos[0], w.pos[1])));
  // A document with syntax errors is not interpreted: its values are guesses, and their
  // complaints would bury the real error.
  const sidecar = document.errors.length ? defaultSidecar() : p.read(document);
  p.diags.sort((a, b) => a.span.line - b.span.line || a.span.column - b.span.column);
  return { path, sidecar, diagnostics: p.diags, document, text };
}

/** The range of the mapping key starting at `offset` (yaml points duplicate keys at their first character). */
function keyAt(document: Document, offset: number): [number, number] | null {
  let found: [number, number] | null = null;
  visit(document, {
    Pair(_, pair) {
      const r = (pair.key as Node | null)?.range;
      if (r && r[0] === offset) {
        found = [r[0], r[1]];
        return visit.BREAK;
      }
    },
  });
  return found;
}

function diag(severity: Severity, code: string, message: string, span: Span): Diagnostic {
  return { severity, code, message, span };
}

function firstLine(s: string): string {
  return s.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

function kindOf(n: unknown): string {
  if (isMap(n)) return 'a mapping';
  if (isSeq(n)) return 'a list';
  if (isScalar(n)) {
    const v = n.value;
    if (v === null) return 'empty';
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (typeof v === 'number' || typeof v === 'bigint') return `the number ${n.source ?? String(v)}`;
    return `"${String(v)}"`;
  }
  return 'something else';
}

/** Closest known key within two edits, for "did you mean". */
function suggest(key: string, known: readonly string[]): string | null {
  let best: string | null = null;
  let bestD = 3;
  for (const k of known) {
    const d = distance(key.toLowerCase(), k);
    if (d < bestD) [best, bestD] = [k, d];
  }
  return best;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length];
}

const isNull = (n: unknown) => n === null || n === undefined || (isScalar(n) && n.value === null);

/** A program to run: an absolute path, or a bare name looked up in PATH (never relative: the cwd decides). */
function programProblem(s: string): string | null {
  if (s === '') return 'is empty';
  if (/[\0\n\r]/.test(s)) return 'contains a control character';
  if (s.includes('/') && !s.startsWith('/')) return 'is a relative path (it would depend on the directory lvs-tui is started from); give an absolute path or a bare name looked up in PATH';
  return null;
}

class SidecarParser {
  readonly diags: Diagnostic[] = [];
  private readonly where = new Map<string, Span>();

  constructor(readonly spans: SpanMaker) {}

  private report(severity: Severity, code: string, message: string, node: Node | Pair | null | undefined): void {
    this.diags.push(diag(severity, code, message, this.spanOf(node)));
  }

  private spanOf(node: Node | Pair | null | undefined): Span {
    if (node instanceof Pair) {
      // `key:` with nothing after it: the key (its empty value has no width)
      const v = node.value as Node | null;
      return this.spanOf(!v || !v.range || v.range[0] === v.range[1] ? (node.key as Node) : v);
    }
    const r = node?.range;
    return r ? this.spans.span(r[0], r[1]) : { line: 1, column: 1, length: 1 };
  }

  private note(path: YamlPath, node: Node | Pair | null | undefined): void {
    this.where.set(sidecarPathKey(path), this.spanOf(node));
  }

  /** The pairs of a mapping with string keys; other keys and unknown names are reported. */
  private pairs(map: YAMLMap, known: readonly string[], where: string): Array<{ key: string; pair: Pair<Node, Node | null> }> {
    const out: Array<{ key: string; pair: Pair<Node, Node | null> }> = [];
    for (const pair of map.items as Array<Pair<Node, Node | null>>) {
      const k = pair.key;
      if (!isScalar(k) || typeof k.value !== 'string') {
        this.report('error', 'sidecar-type', `${where}: a key must be a name, not ${kindOf(k)}`, k);
        continue;
      }
      if (!known.includes(k.value)) {
        const s = suggest(k.value, known);
        this.report('error', 'sidecar-unknown-key', `unknown key "${k.value}" in ${where}${s ? `; did you mean "${s}"?` : ''} (known: ${known.join(', ')})`, k);
        continue;
      }
      out.push({ key: k.value, pair });
    }
    return out;
  }

  private mapping(node: Node | null, what: string): YAMLMap | null {
    if (isNull(node)) return null;
    if (isMap(node)) return node;
    this.report('error', 'sidecar-type', `${what} must be a mapping (key: value lines), not ${kindOf(node)}`, node);
    return null;
  }

  private string(node: Node | null, what: string): string | null {
    if (isScalar(node) && typeof node.value === 'string') return node.value;
    this.report('error', 'sidecar-type', `${what} must be a string, not ${kindOf(node)}`, node);
    return null;
  }

  read(document: Document): Sidecar {
    const base = defaultSidecar();
    const root = document.contents as Node | null;
    if (isNull(root)) return base;
    if (!isMap(root)) {
      this.report('error', 'sidecar-type', `lvs-tui.yaml must be a mapping of settings (firewall_marks:, persist:, ...), not ${kindOf(root)}`, root);
      return base;
    }
    let firewallMarks = base.firewallMarks;
    let ftpMasquerade = base.ftpMasquerade;
    let persist = base.persist;
    let sysctl = base.sysctl;
    let pulse = base.pulse;
    let programs = base.programs;
    let routers: RoutersSettings = NO_ROUTERS;
    for (const { key, pair } of this.pairs(root, TOP_KEYS, 'lvs-tui.yaml')) {
      const v = pair.value;
      this.note([key], pair);
      switch (key) {
        case 'firewall_marks':
          firewallMarks = this.marks(v);
          break;
        case 'ftp_masquerade':
          if (isNull(v)) break;
          if (isScalar(v) && typeof v.value === 'boolean') ftpMasquerade = v.value;
          else this.report('error', 'sidecar-type', `ftp_masquerade must be true or false, not ${kindOf(v)}`, v);
          break;
        case 'persist':
          persist = this.persist(v);
          break;
        case 'sysctl':
          sysctl = this.sysctl(v);
          break;
        case 'pulse':
          pulse = this.pulse(v);
          break;
        case 'programs':
          programs = this.programs(v);
          break;
        case 'routers':
          routers = this.routers(v);
          break;
      }
    }
    return { firewallMarks, ftpMasquerade, persist, sysctl, pulse, programs, routers, spans: this.where };
  }

  private marks(node: Node | null): FirewallMark[] {
    if (isNull(node)) return [];
    if (!isSeq(node)) {
      this.report('error', 'sidecar-type', `firewall_marks must be a list of marks ("- mark: N" entries), not ${kindOf(node)}`, node);
      return [];
    }
    const out: FirewallMark[] = [];
    const seen = new Map<string, FirewallMark>();
    (node as YAMLSeq<Node | null>).items.forEach((item, index) => {
      const m = this.mark(item, index);
      if (!m) return;
      const id = `${m.mark}/${m.protocol}/${m.vip ?? ''}`;
      const first = seen.get(id);
      if (first) {
        const markNode = (item as YAMLMap).get('mark', true) as Node | undefined;
        this.report('error', 'sidecar-duplicate-mark', `mark ${m.mark} for ${m.protocol}${m.vip ? ` to ${m.vip}` : ''} is already listed (entry ${first.index + 1}); put all its ports in one entry`, markNode ?? item);
        return;
      }
      seen.set(id, m);
      out.push(m);
    });
    return out;
  }

  private mark(item: Node | null, index: number): FirewallMark | null {
    const here: YamlPath = ['firewall_marks', index];
    if (!isMap(item)) {
      this.report('error', 'sidecar-type', `each firewall mark must be a mapping (mark:, protocol:, ports:), not ${kindOf(item)}`, item);
      return null;
    }
    this.note(here, item);
    let mark: number | null = null;
    let protocol: MarkProtocol = 'tcp';
    let ports: PortRange[] | null = null;
    let vip: string | null = null;
    let markOk = true;
    for (const { key, pair } of this.pairs(item, MARK_KEYS, `firewall mark entry ${index + 1}`)) {
      const v = pair.value;
      this.note([...here, key], pair);
      if (key === 'mark') {
        mark = this.markNumber(v);
        markOk = mark !== null;
      } else if (key === 'protocol') {
        const s = isScalar(v) && typeof v.value === 'string' ? v.value : null;
        if (s !== null && (MARK_PROTOCOLS as readonly string[]).includes(s)) protocol = s as MarkProtocol;
        else this.report('error', 'sidecar-value', `protocol must be ${MARK_PROTOCOLS.join(', ')} (lower case), not ${kindOf(v)}`, v ?? pair.key);
      } else if (key === 'ports') {
        ports = this.ports(v, [...here, 'ports']);
      } else if (key === 'vip') {
        if (v && !isNull(v)) vip = this.vip(v);
      }
    }
    if (!item.has('mark')) this.report('error', 'sidecar-missing-key', `firewall mark entry ${index + 1} has no "mark:" (the fwmark of its virtual server in lvs.cf)`, item);
    if (!item.has('ports')) this.report('error', 'sidecar-missing-key', `firewall mark entry ${index + 1} has no "ports:" (the ports that get the mark, e.g. [80, 443])`, item);
    if (mark === null || !markOk) return null;
    return { mark, protocol, ports: ports ?? [], vip, index };
  }

  private markNumber(v: Node | null): number | null {
    // Decimal only: YAML 1.2 reads "010" as ten where lvs.cf's strtol reads eight, and 0x50 as 80.
    if (isScalar(v) && typeof v.value === 'number' && Number.isInteger(v.value) && /^[1-9][0-9]*$/.test(v.source ?? '')) {
      if (v.value <= MAX_MARK) return v.value;
      this.report('error', 'sidecar-mark-range', `mark ${v.source} is out of range: a firewall mark is 1..${MAX_MARK}`, v);
      return null;
    }
    this.report('error', 'sidecar-mark-range', `mark must be a decimal number 1..${MAX_MARK} (as in lvs.cf's fwmark), not ${kindOf(v)}`, v);
    return null;
  }

  private ports(v: Node | null, path: YamlPath): PortRange[] {
    const items: Array<Node | null> = isSeq(v) ? (v as YAMLSeq<Node | null>).items : isNull(v) ? [] : [v];
    if (isMap(v)) {
      this.report('error', 'sidecar-type', `ports must be a list of ports and "LOW:HIGH" ranges, e.g. [21, "10000:20000"], not a mapping`, v);
      return [];
    }
    if (items.length === 0) {
      this.report('error', 'sidecar-empty-ports', 'no ports: list the ports that get the mark, e.g. [80, 443]', v);
      return [];
    }
    const out: PortRange[] = [];
    items.forEach((item, j) => {
      const r = this.port(item);
      if (!r) return;
      this.note([...path, j], item);
      const clash = out.find((o) => r.from <= o.to && o.from <= r.to);
      if (clash) this.report('warning', 'sidecar-port-overlap', `${rangeText(r)} overlaps ${rangeText(clash)} listed before it`, item);
      out.push(r);
    });
    return out;
  }

  private port(item: Node | null): PortRange | null {
    const bad = (why: string) => {
      this.report('error', 'sidecar-port-range', why, item);
      return null;
    };
    if (isScalar(item) && typeof item.value === 'number') {
      const n = item.value;
      if (!Number.isInteger(n) || n < 1 || n > 65535) return bad(`port ${item.source ?? n} is out of range: ports are 1..65535`);
      return { from: n, to: n };
    }
    if (isScalar(item) && typeof item.value === 'string') {
      const s = item.value.trim();
      if (/^[0-9]+$/.test(s)) {
        const n = Number(s);
        return n >= 1 && n <= 65535 ? { from: n, to: n } : bad(`port ${s} is out of range: ports are 1..65535`);
      }
      const m = /^([0-9]+):([0-9]+)$/.exec(s);
      if (!m) return bad(`"${item.value}" is not a port or a "LOW:HIGH" range`);
      const [lo, hi] = [Number(m[1]), Number(m[2])];
      if (lo < 1 || lo > 65535 || hi < 1 || hi > 65535) return bad(`range ${s} is out of range: ports are 1..65535`);
      if (lo >= hi) return bad(`range ${s} must go from low to high (LOW < HIGH; a single port is written alone)`);
      return { from: lo, to: hi };
    }
    this.report('error', 'sidecar-type', `a port must be a number or a "LOW:HIGH" range, not ${kindOf(item)}`, item);
    return null;
  }

  private vip(v: Node): string | null {
    const s = isScalar(v) && typeof v.value === 'string' ? v.value.trim() : null;
    const m = s === null ? null : /^([0-9.]+)(?:\/([0-9]{1,2}))?$/.exec(s);
    const ip = m ? ipv4FromString(m[1]) : -1;
    const prefix = m?.[2] === undefined ? 32 : Number(m[2]);
    if (!m || ip < 0 || prefix < 1 || prefix > 32) {
      this.report('error', 'sidecar-vip', `vip must be an IPv4 address (or address/prefix, prefix 1..32), not ${kindOf(v)}`, v);
      return null;
    }
    const mask = prefix === 32 ? 0xffffffff : (0xffffffff << (32 - prefix)) >>> 0;
    const net = (ip & mask) >>> 0;
    if (net !== ip) this.report('warning', 'sidecar-vip-host-bits', `${s} has host bits set: iptables will mark the whole ${ipText(net)}/${prefix}`, v);
    return `${ipText(net)}/${prefix}`;
  }

  private persist(node: Node | null): PersistSettings {
    const map = this.mapping(node, 'persist');
    if (!map) return DEFAULT_PERSIST;
    const out: { -readonly [K in keyof PersistSettings]: string } = { ...DEFAULT_PERSIST };
    for (const { key, pair } of this.pairs(map, PERSIST_KEYS, 'persist')) {
      this.note(['persist', key], pair);
      const s = this.string(pair.value, `persist.${key}`);
      if (s === null) continue;
      if (!s.startsWith('/')) {
        this.report('error', 'sidecar-path', `persist.${key} must be an absolute path, not "${s}"`, pair.value);
        continue;
      }
      if (key === 'sysctl' && /^\/(etc|run|usr\/lib|lib)\/sysctl\.d\//.test(s) && !s.endsWith('.conf')) {
        this.report('warning', 'sidecar-path', `${s} does not end in .conf: sysctl --system and systemd-sysctl read only *.conf files there`, pair.value);
      }
      out[key as keyof PersistSettings] = s;
    }
    return out;
  }

  private sysctl(node: Node | null): ReadonlyMap<string, string> {
    const out = new Map<string, string>();
    const map = this.mapping(node, 'sysctl');
    if (!map) return out;
    for (const pair of map.items as Array<Pair<Node, Node | null>>) {
      const k = pair.key;
      const name = isScalar(k) && typeof k.value === 'string' ? k.value : null;
      if (name === null || !SYSCTL_NAME.test(name)) {
        this.report('error', 'sidecar-sysctl-key', `${kindOf(k)} is not a sysctl name: write it with dots, e.g. net.ipv4.vs.expire_nodest_conn`, k);
        continue;
      }
      this.note(['sysctl', name], pair);
      const v = pair.value;
      let value: string | null = null;
      if (isScalar(v) && typeof v.value === 'number' && Number.isInteger(v.value)) value = String(v.value);
      else if (isScalar(v) && typeof v.value === 'string' && v.value.trim() !== '' && !/[\0-\x1f\x7f]/.test(v.value.replace(/\t/g, ' '))) value = v.value.trim();
      if (value === null) {
        this.report('error', 'sidecar-value', `${name} must be a number or a one-line string, not ${kindOf(v)}`, v ?? k);
        continue;
      }
      if (name === IP_FORWARD && value !== '1') {
        this.report('error', 'sidecar-ip-forward', `${IP_FORWARD} must be 1: an LVS router forwards packets (lvs-tui always sets it; the line can go)`, v);
        continue;
      }
      out.set(name, value);
    }
    return out;
  }

  private pulse(node: Node | null): PulseSettings {
    const map = this.mapping(node, 'pulse');
    if (!map) return DEFAULT_PULSE;
    let manager: ServiceManager = DEFAULT_PULSE.manager;
    let managerNode: Node | null = null;
    let service = DEFAULT_PULSE.service;
    const commands: Partial<Record<PulseAction, readonly string[]>> = {};
    const actionNodes: Array<[PulseAction, Node | Pair]> = [];
    for (const { key, pair } of this.pairs(map, PULSE_KEYS, 'pulse')) {
      const v = pair.value;
      this.note(['pulse', key], pair);
      if (key === 'manager') {
        managerNode = v;
        const s = isScalar(v) && typeof v.value === 'string' ? v.value : null;
        if (s !== null && (SERVICE_MANAGERS as readonly string[]).includes(s)) manager = s as ServiceManager;
        else this.report('error', 'sidecar-value', `pulse.manager must be ${SERVICE_MANAGERS.join(', ')}, not ${kindOf(v)}`, v ?? pair.key);
      } else if (key === 'service') {
        const s = this.string(v, 'pulse.service');
        if (s === null) continue;
        if (SERVICE_NAME.test(s)) service = s;
        else this.report('error', 'sidecar-value', `pulse.service "${s}" is not a service name (a systemd unit or init script name such as pulse)`, v);
      } else {
        const action = key as PulseAction;
        actionNodes.push([action, pair]);
        const argv = this.command(v, `pulse.${action}`);
        if (argv) commands[action] = argv;
      }
    }
    if (manager === 'command') {
      const missing = REQUIRED_PULSE_ACTIONS.filter((a) => !map.has(a));
      if (missing.length) this.report('error', 'sidecar-missing-key', `with manager: command, pulse needs ${missing.map((a) => `${a}:`).join(', ')} (argument arrays, e.g. status: [/usr/local/bin/pulse-ctl, status])`, managerNode);
    } else {
      for (const [action, pair] of actionNodes) this.report('warning', 'sidecar-unused', `pulse.${action} is used only with manager: command (the manager is ${manager})`, (pair as Pair).key as Node);
    }
    return { manager, service, commands };
  }

  private command(v: Node | null, what: string): string[] | null {
    if (!isSeq(v) || v.items.length === 0) {
      this.report('error', 'sidecar-type', `${what} must be a non-empty argument array such as [/usr/local/bin/pulse-ctl, reload] (it is run without a shell), not ${kindOf(v)}`, v);
      return null;
    }
    const argv: string[] = [];
    for (const item of (v as YAMLSeq<Node | null>).items) {
      if (isScalar(item) && (typeof item.value === 'string' || typeof item.value === 'number')) {
        const s = String(item.value);
        if (/[\0\n\r]/.test(s)) this.report('error', 'sidecar-value', `${what}: an argument contains a control character`, item);
        argv.push(s);
      } else this.report('error', 'sidecar-type', `${what}: each argument must be a string, not ${kindOf(item)}`, item);
    }
    const problem = argv.length ? programProblem(argv[0]) : null;
    if (problem) this.report('error', 'sidecar-program', `${what}: the program "${argv[0]}" ${problem}`, (v as YAMLSeq<Node>).items[0]);
    return argv.length === v.items.length && !problem ? argv : null;
  }

  private routers(node: Node | null): RoutersSettings {
    const map = this.mapping(node, 'routers');
    if (!map) return NO_ROUTERS;
    const out: { -readonly [K in RouterName]: RouterAccess | null } = { primary: null, backup: null };
    for (const { key, pair } of this.pairs(map, ROUTER_NAMES, 'routers')) {
      this.note(['routers', key], pair);
      const entry = this.mapping(pair.value, `routers.${key}`);
      if (!entry) continue;
      let access: { -readonly [K in keyof RouterAccess]: RouterAccess[K] } = { ssh: null, identityFile: null, knownHosts: null, remoteRoot: '/' };
      for (const { key: k, pair: p } of this.pairs(entry, ROUTER_KEYS, `routers.${key}`)) {
        this.note(['routers', key, k], p);
        const what = `routers.${key}.${k}`;
        const s = this.string(p.value, what);
        if (s === null) continue;
        if (k === 'ssh') {
          const a = parseSshAddress(s);
          if (typeof a === 'string') this.report('error', 'sidecar-ssh', `${what}: ${a}`, p.value);
          else access = { ...access, ssh: a };
          continue;
        }
        if (!s.startsWith('/') || /[\0\n\r]/.test(s)) {
          this.report('error', 'sidecar-path', `${what} must be an absolute path, not "${s}"`, p.value);
          continue;
        }
        if (k === 'identity_file') access = { ...access, identityFile: s };
        else if (k === 'known_hosts') access = { ...access, knownHosts: s };
        else access = { ...access, remoteRoot: s };
      }
      out[key as RouterName] = access;
    }
    return out;
  }

  private programs(node: Node | null): ProgramPaths {
    const map = this.mapping(node, 'programs');
    if (!map) return DEFAULT_PROGRAMS;
    const out: { -readonly [K in keyof ProgramPaths]: string } = { ...DEFAULT_PROGRAMS };
    for (const { key, pair } of this.pairs(map, Object.keys(PROGRAM_KEYS), 'programs')) {
      this.note(['programs', key], pair);
      const s = this.string(pair.value, `programs.${key}`);
      if (s === null) continue;
      const problem = programProblem(s);
      if (problem) this.report('error', 'sidecar-program', `programs.${key}: "${s}" ${problem}`, pair.value);
      else out[PROGRAM_KEYS[key as keyof typeof PROGRAM_KEYS]] = s;
    }
    return out;
  }
}

export function rangeText(r: PortRange): string {
  return r.from === r.to ? `port ${r.from}` : `range ${r.from}:${r.to}`;
}

export function ipText(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}
