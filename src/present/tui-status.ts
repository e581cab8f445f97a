// The TUI's status bar and key hints as text (pure): what is true now, in words, so it reads the
// same without colour. The screen colours it; nothing here knows about blessed.

export interface StatusFacts {
  readonly file: string;
  readonly pending: number;
  readonly errors: number;
  readonly warnings: number;
  readonly readOnly: boolean;
  readonly readOnlyReason: string | null;
  readonly demo: boolean;
}

export interface HintSource {
  readonly keys: readonly string[];
  readonly hint?: string;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The parts of the status line, left to right; the screen joins and colours them. */
export function statusParts(f: StatusFacts): { demo: string; file: string; pending: string; problems: string; mode: string } {
  const problems = f.errors || f.warnings ? `${plural(f.errors, 'error')}, ${plural(f.warnings, 'warning')}` : 'no problems';
  const mode = f.readOnly ? `READ-ONLY: ${f.readOnlyReason ?? 'read-only session'}` : '';
  return {
    demo: f.demo ? 'DEMO' : '',
    file: f.file,
    pending: f.pending ? `${plural(f.pending, 'change')} pending (A review)` : 'no pending changes',
    problems,
    mode,
  };
}

/**
 * The status bar's read-only part in `room` columns: the whole reason when it fits, else a short
 * label that still says which kind (the `?` help shows the reason whole).
 */
export function readOnlyLabel(reason: string | null, room: number): string {
  const full = `READ-ONLY: ${reason ?? 'read-only session'}`;
  if (full.length <= room) return full;
  const shorts: string[] = [];
  // a broken file: where (FILE:LINE:COL) and what, the message itself in `?`
  const at = reason === null ? null : /^(\S+?:\d+:\d+): .*?(?:\[([a-z-]+)\])?/.exec(reason);
  if (at) {
    const where = at[1].replace(/^.*\//, '');
    if (at[2]) shorts.push(`READ-ONLY: ${where} [${at[2]}], ? why`);
    shorts.push(`READ-ONLY: ${where}, ? why`, `READ-ONLY: ${where}`);
  }
  const kind = reason === null ? '' : /--read-only/.test(reason) ? ' (--read-only)' : /writ/i.test(reason) ? ' (not writable)' : '';
  if (kind) shorts.push(`READ-ONLY${kind}, ? why`, `READ-ONLY${kind}`);
  shorts.push('READ-ONLY, ? why');
  for (const short of shorts) if (short.length <= room) return short;
  return 'READ-ONLY';
}

export function statusLine(f: StatusFacts): string {
  const p = statusParts(f);
  return [[p.demo, p.file].filter(Boolean).join(' '), p.pending, p.problems, p.mode].filter(Boolean).join(' | ');
}

/** How a key name is shown: 'enter' as Enter, 'C-u' as ^U, arrows as arrows. */
export function keyLabel(key: string, unicode = true): string {
  const named: Record<string, string> = {
    enter: 'Enter', escape: 'Esc', space: 'Space', tab: 'Tab', 'S-tab': 'S-Tab', backspace: 'Bksp',
    up: unicode ? '↑' : 'Up', down: unicode ? '↓' : 'Down', left: unicode ? '←' : 'Left', right: unicode ? '→' : 'Right',
  };
  if (named[key]) return named[key];
  const ctrl = /^C-(.)$/.exec(key);
  if (ctrl) return `^${ctrl[1].toUpperCase()}`;
  return key;
}

/** "Enter open  a add  ..." cut to the width at a whole hint. */
export function hintsLine(bindings: readonly HintSource[], width: number, unicode = true): string {
  let out = '';
  for (const b of bindings) {
    if (!b.hint) continue;
    const piece = `${keyLabel(b.keys[0], unicode)} ${b.hint}`;
    const next = out ? `${out}  ${piece}` : piece;
    if (next.length > width) break;
    out = next;
  }
  return out;
}
