// known_hosts as OpenSSH reads it (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT"), pure: no file access.
// A line is `[@marker] patterns keytype base64 [comment]`; patterns are a comma list of names
// (`host`, `[host]:port` for other ports than 22) with `*`/`?` wildcards and `!` negation, or one
// hashed entry `|1|base64(salt)|base64(HMAC-SHA1(salt, name))` (HashKnownHosts). `@cert-authority`
// lines hold CA keys (lvs-tui does not use certificates: they are skipped, never taken for a host
// key); a key on a `@revoked` line is refused wherever it appears.

import { createHash, createHmac, randomBytes } from 'node:crypto';

export interface KnownHostEntry {
  readonly marker: 'cert-authority' | 'revoked' | null;
  /** the patterns field as written (a comma list, or one |1|salt|hash) */
  readonly patterns: string;
  readonly hashed: boolean;
  /** e.g. ssh-ed25519, ecdsa-sha2-nistp256, ssh-rsa */
  readonly keyType: string;
  /** the public key blob (the wire format ssh-keygen writes in base64) */
  readonly key: Buffer;
  /** where it was read, for messages */
  readonly file: string;
  readonly line: number;
}

/** Parses a known_hosts text; lines it cannot read (and comments) are skipped, as ssh does. */
export function parseKnownHosts(text: string, file: string): KnownHostEntry[] {
  const out: KnownHostEntry[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const fields = lines[i].trim().split(/[ \t]+/);
    if (fields[0] === '' || fields[0].startsWith('#')) continue;
    let marker: KnownHostEntry['marker'] = null;
    if (fields[0].startsWith('@')) {
      const m = fields.shift()!;
      if (m === '@cert-authority') marker = 'cert-authority';
      else if (m === '@revoked') marker = 'revoked';
      else continue; // an unknown marker: ssh ignores the line
    }
    if (fields.length < 3) continue;
    const [patterns, keyType, b64] = fields;
    if (!/^[A-Za-z0-9+/]+=*$/.test(b64)) continue;
    const key = Buffer.from(b64, 'base64');
    // the blob starts with its own type: a line whose two disagree is not a key ssh would use
    if (blobKeyType(key) !== keyType) continue;
    out.push({ marker, patterns, hashed: patterns.startsWith('|1|'), keyType, key, file, line: i + 1 });
  }
  return out;
}

/** The key type a public key blob names in its first field (`ssh-ed25519`...), null when malformed. */
export function blobKeyType(blob: Buffer): string | null {
  if (blob.length < 4) return null;
  const n = blob.readUInt32BE(0);
  if (n === 0 || n > 64 || 4 + n > blob.length) return null;
  return blob.subarray(4, 4 + n).toString('latin1');
}

/** OpenSSH's SHA256 fingerprint: `SHA256:` and the unpadded base64 of the blob's SHA-256. */
export function fingerprintSha256(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** ED25519, ECDSA, RSA, as ssh names them in messages. */
export function keyTypeLabel(keyType: string): string {
  if (keyType === 'ssh-ed25519') return 'ED25519';
  if (keyType.startsWith('ecdsa-')) return 'ECDSA';
  if (keyType === 'ssh-rsa') return 'RSA';
  if (keyType === 'ssh-dss') return 'DSA';
  return keyType;
}

/** Shell-style wildcard match (`*`, `?`), case-insensitive as ssh's match_pattern is for hosts. */
function wildcard(pattern: string, name: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return re.test(name);
}

/** HMAC-SHA1 of the name keyed with the salt, as a |1| entry stores it. */
function hashedName(salt: Buffer, name: string): string {
  return createHmac('sha1', salt).update(name).digest('base64');
}

/** Does the entry's patterns field name `name` (`host` or `[host]:port`)? */
export function entryMatches(entry: Pick<KnownHostEntry, 'patterns' | 'hashed'>, name: string): boolean {
  if (entry.hashed) {
    const parts = entry.patterns.split('|');
    // ['', '1', salt, hash]
    if (parts.length !== 4) return false;
    const salt = Buffer.from(parts[2], 'base64');
    return hashedName(salt, name) === parts[3];
  }
  let matched = false;
  for (const raw of entry.patterns.split(',')) {
    if (raw === '') continue;
    const negated = raw.startsWith('!');
    const pattern = negated ? raw.slice(1) : raw;
    if (wildcard(pattern, name)) {
      if (negated) return false; // a negated match wins over any positive one
      matched = true;
    }
  }
  return matched;
}

export type HostKeyVerdict =
  | { readonly status: 'known'; readonly entry: KnownHostEntry }
  | { readonly status: 'revoked'; readonly entry: KnownHostEntry }
  /** entries for this host exist, none with this key: `known` lists them (same key type first) */
  | { readonly status: 'changed'; readonly known: readonly KnownHostEntry[] }
  | { readonly status: 'unknown' };

/** Judges the key a server presented for `name` against every entry read. */
export function checkHostKey(entries: readonly KnownHostEntry[], name: string, key: Buffer): HostKeyVerdict {
  const revoked = entries.find((e) => e.marker === 'revoked' && e.key.equals(key));
  if (revoked) return { status: 'revoked', entry: revoked };
  const forHost = entries.filter((e) => e.marker === null && entryMatches(e, name));
  const same = forHost.find((e) => e.key.equals(key));
  if (same) return { status: 'known', entry: same };
  if (forHost.length === 0) return { status: 'unknown' };
  const type = blobKeyType(key);
  return { status: 'changed', known: [...forHost.filter((e) => e.keyType === type), ...forHost.filter((e) => e.keyType !== type)] };
}

/** The key types known for `name`, for the host key algorithms to prefer (as ssh orders them). */
export function knownKeyTypes(entries: readonly KnownHostEntry[], name: string): string[] {
  const out: string[] = [];
  for (const e of entries) if (e.marker === null && entryMatches(e, name) && !out.includes(e.keyType)) out.push(e.keyType);
  return out;
}

/** A line to append for a newly trusted key; hashed when the file already uses hashing. */
export function formatKnownHostLine(name: string, key: Buffer, hashed: boolean, salt: Buffer = randomBytes(20)): string {
  const type = blobKeyType(key) ?? 'unknown';
  const patterns = hashed ? `|1|${salt.toString('base64')}|${hashedName(salt, name)}` : name;
  return `${patterns} ${type} ${key.toString('base64')}`;
}

/** Does this known_hosts text use hashed names (HashKnownHosts=yes)? */
export function usesHashing(entries: readonly KnownHostEntry[]): boolean {
  return entries.some((e) => e.hashed);
}
