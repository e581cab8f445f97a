// Host key verification for connectSsh: the known_hosts files are read (a missing one is empty),
// the presented key judged (known-hosts.ts), and a new key trusted only when the caller's
// confirmation says yes; it is then appended to the user's file, hashed when that file hashes.
// A changed or revoked key is refused whatever anyone answers.

import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { SshError } from './ssh-error';
import { SshTarget, formatSshTarget, knownHostsName } from './ssh-target';
import { KnownHostEntry, blobKeyType, checkHostKey, fingerprintSha256, formatKnownHostLine, keyTypeLabel, knownKeyTypes, parseKnownHosts, usesHashing } from './known-hosts';

/** ~/.ssh/known_hosts then /etc/ssh/ssh_known_hosts, as ssh reads them. */
export function defaultKnownHostsFiles(home = homedir()): string[] {
  return [join(home, '.ssh', 'known_hosts'), '/etc/ssh/ssh_known_hosts'];
}

export function readKnownHostsFiles(files: readonly string[]): KnownHostEntry[] {
  const out: KnownHostEntry[] = [];
  for (const f of files) {
    let text: string;
    try {
      text = readFileSync(f, 'utf8');
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') continue;
      throw new SshError('io', `cannot read ${f}: ${(err as Error).message}`);
    }
    out.push(...parseKnownHosts(text, f));
  }
  return out;
}

/** The host key algorithms to offer, the types known_hosts holds for this host first (as ssh does). */
export function preferredHostKeyAlgorithms(entries: readonly KnownHostEntry[], target: SshTarget): string[] {
  const all = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];
  const known = knownKeyTypes(entries, knownHostsName(target));
  const first = all.filter((a) => known.includes(a === 'rsa-sha2-512' || a === 'rsa-sha2-256' ? 'ssh-rsa' : a));
  return [...first, ...all.filter((a) => !first.includes(a))];
}

export interface HostKeyCheck {
  readonly target: SshTarget;
  readonly files: readonly string[];
  readonly entries: readonly KnownHostEntry[];
  /** asked for a key known_hosts does not hold; absent or false: refused */
  readonly confirmUnknownHost?: (fingerprintSha256: string, target: SshTarget) => Promise<boolean>;
}

/** Resolves when the key may be used; rejects with SshError host-key-unknown / host-key-changed. */
export async function verifyHostKey(check: HostKeyCheck, key: Buffer): Promise<void> {
  const name = knownHostsName(check.target);
  const fp = fingerprintSha256(key);
  const type = keyTypeLabel(blobKeyType(key) ?? 'unknown');
  const verdict = checkHostKey(check.entries, name, key);
  if (verdict.status === 'known') return;
  if (verdict.status === 'revoked') {
    throw new SshError('host-key-changed', `the ${type} host key of ${name} (${fp}) is marked as REVOKED in ${verdict.entry.file}:${verdict.entry.line}; refused`, fp);
  }
  if (verdict.status === 'changed') {
    const old = verdict.known[0];
    throw new SshError(
      'host-key-changed',
      [
        `WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED for ${name}!`,
        'Someone could be eavesdropping on you right now (man-in-the-middle attack), or the host key has just been changed.',
        `The fingerprint for the ${type} key sent by the remote host is ${fp}.`,
        `${old.file}:${old.line} holds a ${keyTypeLabel(old.keyType)} key ${fingerprintSha256(old.key)}.`,
        `Host key verification failed; nothing was done on ${formatSshTarget(check.target)}.`,
        `If the change is expected, remove the old key (ssh-keygen -R '${name}' -f ${old.file}) and connect again.`,
      ].join('\n'),
      fp,
    );
  }
  const refuse = () =>
    new SshError(
      'host-key-unknown',
      `the authenticity of host ${name} can't be established: its ${type} key fingerprint is ${fp}, not in ${check.files.join(' or ')}. ` +
        `Compare it with \`ssh-keygen -lf /etc/ssh/ssh_host_${type.toLowerCase()}_key.pub\` on the router, then connect interactively to trust it (or add it to known_hosts).`,
      fp,
    );
  if (!check.confirmUnknownHost) throw refuse();
  const yes = await check.confirmUnknownHost(fp, check.target);
  if (!yes) throw refuse();
  appendTrustedKey(check, name, key);
}

function appendTrustedKey(check: HostKeyCheck, name: string, key: Buffer): void {
  const file = check.files[0];
  if (!file) return;
  const ownEntries = check.entries.filter((e) => e.file === file);
  const line = formatKnownHostLine(name, key, usesHashing(ownEntries));
  try {
    if (!existsSync(dirname(file))) mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    let prefix = '';
    if (existsSync(file)) {
      const text = readFileSync(file);
      if (text.length > 0 && text[text.length - 1] !== 0x0a) prefix = '\n';
    }
    appendFileSync(file, `${prefix}${line}\n`, { mode: 0o600 });
  } catch (err) {
    throw new SshError('io', `the host key of ${name} was accepted but could not be added to ${file}: ${(err as Error).message}`);
  }
}
