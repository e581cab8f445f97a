// The other router of the pair, for `lvs-tui sync` and `status --peer`: how to reach it (the
// sidecar's routers: settings, --to, lvs.cf's backup address), the connection (host key checked;
// trust on first use only when someone is there to ask), the SHA-256 of the files a sync covers
// on both sides, its addresses (its role) and the snapshot the apply planner needs of it.

import { join } from 'node:path';
import { createHash } from 'node:crypto';
import type { RouterSnapshot } from '../apply/plan';
import { IPTABLES_TABLES, sysctlKeysToRead } from '../apply/router-reads';
import { ResolvedAccess, Sidecar, parseSshAddress, routerAccess, sshAddressText } from '../apply/sidecar';
import { ConfigFacts } from '../config/model';
import { SyncFile } from '../sync/sync-files';
import { PeerSession, failFastOnDrop } from '../sync/peer-session';
import { AddressReading, parseFibTrie, parseIfInet6, parseIpAddrShow } from '../system/interfaces';
import { ExecError, IoError } from '../system/io-error';
import { LSB_STATUS_EXITS, PulseCommands, PulseStatus, pulseCommands, readPulseStatus } from '../system/pulse-service';
import { Command, RunResult, Runner } from '../system/runner';
import { hashOverSftp, parseSha256, sha256Command } from '../system/ssh-sha256';
import { Deps } from './deps';
import { UsageError } from './errors';
import { readIfPresent } from './read-if-present';

/**
 * How to reach the backup: `--to` (key files and remote root still from the sidecar), else the
 * sidecar, else lvs.cf (`config` is called only then: a sync connects before parsing lvs.cf).
 */
export function backupAccess(config: ConfigFacts | (() => ConfigFacts), sidecar: Sidecar, to: string | undefined, command: string): ResolvedAccess | string {
  const base = routerAccess(config, sidecar.routers, 'backup');
  if (to === undefined) return base;
  const target = parseSshAddress(to);
  if (typeof target === 'string') throw new UsageError(`--to ${target}`, command);
  const entry = sidecar.routers.backup;
  return { target, identityFile: entry?.identityFile ?? null, knownHosts: entry?.knownHosts ?? null, remoteRoot: entry?.remoteRoot ?? '/', from: '--to' };
}

/** Connects with the access's key and known_hosts files; an unknown host key is asked about only when `ask` can. */
export async function connectPeer(deps: Deps, access: ResolvedAccess, opts: { interactive: boolean; readyTimeoutMs?: number }): Promise<PeerSession> {
  const label = sshAddressText(access.target);
  const session = await deps.connectPeer({
    target: access.target,
    identityFiles: access.identityFile ? [access.identityFile] : undefined,
    knownHostsFiles: access.knownHosts ? [access.knownHosts] : undefined,
    readyTimeoutMs: opts.readyTimeoutMs,
    confirmUnknownHost: opts.interactive
      ? async (fingerprint) => (await deps.ask(`The host key of ${label} is not known (${fingerprint}). Check it on the router (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub). Trust it and remember it?`)) === true
      : undefined,
  });
  return failFastOnDrop(session);
}

/** SHA-256 of each file here (null: missing), and the bytes of those that exist. */
export function hashHere(deps: Deps, files: readonly SyncFile[]): { hashes: Map<string, string | null>; bytes: Map<string, Buffer> } {
  const hashes = new Map<string, string | null>();
  const bytes = new Map<string, Buffer>();
  for (const f of files) {
    const b = readIfPresent(deps, f.local);
    hashes.set(f.local, b === null ? null : createHash('sha256').update(b).digest('hex'));
    if (b !== null) bytes.set(f.local, b);
  }
  return { hashes, bytes };
}

/** The peer's addresses: `ip -o addr show` on a real router, its /proc lists under a remote root (tests). */
export async function peerAddresses(session: PeerSession, remoteRoot: string): Promise<AddressReading> {
  if (remoteRoot === '/') {
    try {
      const r = await session.run({ file: 'ip', args: ['-o', 'addr', 'show'], timeoutMs: 10_000 });
      return { addresses: parseIpAddrShow(r.stdout), source: `ip -o addr show on ${session.label}`, problem: null };
    } catch (err) {
      if (!(err instanceof ExecError)) throw err;
    }
  }
  return peerProcAddresses(session, remoteRoot);
}

/** The peer's addresses from its /proc lists (under the remote root), over SFTP. */
async function peerProcAddresses(session: PeerSession, remoteRoot: string): Promise<AddressReading> {
  const fib = join(remoteRoot, 'proc', 'net', 'fib_trie');
  const inet6 = join(remoteRoot, 'proc', 'net', 'if_inet6');
  const [v4, v6] = await Promise.all([session.readFile(fib), session.readFile(inet6)]);
  const source = `${session.label}:${fib}`;
  if (v4 === null && v6 === null) return { addresses: null, source, problem: `cannot read the addresses of ${session.label}` };
  return { addresses: [...(v4 ? parseFibTrie(v4.toString('utf8')) : []), ...(v6 ? parseIfInet6(v6.toString('utf8')) : [])], source, problem: null };
}

