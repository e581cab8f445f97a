// A real OpenSSH sshd for tests: host keys and a user key pair made by ssh-keygen in a temp dir, a
// known_hosts file for it, root login by key only, listening on 127.0.0.1 on a free port. With
// `netns`, sshd runs inside that network namespace (bring `lo` up first, or pass `upLoopback`):
// whatever it runs (iptables-restore, sysctl) touches only the namespace, and the client must run
// there too (`ip netns exec NAME node ...`). Guard tests with `skipUnlessSshd()`: under CI=true a
// missing sshd fails instead of skipping. `sshConfig` is an ssh_config whose `Host router` reaches
// it with the user's key and known_hosts, as an admin has for `ssh router` (the TUI over `ssh -t`;
// guard those with `skipUnlessSshClient()`).
//
//   const sshd = await startSshd();
//   try { ... connectSsh({ target: { user: 'root', host: sshd.host, port: sshd.port },
//                          identityFiles: [sshd.userKeyPath], knownHostsFiles: [sshd.knownHostsPath] }) }
//   finally { await sshd.stop(); }

import { after, before } from 'node:test';
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { needProgram } from './require-tool';
import { Netns } from './netns';
import type { ConnectOptions } from '../../src/system/ssh-session';

export const SSHD = '/usr/sbin/sshd';

export type HostKeyType = 'ed25519' | 'ecdsa' | 'rsa';

export interface SshdOptions {
  /** run sshd inside this namespace (its `lo` must be up, or set upLoopback) */
  readonly netns?: Netns;
  /** `ip link set lo up` in the namespace first */
  readonly upLoopback?: boolean;
  /** the host key types sshd offers (default ed25519 only, so the fingerprint is the one key's) */
  readonly hostKeyTypes?: readonly HostKeyType[];
  /** the type of the user's key (default ed25519) */
  readonly userKeyType?: HostKeyType;
  /** a passphrase on the user's private key (default none) */
  readonly userKeyPassphrase?: string;
  /** extra sshd_config lines (e.g. `Subsystem sftp internal-sftp`, `MaxSessions 2`) */
  readonly extraConfig?: readonly string[];
  /** a fixed port (default: a free one) */
  readonly port?: number;
}

export interface Sshd {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  /** `root@127.0.0.1:PORT`, for --host */
  readonly target: string;
  /** the temp dir holding keys, config, pid file (removed by stop) */
  readonly dir: string;
  /** the user's private key (its public half is in sshd's authorized_keys) */
  readonly userKeyPath: string;
  readonly userKey: string;
  /** `[127.0.0.1]:PORT <type> <base64>` for each host key */
  readonly knownHostsPath: string;
  readonly knownHosts: string;
  /** an ssh_config file: `ssh -F THIS router` logs in as root with the user's key, host key checked */
  readonly sshConfig: string;
  /** the lines of knownHostsPath */
  readonly knownHostsLines: readonly string[];
  /** SHA256:... of the (first) host key, as ssh-keygen -l prints it */
  readonly hostKeyFingerprint: string;
  /** public host keys as `type base64` */
  readonly hostPublicKeys: readonly string[];
  /** what sshd wrote to stderr so far (-e) */
  logs(): string;
  /** the sshd listener's pid */
  readonly pid: number;
  /** SIGTERM, wait for exit, remove the temp dir; idempotent */
  stop(): Promise<void>;
  /** signal the listener and every session sshd forked (SIGKILL by default: a dropped link) */
  kill(signal?: NodeJS.Signals): void;
}

/** node:test skip reason when sshd or ssh-keygen is missing (throws under CI). */
export function skipUnlessSshd(): string | false {
  return needProgram(SSHD, ['-V']) || needProgram('ssh-keygen', ['-?']) ? 'sshd or ssh-keygen is not installed' : false;
}

/** As skipUnlessSshd, and OpenSSH's client `ssh` too. */
export function skipUnlessSshClient(): string | false {
  return skipUnlessSshd() || (needProgram('ssh', ['-V']) ? 'the ssh client is not installed' : false);
}

