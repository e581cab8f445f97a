// Which files make up the configuration the two routers must share: lvs.cf, the sidecar
// lvs-tui.yaml, and every script lvs.cf's send_program lines run (nanny runs them on whichever
// router is active, so the backup needs the same ones). Pure: paths only; whether a file exists is
// for the shell to find out.

import { posix } from 'node:path';
import { ConfigFacts } from '../config/model';

export type SyncFileKind = 'lvs.cf' | 'sidecar' | 'script';

export interface SyncFile {
  readonly kind: SyncFileKind;
  /** the path as the routers know it (/etc/sysconfig/ha/lvs.cf), for messages */
  readonly path: string;
  /** where it is read here (under --root) */
  readonly local: string;
  /** where it is on the backup (under its remote root) */
  readonly remote: string;
  /** for scripts: the virtual servers whose send_program runs it */
  readonly usedBy: readonly string[];
}

export interface SyncFileList {
  readonly files: readonly SyncFile[];
  /** send_program lines whose program cannot be synced (not an absolute path): reported, not fatal */
  readonly problems: readonly string[];
}

/** A send_program line of lvs.cf: the virtual it belongs to and its value as pulse reads it. */
export interface SendProgram {
  readonly virtual: string;
  readonly value: string;
}

/** The send_program lines lvs.cf itself sets (not defaults), non-empty, in file order. */
export function sendProgramsOf(config: ConfigFacts): SendProgram[] {
  const out: SendProgram[] = [];
  for (const v of config.virtuals) {
    const s = v.settings.get('send_program');
    if (s && s.from === 'file' && s.value !== null && s.value.trim() !== '') out.push({ virtual: v.name, value: s.value });
  }
  return out;
}

export interface SyncFilesInput {
  /** sendProgramsOf(lvs.cf's model) */
  readonly programs: readonly SendProgram[];
  /** lvs.cf here (as given: under --root, or --config) */
  readonly configPath: string;
  readonly sidecarPath: string;
  /** --root here ("/" on a router) */
  readonly localRoot: string;
  /** the backup's remote root ("/" on a real router) */
  readonly remoteRoot: string;
}

/** The path as the router knows it: `path` without the local root when it lies under it. */
export function routerPath(localRoot: string, path: string): string {
  const root = posix.resolve(localRoot);
  const p = posix.resolve(path);
  if (root === '/') return p;
  if (p === root) return '/';
  return p.startsWith(`${root}/`) ? p.slice(root.length) : p;
}

/** `path` (as the routers know it) under a root. */
export function underRoot(root: string, path: string): string {
  return posix.join(root, path);
}

/**
 * The program a send_program line runs: nanny splits the value on single spaces and runs the first
 * word without a shell (lvsd strips the double quotes; a single-quoted value keeps its quotes).
 */
export function sendProgramPath(value: string): string {
  return value.replace(/^"|"$/g, '').split(' ')[0];
}

export function syncFiles(input: SyncFilesInput): SyncFileList {
  const { localRoot, remoteRoot } = input;
  const file = (kind: SyncFileKind, local: string, usedBy: readonly string[] = []): SyncFile => {
    const path = routerPath(localRoot, local);
    return { kind, path, local, remote: underRoot(remoteRoot, path), usedBy };
  };
  const files: SyncFile[] = [file('lvs.cf', input.configPath), file('sidecar', input.sidecarPath)];
  const problems: string[] = [];
  const scripts = new Map<string, string[]>();
  for (const { virtual, value } of input.programs) {
    const program = sendProgramPath(value);
    if (!program.startsWith('/')) {
      problems.push(`virtual ${virtual}: send_program runs "${program}", not an absolute path: it is not synced (write its absolute path)`);
      continue;
    }
    const normal = posix.normalize(program);
    const users = scripts.get(normal);
    if (users) users.push(virtual);
    else scripts.set(normal, [virtual]);
  }
  for (const [program, users] of scripts) files.push(file('script', underRoot(localRoot, program), users));
  return { files, problems };
}