/** The SHA-256 of `paths` on the peer and its addresses, `ip -o addr show` in the same round trip. */
export async function peerHashesAndAddresses(session: PeerSession, paths: readonly string[], remoteRoot: string): Promise<{ hashes: Map<string, string | null>; addresses: AddressReading }> {
  if (remoteRoot !== '/') {
    const [hashes, addresses] = await Promise.all([session.sha256(paths), peerProcAddresses(session, remoteRoot)]);
    return { hashes, addresses };
  }
  const { hashes, results } = await hashWith(session, paths, [{ file: 'ip', args: ['-o', 'addr', 'show'], timeoutMs: 10_000 }]);
  const r = results[0];
  if (!(r instanceof Error)) return { hashes, addresses: { addresses: parseIpAddrShow(r.stdout), source: `ip -o addr show on ${session.label}`, problem: null } };
  if (!(r instanceof ExecError)) throw r;
  return { hashes, addresses: await peerProcAddresses(session, remoteRoot) };
}

export interface PeerRouterState {
  /** `loaded` is null and pulse taken as not running: sync does not plan pulse there (see peerPulse) */
  readonly snapshot: RouterSnapshot;
  /** pulse on the peer (its commands and state), read in the same round trip as the rest */
  readonly pulse?: { commands: PulseCommands | null; status: PulseStatus };
}

/**
 * pulse's status command on the peer, to run with the other reads: with the manager left to
 * detection, `test -d /run/systemd/system` and both status commands (each read-only); `read`
 * picks the answer as peerPulse would have found it.
 */
function pulseProbe(sidecar: Sidecar, remoteRoot: string): { cmds: Command[]; read(results: ReadonlyArray<RunResult | Error>): Promise<{ commands: PulseCommands | null; status: PulseStatus }> } {
  const replay = (r: RunResult | Error | undefined): Runner => ({ run: async () => (r === undefined ? Promise.reject(new Error('no result')) : r instanceof Error ? Promise.reject(r) : r) });
  const status = (c: PulseCommands): Command[] => (c.actions.status ? [{ ...c.actions.status, acceptExit: LSB_STATUS_EXITS }] : []);
  const detect = sidecar.pulse.manager === undefined || sidecar.pulse.manager === 'auto';
  let fixed: PulseCommands | null = null;
  let each: { systemctl: PulseCommands; service: PulseCommands } | null = null;
  try {
    if (detect) each = { systemctl: pulseCommands(sidecar.pulse, 'systemctl'), service: pulseCommands(sidecar.pulse, 'service') };
    else fixed = pulseCommands(sidecar.pulse, 'service');
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    return { cmds: [], read: async () => ({ commands: null, status: { installed: false, running: null, detail } }) };
  }
  if (fixed) {
    const c = fixed;
    return { cmds: status(c), read: async (results) => ({ commands: c, status: await readPulseStatus(replay(results[0]), c) }) };
  }
  const { systemctl, service } = each!;
  const cmds = [{ file: 'test', args: ['-d', join(remoteRoot, '/run/systemd/system')], acceptExit: [1] }, ...status(systemctl), ...status(service)];
  return {
    cmds,
    async read(results) {
      const isSystemd = !(results[0] instanceof Error) && (results[0] as RunResult | undefined)?.exitCode === undefined;
      const c = isSystemd ? systemctl : service;
      const at = isSystemd ? 1 : 1 + status(systemctl).length;
      return { commands: c, status: await readPulseStatus(replay(status(c).length ? results[at] : undefined), c) };
    },
  };
}

/** Where lvs-tui records, on the peer, the lvs.cf its pulse last loaded. */
export function peerLoadedPath(remoteRoot: string): string {
  return join(remoteRoot, '/var/lib/lvs-tui/pulse-loaded.cf');
}

/** pulse on the peer: its commands (systemd there or not) and its state. */
export async function peerPulse(session: PeerSession, remoteRoot: string, sidecar: Sidecar): Promise<{ commands: PulseCommands | null; status: PulseStatus }> {
  const systemd = await session.stat(join(remoteRoot, '/run/systemd/system'));
  let commands: PulseCommands | null = null;
  try {
    commands = pulseCommands(sidecar.pulse, systemd !== null && (systemd.mode & 0o170000) === 0o040000 ? 'systemctl' : 'service');
  } catch (err) {
    return { commands: null, status: { installed: false, running: null, detail: err instanceof Error ? err.message : String(err) } };
  }
  return { commands, status: await readPulseStatus(peerRunner(session), commands) };
}

