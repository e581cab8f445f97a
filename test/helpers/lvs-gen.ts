// Generators for lvs.cf property tests: raw bytes, text over the lvs.cf alphabet, mutations of real
// files, and plausible values for each key type of the schema.

import { KeySpec } from '../../src/config/schema';
import { Rng } from './prng';

export function randomBytes(r: Rng, maxLen: number): Buffer {
  const b = Buffer.alloc(r.int(0, maxLen));
  for (let i = 0; i < b.length; i++) b[i] = r.int(0, 255);
  return b;
}

const WORDS = [
  'virtual', 'server', 'failover', 'active', 'address', 'port', 'primary', 'serial_no', 'send', 'expect', 'weight',
  'network', 'nat', 'direct', 'eth0:1', '10.0.0.1', '192.0.2.80', 'web', 's1', 'x', 'dirs', '[', ']', '%h', '\\r\\n',
  'caf\u00e9', '\u00ff', '\u0000',
];
const NUMBERS = ['0', '1', '80', '539', '0x1F', '010', '08', '-5', '4294967296', '99999999999999999999'];
/** Pieces the lexer treats specially, weighted up so the odd combinations come often. */
const PUNCT = ['{', '}', '=', '"', "'", '#', ' ', '  ', '\t', '\r', '\n', '\n', '\n', '\r\n', ' = ', ' {\n', '}\n'];

export function randomLvsText(r: Rng, maxPieces: number): Buffer {
  const parts: string[] = [];
  const n = r.int(0, maxPieces);
  for (let i = 0; i < n; i++) {
    const k = r.next();
    parts.push(k < 0.45 ? r.pick(PUNCT) : k < 0.85 ? r.pick(WORDS) : r.pick(NUMBERS));
  }
  return Buffer.from(parts.join(''), 'utf8');
}

/** Splits into lines that keep their "\n" (the last one may lack it). */
export function splitLines(b: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let s = 0;
  for (let i = 0; i < b.length; i++) {
    if (b[i] === 0x0a) {
      out.push(b.subarray(s, i + 1));
      s = i + 1;
    }
  }
  if (s < b.length) out.push(b.subarray(s));
  return out;
}

/** 1 to `max` random byte or line edits: insert, delete, duplicate, swap. */
export function mutate(r: Rng, src: Buffer, max: number): Buffer {
  let b = src;
  const n = r.int(1, max);
  for (let i = 0; i < n; i++) b = r.chance(0.5) ? mutateBytes(r, b) : mutateLines(r, b);
  return b;
}

function mutateBytes(r: Rng, b: Buffer): Buffer {
  const at = r.int(0, b.length);
  const len = r.int(1, 8);
  switch (r.int(0, 3)) {
    case 0: // insert random or special bytes
      return Buffer.concat([b.subarray(0, at), r.chance(0.5) ? randomBytes(r, len) : Buffer.from(r.pick(PUNCT)), b.subarray(at)]);
    case 1: // delete
      return Buffer.concat([b.subarray(0, at), b.subarray(Math.min(b.length, at + len))]);
    case 2: // duplicate
      return Buffer.concat([b.subarray(0, at + len > b.length ? b.length : at + len), b.subarray(at)]);
    default: {
      // swap two bytes
      const c = Buffer.from(b);
      if (c.length < 2) return c;
      const i = r.int(0, c.length - 1);
      const j = r.int(0, c.length - 1);
      [c[i], c[j]] = [c[j], c[i]];
      return c;
    }
  }
}

function mutateLines(r: Rng, b: Buffer): Buffer {
  const lines = splitLines(b);
  if (lines.length === 0) return b;
  const i = r.int(0, lines.length - 1);
  const j = r.int(0, lines.length - 1);
  switch (r.int(0, 3)) {
    case 0:
      lines.splice(i, 1);
      break;
    case 1:
      lines.splice(i, 0, lines[j]);
      break;
    case 2:
      [lines[i], lines[j]] = [lines[j], lines[i]];
      break;
    default:
      lines.splice(i, 0, Buffer.from(r.pick(['}\n', '{\n', '# x\n', '\n', 'virtual z {\n', '     server q {\n'])));
  }
  return Buffer.concat(lines);
}

const ip = (r: Rng) => `${r.int(1, 223)}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`;
const word = (r: Rng) => Array.from({ length: r.int(1, 10) }, () => r.pick([...'abcdefghijklmnopqrstuvwxyz0123456789_./-'])).join('');
/** Quoted-string content: no quote and no newline, but blanks, braces and "#" on purpose. */
const text = (r: Rng) => Array.from({ length: r.int(0, 20) }, () => r.pick([...'abcXYZ 019{}#=%\\\t'])).join('');

/** A plausible unformatted value for a key (what a form field would hand to formatValue). */
export function randomValue(r: Rng, spec: KeySpec): string {
  switch (spec.type) {
    case 'int':
    case 'rport':
      return String(r.int(0, 65535));
    case 'bool':
      return r.pick(['0', '1']);
    case 'ip':
    case 'host':
      return ip(r);
    case 'mask':
      return r.pick(['255.255.255.0', '255.255.255.255', '255.255.0.0']);
    case 'addr-dev':
      return `${ip(r)} eth${r.int(0, 3)}:${r.int(0, 9)}`;
    case 'port':
      return r.chance(0.8) ? String(r.int(1, 65535)) : r.pick(['http', 'https', 'domain']);
    case 'enum':
      return r.pick(spec.values ?? ['x']);
    case 'qstring':
      return text(r);
    case 'word':
      return word(r);
    case 'list':
      return `[ ${word(r)} ${word(r)} ]`;
  }
}
