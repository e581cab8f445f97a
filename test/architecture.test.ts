// The import rule of design.md: the functional core does no I/O, and the CLI starts without blessed.
//   - only src/system/ imports node:fs, node:child_process, node:dns, node:net or ssh2;
//   - nothing under src/ statically imports blessed, blessed-contrib or screens/ (the CLI loads
//     the TUI lazily, so non-interactive commands start fast);
//   - src/config/ imports nothing outside src/config/ but the standard library's pure modules.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REPO } from './helpers/paths';

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (name.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** Module specifiers of static imports and re-exports (not dynamic import()/require()). */
function staticImports(text: string): string[] {
  const re = /^\s*(?:import|export)\s[^;]*?\sfrom\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]/gm;
  const out: string[] = [];
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(m[1] ?? m[2]);
  return out;
}

const IO_MODULES = /^(node:)?(fs|fs\/promises|child_process|dns|dns\/promises|net|tls|http|https)$|^ssh2$/;
const TUI_MODULES = /^(blessed|blessed-contrib)$|screens\//;

const files = sourceFiles(join(REPO, 'src'));

test('architecture: the scan sees the source tree', () => {
  assert.ok(files.length >= 10, `only ${files.length} files under src/`);
  assert.ok(files.some((f) => f.endsWith(join('src', 'config', 'parse.ts'))));
});

test('architecture: only src/system/ does I/O', () => {
  const offenders: string[] = [];
  for (const f of files) {
    const rel = relative(REPO, f);
    if (rel.startsWith(join('src', 'system'))) continue;
    for (const spec of staticImports(readFileSync(f, 'utf8'))) if (IO_MODULES.test(spec)) offenders.push(`${rel} imports ${spec}`);
  }
  assert.deepEqual(offenders, []);
});

test('architecture: nothing under src/ statically imports blessed or screens/', () => {
  const offenders: string[] = [];
  for (const f of files) {
    for (const spec of staticImports(readFileSync(f, 'utf8'))) if (TUI_MODULES.test(spec)) offenders.push(`${relative(REPO, f)} imports ${spec}`);
  }
  assert.deepEqual(offenders, []);
});

test('architecture: src/config/ stays inside the functional core', () => {
  const offenders: string[] = [];
  for (const f of files) {
    const rel = relative(REPO, f);
    if (!rel.startsWith(join('src', 'config'))) continue;
    for (const spec of staticImports(readFileSync(f, 'utf8'))) {
      if (spec.startsWith('.') && /\.\.\/\.\.\/|\/(system|cli|app|present|monitor|apply|sync)\//.test(spec)) offenders.push(`${rel} imports ${spec}`);
    }
  }
  assert.deepEqual(offenders, []);
});