/** The session as a Runner (the transaction's steps run their programs on the peer). */
export function peerRunner(session: PeerSession): Runner {
  return { run: (cmd) => session.run(cmd) };
}

/**
 * Programs run on the peer: in one exec request when the session batches (sshd starts a session
 * and a shell for each request: the dearest part of a short command there), else one each, at once.
 */
export async function runOnPeer(session: PeerSession, cmds: readonly Command[], started?: () => void): Promise<Array<RunResult | Error>> {
  if (session.runBatch && cmds.length > 1) return session.runBatch(cmds, undefined, started);
  started?.();
  return Promise.all(cmds.map((c) => session.run(c).catch((err: unknown) => (err instanceof ExecError ? err : Promise.reject(err)))));
}

/** The SHA-256 of `paths` on the peer, with `more` programs in the same round trip; their results after. */
export async function hashWith(session: PeerSession, paths: readonly string[], more: readonly Command[], started?: () => void): Promise<{ hashes: Map<string, string | null>; results: Array<RunResult | Error> }> {
  const unique = [...new Set(paths)];
  if (unique.length === 0) return { hashes: new Map(), results: await runOnPeer(session, more, started) };
  const [sums, ...results] = await runOnPeer(session, [sha256Command(unique), ...more], started);
  const { hashes, unhashed } = parseSha256(unique, sums);
  await hashOverSftp(session, unhashed, hashes);
  return { hashes, results };
}

function iptablesSaveCommands(program: string): Command[] {
  return IPTABLES_TABLES.map((table) => ({ file: program, args: ['-t', table] }));
}

function iptablesSaveText(session: PeerSession, program: string, results: ReadonlyArray<RunResult | Error>): string {
  return results
    .map((r, i) => {
      if (r instanceof ExecError) throw new IoError('io', `cannot read the live iptables rules on ${session.label} (${program} -t ${IPTABLES_TABLES[i]}): ${r.stderr.trim() || r.message}`, program);
      if (r instanceof Error) throw r;
      return r.stdout;
    })
    .join('');
}

/** The status of catCommand's script for a path that does not exist. */
const NO_SUCH_FILE = 111;

/** A file read as one program of a batch: its bytes on stdout, or exit NO_SUCH_FILE when it does not exist. */
function catCommand(path: string): Command {
  return { file: 'sh', args: ['-c', `[ -e "$1" ] || exit ${NO_SUCH_FILE}; exec cat -- "$1"`, 'sh', path], acceptExit: [NO_SUCH_FILE] };
}

/** The status of catIfDiffersCommand's script when the file's SHA-256 is the one given. */
const SAME_HASH = 112;

/**
 * A file's bytes read in a batch only when its SHA-256 is not `sha256` (what a sync diffs against):
 * exit SAME_HASH when it is, NO_SUCH_FILE when there is no such file. Without sha256sum there the
 * bytes are sent anyway.
 */
export function catIfDiffersCommand(path: string, sha256: string): Command {
  // a directory or other non-file is "no such file", as for sha256Command
  const script = `[ -f "$1" ] || exit ${NO_SUCH_FILE}; case "$(sha256sum < "$1" 2>/dev/null)" in "$2"*) exit ${SAME_HASH};; esac; exec cat -- "$1"`;
  return { file: 'sh', args: ['-c', script, 'sh', path, sha256], acceptExit: [NO_SUCH_FILE, SAME_HASH] };
}

/**
 * What a catIfDiffersCommand for a file whose SHA-256 here is `ours` says of the far file: its
 * SHA-256 (null: no such file) and, when it differs, its bytes; undefined when it could not tell.
 */
export function differOutcome(ours: string, r: RunResult | Error | undefined): { sha256: string | null; bytes: Buffer | null } | undefined {
  if (r === undefined || r instanceof Error) return undefined;
  if (r.exitCode === SAME_HASH) return { sha256: ours, bytes: null };
  if (r.exitCode === NO_SUCH_FILE) return { sha256: null, bytes: null };
  const bytes = (r as { bytes?: unknown }).bytes;
  if (r.exitCode !== undefined || !Buffer.isBuffer(bytes)) return undefined;
  return { sha256: createHash('sha256').update(bytes).digest('hex'), bytes };
}

/** A far file's SHA-256 and bytes read over SFTP (null: no such file): when a batch could not say. */
export async function hashedOverSftp(session: PeerSession, path: string): Promise<{ sha256: string | null; bytes: Buffer | null }> {
  const bytes = await session.readFile(path);
  return { sha256: bytes === null ? null : createHash('sha256').update(bytes).digest('hex'), bytes };
}

