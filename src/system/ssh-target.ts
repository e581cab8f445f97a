// `user@host[:port]` as given to --host and --to: pure parsing, no I/O. An IPv6 address takes
// brackets (`root@[2001:db8::1]:2222`); a bare IPv6 address without a port is accepted too.

export interface SshTarget {
  readonly user: string;
  readonly host: string;
  readonly port: number;
}

export class SshTargetError extends Error {
  readonly code = 'bad-target';
  constructor(message: string) {
    super(message);
    this.name = 'SshTargetError';
  }
}

const USER = /^[A-Za-z0-9._][A-Za-z0-9._-]*\$?$/;
const HOST = /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/;

function parsePort(text: string, whole: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) < 1 || Number(text) > 65535) throw new SshTargetError(`bad port "${text}" in "${whole}" (1 to 65535)`);
  return Number(text);
}

/** Parses `user@host`, `user@host:port`, `user@[v6]:port`; `defaultUser` when `user@` is left out. */
export function parseSshTarget(text: string, defaults: { user?: string; port?: number } = {}): SshTarget {
  const whole = text;
  const at = text.lastIndexOf('@');
  const user = at >= 0 ? text.slice(0, at) : defaults.user;
  const rest = at >= 0 ? text.slice(at + 1) : text;
  if (user === undefined || user === '') throw new SshTargetError(`"${whole}" needs a user: USER@HOST[:PORT]`);
  if (!USER.test(user)) throw new SshTargetError(`bad user name "${user}" in "${whole}"`);
  let host: string;
  let port = defaults.port ?? 22;
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close < 0) throw new SshTargetError(`unclosed "[" in "${whole}"`);
    host = rest.slice(1, close);
    const after = rest.slice(close + 1);
    if (after !== '') {
      if (!after.startsWith(':')) throw new SshTargetError(`unexpected "${after}" after "]" in "${whole}"`);
      port = parsePort(after.slice(1), whole);
    }
    if (!/^[0-9A-Fa-f:.]+$/.test(host) || !host.includes(':')) throw new SshTargetError(`bad IPv6 address "${host}" in "${whole}"`);
    return { user, host: host.toLowerCase(), port };
  }
  const colons = rest.split(':').length - 1;
  if (colons > 1) {
    // a bare IPv6 address (no port possible without brackets)
    if (!/^[0-9A-Fa-f:.]+$/.test(rest)) throw new SshTargetError(`bad host "${rest}" in "${whole}"`);
    return { user, host: rest.toLowerCase(), port };
  }
  if (colons === 1) {
    const c = rest.indexOf(':');
    host = rest.slice(0, c);
    port = parsePort(rest.slice(c + 1), whole);
  } else host = rest;
  if (host === '') throw new SshTargetError(`"${whole}" needs a host: USER@HOST[:PORT]`);
  if (!HOST.test(host)) throw new SshTargetError(`bad host name "${host}" in "${whole}"`);
  return { user, host: host.toLowerCase(), port };
}

/** The host as known_hosts names it: `host` on port 22, `[host]:port` otherwise. */
export function knownHostsName(target: { host: string; port: number }): string {
  return target.port === 22 ? target.host : `[${target.host}]:${target.port}`;
}

/** `user@host:port` back as text, brackets around IPv6. */
export function formatSshTarget(target: SshTarget): string {
  const host = target.host.includes(':') ? `[${target.host}]` : target.host;
  return `${target.user}@${host}${target.port === 22 ? '' : `:${target.port}`}`;
}
