// `user@host[:port]` and `user@[v6][:port]`: the one spelling of an SSH address everywhere lvs-tui
// takes one (--host, --to, the sidecar's routers.*.ssh). Pure. A bare IPv6 address is refused
// (is `::1:22` a port?): brackets say it. Host names are case-insensitive: kept in lower case, as
// OpenSSH does before it looks a host up in known_hosts.

export interface SshAddress {
  readonly user: string;
  /** a host name, an IPv4 address or an IPv6 address (without brackets, maybe with %zone) */
  readonly host: string;
  readonly port: number;
}

export const DEFAULT_SSH_USER = 'root';
export const DEFAULT_SSH_PORT = 22;

const USER = /^[A-Za-z0-9._][A-Za-z0-9._-]*\$?$/;
const HOST_NAME = /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\.?$/;
const IPV6 = /^[0-9A-Fa-f:.]+(%[A-Za-z0-9_.-]+)?$/;

/** Reads `user@host[:port]` or `user@[v6][:port]`. Returns the address or why it is not one. */
export function parseSshAddress(text: string): SshAddress | string {
  const t = text.trim();
  if (t === '') return 'is empty: write user@host[:port], e.g. root@192.0.2.2';
  const at = t.lastIndexOf('@');
  if (at < 0) return `"${t}" has no user: write user@host[:port], e.g. root@192.0.2.2`;
  const user = t.slice(0, at);
  if (!USER.test(user)) return `"${user}" is not a user name`;
  const rest = t.slice(at + 1);
  if (rest === '') return `"${t}" has no host: write user@host[:port]`;
  let host: string;
  let portText: string | null = null;
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close < 0) return `"${rest}" opens a [ without closing it`;
    host = rest.slice(1, close);
    const after = rest.slice(close + 1);
    if (after !== '') {
      if (!after.startsWith(':')) return `"${after}" after the ] should be :PORT`;
      portText = after.slice(1);
    }
    if (!IPV6.test(host) || !host.includes(':')) return `"${host}" is not an IPv6 address`;
    const zone = host.indexOf('%');
    host = zone < 0 ? host.toLowerCase() : host.slice(0, zone).toLowerCase() + host.slice(zone);
  } else {
    const colons = rest.split(':').length - 1;
    if (colons > 1) return `"${rest}" looks like an IPv6 address: write it in brackets, ${user}@[${rest}]:22`;
    const colon = rest.indexOf(':');
    host = colon < 0 ? rest : rest.slice(0, colon);
    if (colon >= 0) portText = rest.slice(colon + 1);
    if (!HOST_NAME.test(host)) return `"${host}" is not a host name or an IPv4 address`;
    host = host.toLowerCase();
  }
  let port = DEFAULT_SSH_PORT;
  if (portText !== null) {
    if (!/^[0-9]{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) return `port "${portText}" is not a port number 1..65535`;
    port = Number(portText);
  }
  return { user, host, port };
}

/** `user@host:port` (IPv6 in brackets, no port when 22), for messages; parseSshAddress reads it back. */
export function sshAddressText(a: SshAddress): string {
  const host = a.host.includes(':') ? `[${a.host}]` : a.host;
  return `${a.user}@${host}${a.port === DEFAULT_SSH_PORT ? '' : `:${a.port}`}`;
}
