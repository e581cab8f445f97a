// A quick read of lvs.cf for `status` and the dashboard: one pass over the bytes straight to the
// values the monitor reads (ConfigFacts), without the lossless tree, the line table or a settings
// view per block. On a 10,000-virtual file that is most of `status`'s time and garbage.
//
// It reads only the plain shape Piranha and lvs-tui write: `key = value` lines, `virtual NAME {`
// holding `server NAME {`, `}` alone on its line, blank and comment lines. On anything else (a CR,
// a non-ASCII byte, a quoted or odd block header, a failover or unknown block, text after `{` or
// `}`, a line the parser would keep as opaque, an unclosed block) it returns null and the caller
// parses the file fully. The values are derived by the model's own functions; quick-facts.test.ts
// checks the result against buildModel(parse()) on samples and random files.

import { ConfigFacts, ServerFacts, Setting, ValueOf, VirtualFacts, buildModel, effective, globalValues, serverActive, serverAddress, serverPort, serverWeight, storedValue, virtualValues } from './model';
import { parse } from './parse';
import { KEYS, Scope, keySpec } from './schema';

const SP = 0x20, TAB = 0x09, LF = 0x0a, CR = 0x0d, HASH = 0x23, EQ = 0x3d, LB = 0x7b, RB = 0x7d, DQ = 0x22, SQ = 0x27;

/** Not a blank, newline, "=", "{" or "}": the lexer's word bytes. */
function isWordByte(b: number): boolean {
  return b !== SP && b !== TAB && b !== LF && b !== CR && b !== EQ && b !== LB && b !== RB;
}

/** Thrown inside the scan when the file leaves the plain shape; readConfigFacts returns null. */
class NotPlain {}
const NOT_PLAIN = new NotPlain();

/**
 * The known keys and block keywords by length and first letter: a key read from the file is matched
 * against these in place, so the common keys are neither copied out of the text nor hashed again
 * by each lookup (most of the lines of a big file are `key = value` lines of a few keys).
 */
const KNOWN_WORDS = new Map<number, string[]>();
for (const word of [...KEYS.map((k) => k.key), 'virtual', 'server']) {
  const slot = (word.length << 8) | word.charCodeAt(0);
  KNOWN_WORDS.set(slot, [...(KNOWN_WORDS.get(slot) ?? []), word]);
}

/** The word at [s, e): a known key's own string when it is one, else a copy. */
function wordAt(text: string, src: Uint8Array, s: number, e: number): string {
  const known = KNOWN_WORDS.get(((e - s) << 8) | src[s]);
  if (known) for (const w of known) if (text.startsWith(w, s)) return w;
  return text.slice(s, e);
}

/** Files bigger than this (256 MiB, 20 times a 10,000-virtual file) go to the parser. */
const MAX_BYTES = 256 * 1024 * 1024;

const DEFAULT_PORT = keySpec('virtual', 'port')!.daemonDefault;

interface OpenServer {
  name: string;
  line: number;
  /** the virtual's port line as parsed so far (the server's default port), else undefined */
  inherited: Setting | undefined;
  active: string | undefined;
  address: string | undefined;
  port: string | undefined;
  weight: string | undefined;
}

interface OpenVirtual {
  name: string;
  line: number;
  settings: Map<string, Setting>;
  port: Setting | undefined;
  servers: ServerFacts[];
}

function setting(scope: Scope, key: string, raw: string, line: number): Setting {
  return { key, value: storedValue(scope, key, raw), from: 'file', line, node: null };
}

/** The server being finished, read by serverValue (one function, not a closure per server). */
let current: OpenServer | null = null;
const serverValue: ValueOf = (k) => {
  const s = current!;
  const v = k === 'active' ? s.active : k === 'address' ? s.address : k === 'port' ? s.port : k === 'weight' ? s.weight : undefined;
  if (v !== undefined) return v;
  if (k === 'port') return s.inherited ? s.inherited.value : DEFAULT_PORT;
  return keySpec('server', k)?.daemonDefault ?? null;
};

function serverFacts(s: OpenServer): ServerFacts {
  current = s;
  const facts = { name: s.name, line: s.line, active: serverActive(serverValue), address: serverAddress(serverValue), port: serverPort(serverValue), weight: serverWeight(serverValue) };
  current = null;
  return facts;
}

function virtualFacts(v: OpenVirtual): VirtualFacts {
  const { settings } = v;
  return { name: v.name, line: v.line, kind: 'virtual', ...virtualValues((k) => effective('virtual', settings, k).value), settings, servers: v.servers };
}

/**
 * lvs.cf's facts read straight from the bytes, or null when the file is not of the plain shape
 * (then buildModel(parse(bytes)) gives them). Never throws on any input.
 */
