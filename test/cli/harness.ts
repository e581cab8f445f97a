// Shared by the CLI tests: run the real bin/lvs-tui as a child process on a temporary root.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, SAMPLES } from '../helpers/paths';

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function lvsTui(args: readonly string[], env: NodeJS.ProcessEnv = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 30_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export interface TempRoot {
  /** the --root directory */
  readonly root: string;
  /** ROOT/etc/sysconfig/ha/lvs.cf */
  readonly cfg: string;
  /** runs lvs-tui with --root ROOT prepended */
  run(...args: string[]): CliResult;
  read(): string;
  readBytes(): Buffer;
  /** files in the config's directory other than lvs.cf (temp files left behind) */
  strays(): string[];
}

export function sample(name: string): string {
  return readFileSync(join(SAMPLES, name), 'utf8');
}

/** The roots tempRoot made in this test file's process, removed when it ends. */
const madeRoots: string[] = [];
process.on('exit', () => {
  for (const root of madeRoots) rmSync(root, { recursive: true, force: true });
});

/** A fresh root holding lvs.cf with `content` (a sample's text by default), removed when the test file's process ends. */
export function tempRoot(content: string | Buffer = sample('nat-http-ftp.cf')): TempRoot {
  const root = mkdtempSync(join(tmpdir(), 'lvs-tui-cli-'));
  madeRoots.push(root);
  const dir = join(root, 'etc', 'sysconfig', 'ha');
  mkdirSync(dir, { recursive: true });
  const cfg = join(dir, 'lvs.cf');
  writeFileSync(cfg, content);
  return {
    root,
    cfg,
    run: (...args) => lvsTui(['--root', root, ...args]),
    read: () => readFileSync(cfg, 'utf8'),
    readBytes: () => readFileSync(cfg),
    strays: () => readdirSync(dir).filter((n) => n !== 'lvs.cf'),
  };
}

/** The lines of `after` that differ from `before`, as "-old" / "+new" (both files same length). */
export function changedLines(before: string, after: string): string[] {
  const a = before.split('\n');
  const b = after.split('\n');
  const out: string[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) {
      if (a[i] !== undefined) out.push(`-${a[i]}`);
      if (b[i] !== undefined) out.push(`+${b[i]}`);
    }
  }
  return out;
}
