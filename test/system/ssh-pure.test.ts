// The pure parts of the SSH transport: target parsing, quoting argv for the far side's sh (checked
// by running the quoted line through a real local sh), known_hosts parsing and matching.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { formatSshTarget, knownHostsName } from '../../src/system/ssh-target';
import { parseSshAddress, sshAddressText } from '../../src/apply/ssh-address';
import { shellCommandLine, shellQuote, QuoteError } from '../../src/system/remote-shell-quote';
import { blobKeyType, checkHostKey, entryMatches, fingerprintSha256, formatKnownHostLine, parseKnownHosts } from '../../src/system/known-hosts';

test('ssh target: the transport formats what the shared parser reads (same text back), known_hosts names', () => {
  for (const text of ['root@lvs2', 'admin@router.example.com:2222', 'root@[2001:db8::1]:2200', 'root@[2001:db8::1]', 'root@192.0.2.2:22022']) {
    const a = parseSshAddress(text);
    assert.notEqual(typeof a, 'string', text);
    assert.equal(formatSshTarget(a as never), text);
    assert.equal(sshAddressText(a as never), text);
  }
  assert.equal(formatSshTarget({ user: 'root', host: '2001:db8::1', port: 2200 }), 'root@[2001:db8::1]:2200');
  assert.equal(knownHostsName({ host: 'lvs2', port: 22 }), 'lvs2');
  assert.equal(knownHostsName({ host: '127.0.0.1', port: 2222 }), '[127.0.0.1]:2222');
});

test('remote quoting: what sh receives is exactly the argv (run through a real sh)', () => {
  const awkward = ['plain', 'a b', "it's", "''", '"', '$(id)', '`id`', '$HOME', 'a\nb', '', '*', '?', '~', '!', '#x', 'a;b', 'a|b', '&', '\\', '\t', 'é', '-e', 'x=y'];
  const line = shellCommandLine('printf', ['%s\\0', ...awkward]);
  const r = spawnSync('sh', ['-c', line], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(r.stdout.split('\0').slice(0, -1), awkward);
  assert.equal(shellQuote('/sbin/iptables-restore'), '/sbin/iptables-restore');
  assert.equal(shellQuote("it's"), `'it'\\''s'`);
  assert.throws(() => shellQuote('a\0b'), QuoteError);
  // a program named like an assignment or a reserved word is still run as a program
  assert.equal(shellCommandLine('if', []), `'if'`);
  assert.equal(shellCommandLine('a=b', ['c']), `'a=b' c`);
});

const ED_BLOB = (() => {
  const type = Buffer.from('ssh-ed25519');
  const key = randomBytes(32);
  const b = Buffer.alloc(4 + type.length + 4 + key.length);
  b.writeUInt32BE(type.length, 0);
  type.copy(b, 4);
  b.writeUInt32BE(key.length, 4 + type.length);
  key.copy(b, 8 + type.length);
  return b;
})();
const OTHER_BLOB = Buffer.from(ED_BLOB);
OTHER_BLOB[OTHER_BLOB.length - 1] ^= 0xff;
const b64 = ED_BLOB.toString('base64');

test('known_hosts: plain names, [host]:port, comma lists, wildcards and negation', () => {
  const text = `# comment\n\nlvs1,192.0.2.1 ssh-ed25519 ${b64} root@lvs1\n[lvs2]:2222 ssh-ed25519 ${b64}\n*.example.com,!bad.example.com ssh-ed25519 ${b64}\ngarbage line\nx ssh-rsa ${b64}\n`;
  const entries = parseKnownHosts(text, 'kh');
  assert.deepEqual(entries.map((e) => e.line), [3, 4, 5]); // the key type must agree with the blob
  assert.equal(checkHostKey(entries, 'lvs1', ED_BLOB).status, 'known');
  assert.equal(checkHostKey(entries, '192.0.2.1', ED_BLOB).status, 'known');
  assert.equal(checkHostKey(entries, 'LVS1', ED_BLOB).status, 'known');
  assert.equal(checkHostKey(entries, '[lvs2]:2222', ED_BLOB).status, 'known');
  assert.equal(checkHostKey(entries, 'lvs2', ED_BLOB).status, 'unknown');
  assert.equal(checkHostKey(entries, 'a.example.com', ED_BLOB).status, 'known');
  assert.equal(checkHostKey(entries, 'bad.example.com', ED_BLOB).status, 'unknown');
  const changed = checkHostKey(entries, 'lvs1', OTHER_BLOB);
  assert.equal(changed.status, 'changed');
  assert.equal(changed.status === 'changed' && changed.known[0].line, 3);
});

test('known_hosts: hashed entries as ssh-keygen -H writes them', () => {
  const salt = randomBytes(20);
  const hash = createHmac('sha1', salt).update('[10.0.0.2]:22').digest('base64');
  const entries = parseKnownHosts(`|1|${salt.toString('base64')}|${hash} ssh-ed25519 ${b64}\n`, 'kh');
  assert.equal(entries[0].hashed, true);
  assert.equal(entryMatches(entries[0], '[10.0.0.2]:22'), true);
  assert.equal(entryMatches(entries[0], '10.0.0.2'), false);
  const line = formatKnownHostLine('lvs3', ED_BLOB, true);
  const again = parseKnownHosts(line, 'kh');
  assert.equal(checkHostKey(again, 'lvs3', ED_BLOB).status, 'known');
  assert.ok(!line.includes('lvs3'));
  assert.equal(formatKnownHostLine('lvs3', ED_BLOB, false), `lvs3 ssh-ed25519 ${b64}`);
});

test('known_hosts: @revoked refuses the key everywhere; @cert-authority is never a host key', () => {
  const entries = parseKnownHosts(`@cert-authority *.example.com ssh-ed25519 ${b64}\n@revoked * ssh-ed25519 ${b64}\nlvs1 ssh-ed25519 ${b64}\n@bogus lvs1 ssh-ed25519 ${b64}\n`, 'kh');
  assert.equal(entries.length, 3);
  assert.equal(checkHostKey(entries, 'lvs1', ED_BLOB).status, 'revoked');
  assert.equal(checkHostKey(entries.slice(0, 1), 'a.example.com', ED_BLOB).status, 'unknown');
});

test('fingerprint: SHA256 as OpenSSH prints it (unpadded base64)', () => {
  assert.equal(fingerprintSha256(ED_BLOB), `SHA256:${createHash('sha256').update(ED_BLOB).digest('base64').replace(/=+$/, '')}`);
  assert.ok(!fingerprintSha256(ED_BLOB).endsWith('='));
  assert.equal(blobKeyType(ED_BLOB), 'ssh-ed25519');
  assert.equal(blobKeyType(Buffer.from([0, 0, 0, 99])), null);
});
