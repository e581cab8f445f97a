// A real OpenSSH sshd on 127.0.0.1 inside a network namespace, for the end-to-end TUI test over
// `ssh -t` (a stop-gap until ssh-conn's test/helpers/sshd.ts is on main): a host key and a user key
// from ssh-keygen in a temp dir, root login by that key only, a known_hosts file and an ssh_config
// entry `Host router`, as an admin has for `ssh router`. Guard tests with skipUnlessSshdForTui().

import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Netns } from './netns';
import { needProgram } from './require-tool';

export interface RouterSshd {
  /** an ssh_config whose `Host router` reaches this sshd with the user's key */
  readonly sshConfig: string;
  readonly port: number;
  /** sshd's stderr so far */
  logs(): string;
  stop(): Promise<void>;
}

export function skipUnlessSshdForTui(): string | false {
  return needProgram('/usr/sbin/sshd', ['-V']) || needProgram('ssh-keygen', ['-?']) || needProgram('ssh', ['-V']);
}

function keygen(path: string): void {
  const r = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'lvs-tui-e2e', '-f', path], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ssh-keygen failed: ${r.stderr}`);
}

/** Starts sshd in `ns` (whose loopback must be up) on a port free there. */
export async function startRouterSshd(ns: Netns): Promise<RouterSshd> {
  // sshd refuses to start without its privilege separation directory (absent in containers)
  if (!existsSync('/run/sshd')) mkdirSync('/run/sshd', { mode: 0o755 });
  const dir = mkdtempSync(join(tmpdir(), 'lvs-tui-e2e-sshd-'));
  const hostKey = join(dir, 'host_key');
  const userKey = join(dir, 'id_ed25519');
  keygen(hostKey);
  keygen(userKey);
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(`${userKey}.pub`));
  // the namespace is the test's own: nothing else listens there, so a fixed port per process is free
  const port = 20000 + (process.pid % 20000);
  const config = join(dir, 'sshd_config');
  writeFileSync(
    config,
    [
      `Port ${port}`, 'ListenAddress 127.0.0.1', `HostKey ${hostKey}`, `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`, 'PermitRootLogin prohibit-password', 'PasswordAuthentication no',
      'KbdInteractiveAuthentication no', 'UsePAM no', 'StrictModes no', 'PrintMotd no', 'PrintLastLog no', '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn('ip', ['netns', 'exec', ns.name, '/usr/sbin/sshd', '-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (d: string) => (log += d));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sshd did not listen within 10 s:\n${log}`)), 10_000);
    child.stderr?.on('data', () => {
      if (/Server listening on 127\.0\.0\.1/.test(log)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`sshd exited ${code} before listening:\n${log}`));
    });
  });
  const hostPub = readFileSync(`${hostKey}.pub`, 'utf8').trim().split(/\s+/).slice(0, 2).join(' ');
  const knownHosts = join(dir, 'known_hosts');
  writeFileSync(knownHosts, `[127.0.0.1]:${port} ${hostPub}\n`);
  const sshConfig = join(dir, 'ssh_config');
  writeFileSync(
    sshConfig,
    `Host router\n  HostName 127.0.0.1\n  Port ${port}\n  User root\n  IdentityFile ${userKey}\n  IdentitiesOnly yes\n  UserKnownHostsFile ${knownHosts}\n  StrictHostKeyChecking yes\n  BatchMode yes\n`,
  );
  return {
    sshConfig,
    port,
    logs: () => log,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
