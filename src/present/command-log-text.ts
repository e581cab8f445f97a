// The command log as lines for the `:`/`@` overlay (pure): one line per command with time, who ran
// it, the command as it would be typed, and its status (DEMO: shown, not run); an expanded entry
// adds its output, stderr and note, indented.

import { CommandLogEntry, entrySummary } from '../app/command-log';

const OUTPUT_LINES = 40;

function indented(label: string, text: string): string[] {
  if (!text.trim()) return [];
  const lines = text.replace(/\n$/, '').split('\n');
  const shown = lines.slice(0, OUTPUT_LINES).map((l) => `      ${l}`);
  if (lines.length > OUTPUT_LINES) shown.push(`      … ${lines.length - OUTPUT_LINES} more lines`);
  return [`    ${label}:`, ...shown];
}

export function commandLogLines(list: readonly CommandLogEntry[], opts: { selected: number; expanded: ReadonlySet<number>; monitor: boolean; demo: boolean }): { lines: string[]; selectedLine: number } {
  const lines: string[] = [];
  if (opts.demo) lines.push('DEMO router: commands marked "DEMO, not run" were shown, not run.');
  if (list.length === 0) {
    lines.push(opts.monitor ? 'No command has run yet.' : "No command has run yet (m shows the monitor's reads).");
    return { lines, selectedLine: 0 };
  }
  let selectedLine = 0;
  list.forEach((e, i) => {
    if (i === opts.selected) selectedLine = lines.length;
    lines.push(`${i === opts.selected ? '>' : ' '} ${entrySummary(e)}`);
    if (opts.expanded.has(e.seq)) {
      const more = [...indented('output', e.stdout), ...indented('stderr', e.stderr), ...(e.note ? [`    note: ${e.note}`] : []), ...(e.stdinBytes !== null ? [`    (${e.stdinBytes} bytes on standard input)`] : [])];
      lines.push(...(more.length ? more : ['    (no output)']));
    }
  });
  return { lines, selectedLine };
}
