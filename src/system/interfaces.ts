// This host's IP addresses, for telling whether this router is the active one (its VIPs are up)
// and which of the pair it is (primary or backup address). On the live host `ip -o addr show` is
// read: it names the device and the label pulse raised the VIP under (`eth0:1`), which the admin
// wants to see. Under --root DIR (tests, the demo router, a bug report) and when `ip` is missing,
// the kernel's own lists are read instead: DIR/proc/net/fib_trie (local IPv4 addresses, without
// devices) and DIR/proc/net/if_inet6 (IPv6 with devices). The parsers are pure.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExecError } from './io-error';
import { Runner } from './runner';

export interface LocalAddress {
  /** as the source prints it: dotted quad, compressed IPv6 (ip) or 8 groups of 4 hex digits (if_inet6) */
  readonly address: string;
  readonly family: 4 | 6;
  readonly prefix: number | null;
  /** the interface; null when the source does not say (fib_trie) */
  readonly device: string | null;
  /** the IPv4 label when it differs from the device (`eth0:1`, as ifconfig aliases are named) */
  readonly label: string | null;
}

export interface AddressReading {
  /** null when they could not be read */
  readonly addresses: readonly LocalAddress[] | null;
  /** what was read: "ip -o addr show", or the /proc files */
  readonly source: string;
  /** why they could not be read, or why a fallback was used */
  readonly problem: string | null;
}

const FLAG_WORDS = new Set(['secondary', 'dynamic', 'noprefixroute', 'nodad', 'deprecated', 'tentative', 'permanent', 'home', 'mngtmpaddr', 'optimistic', 'dadfailed', 'temporary', 'stable-privacy', 'autojoin']);

/** `ip -o addr show` (one address a line; the part after "\" holds lifetimes). */
export function parseIpAddrShow(text: string): LocalAddress[] {
  const out: LocalAddress[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.split('\\')[0];
    const t = line.trim().split(/\s+/);
    if (t.length < 4 || !/^\d+:$/.test(t[0])) continue;
    const family = t[2] === 'inet' ? 4 : t[2] === 'inet6' ? 6 : null;
    if (family === null) continue;
    const device = t[1].replace(/:$/, '').split('@')[0];
    const [address, prefixText] = t[3].split('/');
    const prefix = prefixText !== undefined && /^\d+$/.test(prefixText) ? Number(prefixText) : null;
    const last = t[t.length - 1];
    // an IPv4 address's label ends the line; Linux makes every label start with the device name
    const label = family === 4 && t.length > 4 && last !== device && last.startsWith(device) && !FLAG_WORDS.has(last) ? last : null;
    out.push({ address, family, prefix, device, label });
  }
  return out;
}

/** The local IPv4 addresses in /proc/net/fib_trie: leaves followed by a "/32 host LOCAL" line. */
export function parseFibTrie(text: string): LocalAddress[] {
  const seen = new Set<string>();
  const out: LocalAddress[] = [];
  let leaf: string | null = null;
  for (const line of text.split('\n')) {
    const m = /^\s*\|--\s+(\d+\.\d+\.\d+\.\d+)\s*$/.exec(line);
    if (m) {
      leaf = m[1];
      continue;
    }
    if (/^\s*\+--/.test(line) || /^\S/.test(line)) {
      leaf = null;
      continue;
    }
    if (leaf !== null && /^\s*\/32\s+host\s+LOCAL\b/.test(line) && !seen.has(leaf)) {
      seen.add(leaf);
      out.push({ address: leaf, family: 4, prefix: null, device: null, label: null });
    }
  }
  return out;
}

/** /proc/net/if_inet6: ADDRESS(32 hex) IFINDEX PREFIXLEN(hex) SCOPE FLAGS DEVICE. */
export function parseIfInet6(text: string): LocalAddress[] {
  const out: LocalAddress[] = [];
  for (const line of text.split('\n')) {
    const t = line.trim().split(/\s+/);
    if (t.length < 6 || !/^[0-9a-fA-F]{32}$/.test(t[0])) continue;
    const address = t[0].toLowerCase().match(/.{4}/g)!.join(':');
    const prefix = /^[0-9a-fA-F]+$/.test(t[2]) ? parseInt(t[2], 16) : null;
    out.push({ address, family: 6, prefix, device: t[5], label: null });
  }
  return out;
}

function readOptional(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

function readProc(root: string, why: string | null): AddressReading {
  const fib = join(root, 'proc', 'net', 'fib_trie');
  const inet6 = join(root, 'proc', 'net', 'if_inet6');
  const v4 = readOptional(fib);
  const v6 = readOptional(inet6);
  const source = `${fib} and ${inet6}`;
  if (v4 === null && v6 === null) return { addresses: null, source, problem: `${why ? `${why}; ` : ''}cannot read ${fib} or ${inet6}: this host's addresses are unknown` };
  return { addresses: [...(v4 === null ? [] : parseFibTrie(v4)), ...(v6 === null ? [] : parseIfInet6(v6))], source, problem: why };
}

/** This host's addresses: `ip -o addr show` on the live host, the /proc lists under a --root. */
export async function readLocalAddresses(runner: Runner, root: string, ipProgram = 'ip'): Promise<AddressReading> {
  if (root !== '/') return readProc(root, null);
  try {
    const r = await runner.run({ file: ipProgram, args: ['-o', 'addr', 'show'], timeoutMs: 5000 });
    return { addresses: parseIpAddrShow(r.stdout), source: `${ipProgram} -o addr show`, problem: null };
  } catch (err) {
    const why = err instanceof ExecError ? `${ipProgram} -o addr show failed: ${err.message.trim().split('\n')[0]}` : `${ipProgram} -o addr show failed: ${String(err)}`;
    return readProc(root, why);
  }
}
