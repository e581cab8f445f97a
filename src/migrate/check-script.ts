// nanny's checks as bash scripts for keepalived's MISC_CHECK, which only looks at the exit code
// (spec lvs-cf.md §4): connect (bash's /dev/tcp or /dev/udp), send the send string with nanny's
// escapes, read strlen(expect) bytes and compare them as a prefix (`*` accepts anything), or in
// regex mode read up to 254 bytes and match them; or run send_program without a shell, %h/%p
// replaced, and compare its output (first 4095 bytes, last byte dropped) with expect exactly.
// keepalived kills the script after misc_timeout, which stands for nanny's timeout. Pure.

/** nanny's escapes in send/expect: \\ \r \n \t \' \" (others are kept as typed). */
export function nannyUnescape(text: string): { bytes: Buffer; unknown: string[] } {
  const map: Record<string, string> = { '\\': '\\', r: '\r', n: '\n', t: '\t', "'": "'", '"': '"' };
  let out = '';
  const unknown: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length) {
      const m = map[text[i + 1]];
      if (m !== undefined) {
        out += m;
        i++;
        continue;
      }
      unknown.push(`\\${text[i + 1]}`);
    }
    out += c;
  }
  return { bytes: Buffer.from(out, 'utf8'), unknown };
}

/** Bytes as a bash ANSI-C string ($'...'), readable for the common escapes. */
export function bashBytes(bytes: Uint8Array): string {
  let s = "$'";
  for (const b of bytes) {
    if (b === 0x5c) s += '\\\\';
    else if (b === 0x27) s += "\\'";
    else if (b === 0x0d) s += '\\r';
    else if (b === 0x0a) s += '\\n';
    else if (b === 0x09) s += '\\t';
    else if (b >= 0x20 && b < 0x7f) s += String.fromCharCode(b);
    else s += `\\x${b.toString(16).padStart(2, '0')}`;
  }
  return s + "'";
}

/** A literal word for bash: single quotes, a single quote inside written as '\''. */
export function bashWord(text: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** One word of send_program with %h / %p replaced by the script's arguments. */
function programWord(word: string): string {
  return word
    .split(/(%h|%p)/)
    .filter((p) => p !== '')
    .map((p) => (p === '%h' ? '"$host"' : p === '%p' ? '"$port"' : bashWord(p)))
    .join('');
}

export type ScriptCheck =
  | { readonly kind: 'send-expect'; readonly protocol: 'tcp' | 'udp'; readonly send: string | null; readonly expect: string | null; readonly regex: boolean }
  | { readonly kind: 'program'; readonly program: string; readonly expect: string | null };

const HEAD = (what: string) => `#!/bin/bash
# ${what}
# Written by lvs-tui export for keepalived's MISC_CHECK: exit 0 = up.
# Usage: $0 REAL_SERVER_IP PORT  (keepalived kills it after misc_timeout)
export LC_ALL=C
host=$1 port=$2
`;

/** The script for one virtual server's check; `virtual` only names it in the header. */
export function renderCheckScript(virtual: string, check: ScriptCheck): string {
  if (check.kind === 'program') {
    const words = check.program.split(' ').filter((w) => w !== '');
    const cmd = words.map(programWord).join(' ');
    let s = HEAD(`nanny's send_program check of virtual ${virtual}: ${check.program}`);
    if (check.expect === null) {
      s += '# nanny: no expect string, the exit code decides\n';
      s += `exec ${cmd}\n`;
      return s;
    }
    const expect = nannyUnescape(check.expect).bytes;
    s += '# nanny: the first 4095 bytes of its output, last byte dropped, must equal expect exactly\n';
    s += `expect=${bashBytes(expect)}\n`;
    s += `${cmd} | head -c 4095 | head -c -1 | cmp -s - <(printf '%s' "$expect")\n`;
    s += 'status=("${PIPESTATUS[@]}")\n';
    s += '[ "${status[0]}" -eq 0 ] && [ "${status[3]}" -eq 0 ]\n';
    return s;
  }
  const dev = check.protocol === 'udp' ? 'udp' : 'tcp';
  let s = HEAD(`nanny's ${dev.toUpperCase()} send/expect check of virtual ${virtual}`);
  s += `exec 3<>"/dev/${dev}/$host/$port" || exit 1\n`;
  if (check.send !== null) s += `printf '%s' ${bashBytes(nannyUnescape(check.send).bytes)} >&3 || exit 1\n`;
  if (check.expect === null || (check.expect === '*' && check.protocol === 'tcp')) {
    s += check.expect === '*' ? '# nanny: expect "*" accepts any reply\n' : '# nanny: no expect string, connecting (and sending) is enough\n';
    s += 'exit 0\n';
    return s;
  }
  const expect = nannyUnescape(check.expect).bytes;
  // one read() for UDP (a datagram) and for regex mode (nanny reads up to 254 bytes once)
  if (check.regex) {
    s += '# nanny --regex: one read of up to 254 bytes, POSIX extended regex anywhere in it\n';
    s += `expect=${bashBytes(expect)}\n`;
    s += `dd bs=${check.protocol === 'udp' ? 65535 : 254} count=1 status=none <&3 | head -c 254 | grep -Ezq -- "$expect"\n`;
    return s;
  }
  if (check.expect === '*') {
    s += '# nanny: expect "*" accepts any reply (UDP: a reply must come)\n';
    s += '[ "$(dd bs=65535 count=1 status=none <&3 | head -c 1 | wc -c)" -eq 1 ]\n';
    return s;
  }
  s += `# nanny: read strlen(expect) = ${expect.length} bytes and compare them as a prefix\n`;
  s += `expect=${bashBytes(expect)}\n`;
  const read = check.protocol === 'udp' ? `dd bs=65535 count=1 status=none <&3 | head -c ${expect.length}` : `head -c ${expect.length} <&3`;
  s += `${read} | cmp -s - <(printf '%s' "$expect")\n`;
  return s;
}