function keygen(path: string, type: HostKeyType, passphrase = ''): void {
  const bits = type === 'rsa' ? ['-b', '2048'] : type === 'ecdsa' ? ['-b', '256'] : [];
  const r = spawnSync('ssh-keygen', ['-q', '-t', type, ...bits, '-N', passphrase, '-C', `lvs-tui-test-${type}`, '-f', path], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ssh-keygen -t ${type} failed: ${r.stderr}`);
}

/** SHA256:... of a public key file, as ssh-keygen prints it (an oracle independent of lvs-tui's). */
export function sshKeygenFingerprint(pubPath: string): string {
  const r = spawnSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', pubPath], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ssh-keygen -l failed: ${r.stderr}`);
  const m = /SHA256:[A-Za-z0-9+/]+/.exec(r.stdout);
  if (!m) throw new Error(`no fingerprint in: ${r.stdout}`);
  return m[0];
}

/** A TCP port nobody listens on right now (on this namespace's 127.0.0.1). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Every pid whose parent chain leads to `pid` (sshd forks a process per connection). */
function descendants(pid: number): number[] {
  const r = spawnSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' });
  const children = new Map<number, number[]>();
  for (const line of (r.stdout ?? '').split('\n')) {
    const [p, pp] = line.trim().split(/\s+/).map(Number);
    if (!p) continue;
    const list = children.get(pp) ?? [];
    list.push(p);
    children.set(pp, list);
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const c of children.get(p) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

export async function startSshd(opts: SshdOptions = {}): Promise<Sshd> {
  const missing = skipUnlessSshd();
  if (missing) throw new Error(missing);
  // sshd refuses to start without its privilege separation directory (made by the package's
  // tmpfiles.d at boot, absent in containers).
  if (!existsSync('/run/sshd')) mkdirSync('/run/sshd', { mode: 0o755 });
  if (opts.netns && opts.upLoopback) opts.netns.run('ip', ['link', 'set', 'lo', 'up']);

  const dir = mkdtempSync(join(tmpdir(), 'lvs-tui-sshd-'));
  const host = '127.0.0.1';
  const types = opts.hostKeyTypes ?? ['ed25519'];
  const hostKeys = types.map((t) => {
    const p = join(dir, `ssh_host_${t}_key`);
    keygen(p, t);
    return p;
  });
  const userKeyPath = join(dir, `id_${opts.userKeyType ?? 'ed25519'}`);
  keygen(userKeyPath, opts.userKeyType ?? 'ed25519', opts.userKeyPassphrase ?? '');
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(`${userKeyPath}.pub`));
  const hostPublicKeys = hostKeys.map((k) => readFileSync(`${k}.pub`, 'utf8').trim().split(/\s+/).slice(0, 2).join(' '));
  const hostKeyFingerprint = sshKeygenFingerprint(`${hostKeys[0]}.pub`);
  const sftpServer = existsSync('/usr/lib/openssh/sftp-server') ? '/usr/lib/openssh/sftp-server' : 'internal-sftp';

  const attempt = async (): Promise<{ child: ChildProcess; port: number; log: () => string } | 'port-taken'> => {
    const port = opts.port ?? (await freePort());
    const config = [
      `Port ${port}`,
      `ListenAddress ${host}`,
      ...hostKeys.map((k) => `HostKey ${k}`),
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      'PermitRootLogin prohibit-password',
      'PubkeyAuthentication yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      // keys live in a temp dir under /tmp (world-writable parent)
      'StrictModes no',
      'PrintMotd no',
      'PrintLastLog no',
      'LogLevel VERBOSE',
      'MaxStartups 100',
      ...(opts.extraConfig ?? []),
      // sshd refuses a second Subsystem sftp line: one in extraConfig replaces the default
      ...((opts.extraConfig ?? []).some((l) => /^\s*Subsystem\s+sftp\b/i.test(l)) ? [] : [`Subsystem sftp ${sftpServer}`]),
    ];
    const configPath = join(dir, 'sshd_config');
    writeFileSync(configPath, `${config.join('\n')}\n`);
    const argv = [SSHD, '-D', '-e', '-f', configPath];
    const child = opts.netns ? spawn('ip', ['netns', 'exec', opts.netns.name, ...argv], { stdio: ['ignore', 'ignore', 'pipe'] }) : spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (d: string) => (log += d));
    const outcome = await new Promise<'ready' | 'port-taken' | Error>((resolve) => {
      const timer = setTimeout(() => resolve(new Error(`sshd did not start listening within 10 s:\n${log}`)), 10_000);
      const check = () => {
        if (/Server listening on 127\.0\.0\.1 port/.test(log)) {
          clearTimeout(timer);
          resolve('ready');
        }
      };
      child.stderr?.on('data', check);
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        resolve(/Address already in use/.test(log) ? 'port-taken' : new Error(`sshd exited (${code ?? signal}) before listening:\n${log}`));
      });
      child.on('error', (err) => {
        clearTimeout(timer);
        resolve(err);
      });
    });
    if (outcome === 'port-taken') return outcome;
    if (outcome instanceof Error) {
      child.kill('SIGKILL');
      throw outcome;
    }
    return { child, port, log: () => log };
  };

  let started: Awaited<ReturnType<typeof attempt>> = 'port-taken';
  for (let i = 0; i < 5 && started === 'port-taken'; i++) started = await attempt();
  if (started === 'port-taken') {
    rmSync(dir, { recursive: true, force: true });
    throw new Error('sshd: no free port after 5 attempts');
  }
  const { child, port, log } = started;
  // With `ip netns exec`, the child is ip (which execs sshd in place): the same pid.
  const pid = child.pid ?? 0;

  const knownHostsLines = hostPublicKeys.map((k) => `[${host}]:${port} ${k}`);
  const knownHostsPath = join(dir, 'known_hosts');
  writeFileSync(knownHostsPath, `${knownHostsLines.join('\n')}\n`);
  const sshConfig = join(dir, 'ssh_config');
  writeFileSync(
    sshConfig,
    `Host router\n  HostName ${host}\n  Port ${port}\n  User root\n  IdentityFile ${userKeyPath}\n  IdentitiesOnly yes\n  UserKnownHostsFile ${knownHostsPath}\n  StrictHostKeyChecking yes\n  BatchMode yes\n`,
  );

  let stopped = false;
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.on('exit', () => resolve());
  });
  return {
    host,
    port,
    user: 'root',
    target: `root@${host}:${port}`,
    dir,
    userKeyPath,
    userKey: userKeyPath,
    knownHostsPath,
    knownHosts: knownHostsPath,
    knownHostsLines,
    sshConfig,
    hostKeyFingerprint,
    hostPublicKeys,
    logs: log,
    pid,
    kill(signal = 'SIGKILL') {
      for (const p of [pid, ...descendants(pid)]) {
        try {
          process.kill(p, signal);
        } catch {
          // already gone
        }
      }
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      // the sessions too: a test that failed mid-transfer must not leave them behind
      for (const p of [pid, ...descendants(pid)]) {
        try {
          process.kill(p, 'SIGTERM');
        } catch {
          // already gone
        }
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** connectSsh's options for this sshd: its user key and known_hosts, no agent. */
export function sshdConnectOptions(sshd: Sshd, extra: Partial<ConnectOptions> = {}): ConnectOptions {
  return { target: { user: 'root', host: sshd.host, port: sshd.port }, identityFiles: [sshd.userKeyPath], knownHostsFiles: [sshd.knownHostsPath], agentSocket: null, ...extra };
}

/**
 * One sshd and a temp directory for all the tests of a file (node:test's before/after; neither
 * when sshd is missing here, see skipUnlessSshd). Call it at the top of the test file.
 */
export function sshdForFile(prefix: string): { readonly skip: string | false; readonly sshd: Sshd; readonly work: string } {
  const skip = skipUnlessSshd();
  let sshd: Sshd | undefined;
  let work: string | undefined;
  before(async () => {
    if (skip) return;
    sshd = await startSshd();
    work = mkdtempSync(join(tmpdir(), prefix));
  });
  after(async () => {
    await sshd?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });
  return {
    skip,
    get sshd() {
      return sshd!;
    },
    get work() {
      return work!;
    },
  };
}
