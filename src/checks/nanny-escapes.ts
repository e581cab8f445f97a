// nanny's convert_str(), applied to send and expect at start (not to send_program): \\ \r \n \t \'
// \" become the character; a string of one byte is left alone. Any other backslash (a regex's \d,
// a trailing \) makes its loop find the same backslash forever: nanny hangs and never checks.

export interface Converted {
  readonly bytes: Buffer;
  /** the escape nanny's loop would spin on ("\d", or "\" at the end), null when it converts */
  readonly hangsOn: string | null;
}

const ESCAPES: Record<number, number> = { 0x5c: 0x5c, 0x72: 0x0d, 0x6e: 0x0a, 0x74: 0x09, 0x27: 0x27, 0x22: 0x22 };

export function convertNannyEscapes(input: Buffer): Converted {
  if (input.length <= 1) return { bytes: input, hangsOn: null };
  const out: number[] = [];
  for (let i = 0; i < input.length; i++) {
    const b = input[i];
    if (b !== 0x5c) {
      out.push(b);
      continue;
    }
    const next = input[i + 1];
    const mapped = next === undefined ? undefined : ESCAPES[next];
    if (mapped === undefined) return { bytes: input, hangsOn: next === undefined ? '\\' : `\\${String.fromCharCode(next)}` };
    out.push(mapped);
    i++;
  }
  return { bytes: Buffer.from(out), hangsOn: null };
}

/** Bytes for people: printable ASCII as is, \r \n \t \\ and \xNN for the rest, cut after `max` bytes. */
export function showBytes(bytes: Uint8Array, max = 64): string {
  let s = '';
  const n = Math.min(bytes.length, max);
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === 0x0d) s += '\\r';
    else if (b === 0x0a) s += '\\n';
    else if (b === 0x09) s += '\\t';
    else if (b === 0x5c) s += '\\\\';
    else if (b >= 0x20 && b < 0x7f) s += String.fromCharCode(b);
    else s += `\\x${b.toString(16).padStart(2, '0')}`;
  }
  return bytes.length > max ? `${s}…` : s;
}
