// Network namespaces for tests that run real iptables/sysctl without touching the machine's own
// rules: `createNetns()` adds a uniquely named namespace, `exec` runs a program inside it (an
// argument array, never a shell), `delete` removes it. Use `withNetns` so it is deleted even when
// the test fails. Needs root: guard tests with needRootNamespaces() and needProgram('ip', ['-V']).

import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

export interface ExecResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface Netns {
  readonly name: string;
  /** Runs `file args` inside the namespace; `input` goes to its stdin. Never throws on a non-zero exit. */
  exec(file: string, args: readonly string[], input?: string): ExecResult;
  /** Like exec, but throws with the program's stderr unless it exits 0; returns stdout. */
  run(file: string, args: readonly string[], input?: string): string;
  /** Removes the namespace (idempotent). */
  delete(): void;
}

let counter = 0;

function ip(args: readonly string[], input?: string): ExecResult {
  const r = spawnSync('ip', [...args], { input, encoding: 'utf8' });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A new namespace named `<prefix>-<pid>-<n>-<random>` (unique across parallel test processes). */
export function createNetns(prefix = 'lvstui-test'): Netns {
  const name = `${prefix}-${process.pid}-${++counter}-${randomBytes(3).toString('hex')}`;
  const added = ip(['netns', 'add', name]);
  if (added.status !== 0) throw new Error(`ip netns add ${name} failed: ${added.stderr.trim()}`);
  let deleted = false;
  const exec = (file: string, args: readonly string[], input?: string) => ip(['netns', 'exec', name, file, ...args], input);
  return {
    name,
    exec,
    run(file, args, input) {
      const r = exec(file, args, input);
      if (r.status !== 0) throw new Error(`${file} ${args.join(' ')} exited ${r.status} in netns ${name}: ${r.stderr.trim()}`);
      return r.stdout;
    },
    delete() {
      if (deleted) return;
      const r = ip(['netns', 'del', name]);
      if (r.status !== 0) throw new Error(`ip netns del ${name} failed: ${r.stderr.trim()}`);
      deleted = true;
    },
  };
}

/** Runs `fn` with a fresh namespace and deletes it afterwards, whatever happens. */
export async function withNetns<T>(fn: (ns: Netns) => T | Promise<T>, prefix?: string): Promise<T> {
  const ns = createNetns(prefix);
  try {
    return await fn(ns);
  } finally {
    ns.delete();
  }
}