/** The file's bytes from its catCommand's result (null: it does not exist); anything else reads it again over SFTP. */
async function catBytes(session: PeerSession, path: string, r: RunResult | Error | undefined): Promise<Buffer | null> {
  if (r !== undefined && !(r instanceof Error)) {
    if (r.exitCode === NO_SUCH_FILE) return null;
    const bytes = (r as { bytes?: unknown }).bytes;
    if (r.exitCode === undefined && Buffer.isBuffer(bytes)) return bytes;
  }
  return session.readFile(path);
}

/** The /proc/sys file of a sysctl key (the live kernel's, never under the remote root). */
function sysctlProcPath(key: string): string {
  return `/proc/sys/${key.replace(/[./]/g, (c) => (c === '.' ? '/' : '.'))}`;
}

/**
 * A live sysctl on the peer, null when its kernel does not have the key: from its /proc/sys file
 * as read in the batch, else read over SFTP, else `sysctl -n` when that read fails.
 */
async function peerSysctl(session: PeerSession, program: string, key: string, batched?: RunResult | Error): Promise<string | null> {
  try {
    const bytes = await catBytes(session, sysctlProcPath(key), batched);
    if (bytes === null) return null;
    return bytes.toString('utf8').replace(/\n$/, '');
  } catch (err) {
    if (err instanceof Error && err.name === 'SshError') throw err;
  }
  try {
    return (await session.run({ file: program, args: ['-n', key] })).stdout.replace(/\n$/, '');
  } catch (err) {
    if (err instanceof ExecError && err.status !== null && /cannot stat|No such file|unknown key/i.test(err.stderr)) return null;
    if (err instanceof ExecError) throw new IoError('io', `cannot read sysctl ${key} on ${session.label}: ${err.stderr.trim() || err.message}`, program);
    throw err;
  }
}

/**
 * What the apply planner needs of the peer, planned against the configuration here: its lvs.cf
 * and sidecar are taken as already synced (the sync writes them in the same transaction), its
 * iptables chains, sysctls, saved rules and sysctl files and pulse are read over the session.
 */
export async function readPeerRouter(
  session: PeerSession,
  remoteRoot: string,
  here: { configPath: string; config: Buffer; sidecarPath: string; sidecarBytes: Buffer | null; sidecar: Sidecar },
  /** files whose SHA-256 is read in the same round trip as the iptables rules */
  hash: readonly string[] = [],
  /** more programs for that round trip (their results in `more`) */
  more: readonly Command[] = [],
  /** called once the backup runs that round trip's programs */
  started?: () => void,
): Promise<PeerRouterState & { hashes: Map<string, string | null>; more: Array<RunResult | Error> }> {
  const under = (p: string) => join(remoteRoot, p);
  const { sidecar } = here;
  const loadedPath = peerLoadedPath(remoteRoot);
  const persistedIptablesPath = under(sidecar.persist.iptables);
  const persistedSysctlPath = under(sidecar.persist.sysctl);
  // everything at once: each read is a round trip over the link
  const keys = sysctlKeysToRead(here.sidecarBytes, here.sidecarPath);
  const saves = iptablesSaveCommands(sidecar.programs.iptablesSave);
  const probe = pulseProbe(sidecar, remoteRoot);
  // the saved files and the sysctls are read by cat in the same exec request: no SFTP channel
  // (another session for sshd to start) unless that read fails
  const cats = [persistedIptablesPath, persistedSysctlPath, ...keys.map(sysctlProcPath)].map(catCommand);
  const programs = await hashWith(session, hash, [...saves, ...probe.cmds, ...cats, ...more], started);
  const iptablesSave = iptablesSaveText(session, sidecar.programs.iptablesSave, programs.results.slice(0, saves.length));
  const catResults = programs.results.slice(saves.length + probe.cmds.length, saves.length + probe.cmds.length + cats.length);
  const [pulse, persistedIptables, persistedSysctl, values] = await Promise.all([
    probe.read(programs.results.slice(saves.length, saves.length + probe.cmds.length)),
    catBytes(session, persistedIptablesPath, catResults[0]),
    catBytes(session, persistedSysctlPath, catResults[1]),
    Promise.all(keys.map((key, i) => peerSysctl(session, sidecar.programs.sysctl, key, catResults[2 + i]))),
  ]);
  const sysctl = new Map<string, string | null>(keys.map((k, i) => [k, values[i]]));
  const snapshot: RouterSnapshot = {
    configPath: here.configPath,
    config: here.config,
    sidecarPath: here.sidecarPath,
    sidecar: here.sidecarBytes,
    loadedPath,
    loaded: null,
    iptablesSave,
    sysctl,
    persistedIptables: { path: persistedIptablesPath, bytes: persistedIptables },
    persistedSysctl: { path: persistedSysctlPath, bytes: persistedSysctl },
    pulse: { installed: false, running: false },
  };
  return { snapshot, hashes: programs.hashes, pulse, more: programs.results.slice(programs.results.length - more.length) };
}
