#!/usr/bin/env node
// Runs every compiled test file (dist/test/**/*.test.js) with node's test runner. Node 20's
// `node --test` takes no globs, so the files are listed here.
'use strict';
const { readdirSync, statSync, mkdtempSync, rmSync } = require('node:fs');
const { join } = require('node:path');
const { tmpdir } = require('node:os');
const { spawnSync } = require('node:child_process');

const root = join(__dirname, '..', 'dist', 'test');
const files = [];
(function walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith('.test.js')) files.push(p);
  }
})(root);
const filter = process.argv.slice(2);
const chosen = filter.length ? files.filter((f) => filter.some((x) => f.includes(x))) : files;
if (chosen.length === 0) {
  console.error('no test files found under dist/test (run `npm run build` first)');
  process.exit(1);
}
// Every test's temp dirs (and those of the programs it starts) go under one dir of this run, removed
// at the end: a test that forgets its own clean-up no longer leaves dirs in /tmp run after run.
// LVS_TUI_KEEP_TMP=1 keeps it for a look after a failure.
const runTmp = mkdtempSync(join(tmpdir(), 'lt-'));
const r = spawnSync(process.execPath, ['--test', '--test-concurrency=2', ...chosen], {
  stdio: 'inherit',
  env: { ...process.env, TMPDIR: runTmp },
});
if (process.env.LVS_TUI_KEEP_TMP) console.error(`temp dirs kept in ${runTmp}`);
else rmSync(runTmp, { recursive: true, force: true });
process.exit(r.status === null ? 1 : r.status);