export function readConfigFacts(src: Buffer): ConfigFacts | null {
  // past this size one string of the file could exceed V8's string limit: the parser reads bytes
  if (src.length > MAX_BYTES || src.indexOf(CR) >= 0) return null;
  // One string for the whole file: each value is then a cheap slice of it. Latin-1 is the bytes
  // as they are; non-ASCII text (which the parser decodes as UTF-8) is left to the parser.
  const text = src.toString('latin1');
  if (/[^\x00-\x7f]/.test(text)) return null;
  try {
    return scan(src, text);
  } catch (err) {
    if (err === NOT_PLAIN) return null;
    throw err;
  }
}

/** lvs.cf's facts for a reader that needs no tree: quickly when the file is plain, else parsed. */
export function configFacts(src: Buffer): ConfigFacts {
  return readConfigFacts(src) ?? buildModel(parse(src));
}

function scan(src: Uint8Array, text: string): ConfigFacts {
  const n = src.length;
  const global = new Map<string, Setting>();
  const virtuals: VirtualFacts[] = [];
  let virtual: OpenVirtual | null = null;
  // one server is open at a time: its record is reused (100,000 servers, no garbage for them)
  const open: OpenServer = { name: '', line: 0, inherited: undefined, active: undefined, address: undefined, port: undefined, weight: undefined };
  let server: OpenServer | null = null;
  let lineNo = 0;
  let ls = 0;
  while (ls < n) {
    lineNo++;
    let le = text.indexOf('\n', ls);
    if (le < 0) le = n;
    let i = ls;
    ls = le + 1;
    while (i < le && isBlank(src[i])) i++;
    if (i === le) continue; // blank
    const first = src[i];
    if (first === HASH) continue; // comment
    if (first === RB) {
      i++;
      while (i < le && isBlank(src[i])) i++;
      if (i !== le) throw NOT_PLAIN;
      if (server) {
        virtual!.servers.push(serverFacts(server));
        server = null;
      } else if (virtual) {
        virtuals.push(virtualFacts(virtual));
        virtual = null;
      } else throw NOT_PLAIN; // a `}` with no open block
      continue;
    }
    if (first === EQ || first === LB || first === DQ || first === SQ) throw NOT_PLAIN;
    const ws = i;
    while (i < le && isWordByte(src[i])) i++;
    const word = wordAt(text, src, ws, i);
    while (i < le && isBlank(src[i])) i++;
    if (i < le && src[i] === EQ) {
      const raw = valueAfter(src, text, i + 1, le);
      if (server) {
        if (word === 'active') server.active = storedValue('server', word, raw);
        else if (word === 'address') server.address = storedValue('server', word, raw);
        else if (word === 'port') server.port = storedValue('server', word, raw);
        else if (word === 'weight') server.weight = storedValue('server', word, raw);
      } else if (virtual) {
        const s = setting('virtual', word, raw, lineNo);
        virtual.settings.set(word, s);
        if (word === 'port') virtual.port = s;
      } else global.set(word, setting('global', word, raw, lineNo));
      continue;
    }
    const name = blockName(src, text, i, le);
    if (word === 'virtual' && !virtual) virtual = { name, line: lineNo, settings: new Map(), port: undefined, servers: [] };
    else if (word === 'server' && virtual && !server) {
      server = open;
      server.name = name;
      server.line = lineNo;
      server.inherited = virtual.port;
      server.active = server.address = server.port = server.weight = undefined;
    }
    else throw NOT_PLAIN;
  }
  if (virtual || server) throw NOT_PLAIN; // unclosed
  return { ...globalValues(global), virtuals };
}

function isBlank(c: number): boolean {
  return c === SP || c === TAB;
}

/** The value of an attr line as the parser joins it: its tokens after the "=", one space apart. */
function valueAfter(src: Uint8Array, text: string, i: number, le: number): string {
  let value: string | null = null;
  for (;;) {
    while (i < le && isBlank(src[i])) i++;
    if (i >= le) break;
    const s = i;
    const b = src[i];
    if (b === EQ || b === LB || b === RB) i++;
    else if (b === DQ || b === SQ) {
      i++;
      while (i < le && src[i] !== b) i++;
      if (i < le) i++;
    } else {
      while (i < le && isWordByte(src[i])) i++;
    }
    const word = text.slice(s, i);
    value = value === null ? word : `${value} ${word}`;
  }
  return value ?? '';
}

/** A block header's name: plain words up to a "{" that ends the line; anything else is not plain. */
function blockName(src: Uint8Array, text: string, i: number, le: number): string {
  let name: string | null = null;
  for (;;) {
    while (i < le && isBlank(src[i])) i++;
    if (i >= le) throw NOT_PLAIN; // no "{": an opaque line
    const b = src[i];
    if (b === LB) {
      i++;
      while (i < le && isBlank(src[i])) i++;
      if (i !== le) throw NOT_PLAIN;
      return name ?? '';
    }
    if (b === EQ || b === RB || b === DQ || b === SQ) throw NOT_PLAIN;
    const s = i;
    while (i < le && isWordByte(src[i])) i++;
    const word = text.slice(s, i);
    name = name === null ? word : `${name} ${word}`;
  }
}
