// use_regex as nanny runs it: regcomp(REG_EXTENDED) + regexec from glibc, compiled here with gcc,
// against lvs-tui's translation to a JavaScript RegExp, on patterns admins write and on the corners
// where the two syntaxes differ. Same compile error or not, same match or not.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { needProgram } from '../helpers/require-tool';
import { compilePosixExtended } from '../../src/config/posix-regex';

const C = `#include <regex.h>
#include <stdio.h>
int main(int argc, char **argv) {
  regex_t re;
  if (regcomp(&re, argv[1], REG_EXTENDED)) { puts("error"); return 0; }
  puts(regexec(&re, argv[2], 0, NULL, 0) ? "no" : "yes");
  return 0;
}
`;

const CASES: [string, string][] = [
  ['HTTP/1\\.[01] 200', 'HTTP/1.1 200 OK'],
  ['HTTP/1\\.[01] 200', 'HTTP/1x1 200 OK'],
  ['2[0-9]{2}', 'HTTP/1.0 204'],
  ['2[0-9]{2}', 'HTTP/1.0 404'],
  ['^OK$', 'OK'],
  ['^OK$', 'OK\n'],
  ['OK.', 'OK\n'],
  ['[[:digit:]]+ OK', 'HTTP 200 OK'],
  ['[[:upper:]][[:lower:]]+', 'hello World'],
  ['[]a]', ']'],
  ['[^]a]', 'a'],
  ['[a\\]x', '\\'],
  ['a|b', 'xbx'],
  ['(ab)+c', 'ababc'],
  ['(a)\\1', 'aa'],
  ['\\w+@\\w+', 'x user@host'],
  ['\\s', 'a b'],
  ['a{2,3}', 'aa'],
  ['a{2,}', 'a'],
  ['*a', 'a'],
  ['a**', 'a'],
  ['(', '('],
  ['a)', 'a)'],
  ['()', ''],
  ['[a', 'a'],
  ['[[:nope:]]', 'a'],
  ['a{x', 'a{x'],
  ['\\.', 'a'],
  ['+', '+'],
  ['a|*b', 'b'],
  ['x$', 'abx'],
  ['^$', ''],
  ['[.-.]', '-'],
  ['220 .* ESMTP', '220 mx.example.com ESMTP Postfix'],
  ['[0-9]+\\.[0-9]+', 'v 1.25'],
  ['\\$', '$'],
];

test('POSIX extended regex: the translation agrees with glibc regcomp/regexec', { skip: needProgram('gcc') }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'lvs-tui-regex-'));
  writeFileSync(join(dir, 're.c'), C);
  const bin = join(dir, 're');
  execFileSync('gcc', ['-o', bin, join(dir, 're.c')]);
  const mismatches: string[] = [];
  for (const [pattern, subject] of CASES) {
    const glibc = spawnSync(bin, [pattern, subject], { encoding: 'utf8', env: { LC_ALL: 'C' } }).stdout.trim();
    const r = compilePosixExtended(pattern);
    const ours = !r.ok ? 'error' : r.regexp.test(subject) ? 'yes' : 'no';
    if (glibc !== ours) mismatches.push(`/${pattern}/ on ${JSON.stringify(subject)}: glibc ${glibc}, lvs-tui ${ours}${r.ok ? '' : ` (${r.error})`}`);
  }
  assert.deepEqual(mismatches, []);
});
