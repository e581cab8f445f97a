// What a parser could not read. Parsers never throw on input: a line they do not understand becomes
// an issue and the rest of the text is still read, so one odd line (a patched kernel, a truncated
// read) costs that line, not the whole table.

export interface ParseIssue {
  /** 1-based line number in the text given to the parser */
  readonly line: number;
  readonly message: string;
}

/** Issues as one-line notes for an IpvsSample, capped so a garbage file cannot flood the screen. */
export function issueNotes(source: string, issues: readonly ParseIssue[], max = 3): string[] {
  const out = issues.slice(0, max).map((i) => `${source} line ${i.line}: ${i.message}`);
  if (issues.length > max) out.push(`${source}: ${issues.length - max} more unreadable lines`);
  return out;
}

/** Shortens a line quoted in a message (a binary file must not end up as 10 kB of noise). */
export function quote(line: string): string {
  const s = line.replace(/[\x00-\x1f\x7f]/g, '?');
  return s.length > 60 ? `"${s.slice(0, 57)}..."` : `"${s}"`;
}
