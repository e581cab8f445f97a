// Shared by the rule tests: a small valid lvs.cf as numbered lines, ways to change one line, and
// the diagnostics of one code as [line, column, severity] triples.

import { parse } from '../../../src/config/parse';
import { validate, ValidateContext } from '../../../src/config/validate';
import { Diagnostic } from '../../../src/config/diagnostic';

/** A valid configuration; the comments give the line numbers tests refer to. */
export const VALID: readonly string[] = [
  'serial_no = 1', // 1
  'primary = 10.0.0.1', // 2
  'service = lvs', // 3
  'network = direct', // 4
  'virtual web {', // 5
  '     active = 1', // 6
  '     address = 10.0.0.100 eth0:1', // 7
  '     port = 80', // 8
  '     send = "GET / HTTP/1.0\\r\\n\\r\\n"', // 9
  '     expect = "HTTP"', // 10
  '     scheduler = wlc', // 11
  '     server web1 {', // 12
  '         address = 10.0.0.11', // 13 (values of server lines start at column 20 or 19)
  '         active = 1', // 14
  '         weight = 1', // 15
  '     }', // 16
  '}', // 17
];

/** VALID with line n (1-based) replaced by `text` (several lines when given several). */
export function replace(n: number, ...text: string[]): string[] {
  const out = VALID.slice();
  out.splice(n - 1, 1, ...text);
  return out;
}

/** VALID with `text` inserted before line n. */
export function insert(n: number, ...text: string[]): string[] {
  const out = VALID.slice();
  out.splice(n - 1, 0, ...text);
  return out;
}

export function validateText(text: string | Buffer, ctx: ValidateContext = {}): Diagnostic[] {
  const src = typeof text === 'string' ? Buffer.from(text) : text;
  return validate(parse(src), { ...ctx, src });
}

/** The diagnostics of `code` for the lines (joined with LF) as [line, column, severity]. */
export function at(lines: readonly string[] | string, code: string, ctx: ValidateContext = {}): Array<[number, number, string]> {
  const text = typeof lines === 'string' ? lines : lines.join('\n') + '\n';
  return validateText(text, ctx)
    .filter((d) => d.code === code)
    .map((d) => [d.span.line, d.span.column, d.severity]);
}

/** The first diagnostic of `code`, for message and length checks. */
export function first(lines: readonly string[] | string, code: string, ctx: ValidateContext = {}): Diagnostic {
  const text = typeof lines === 'string' ? lines : lines.join('\n') + '\n';
  const d = validateText(text, ctx).find((x) => x.code === code);
  if (!d) throw new Error(`no ${code} diagnostic`);
  return d;
}
