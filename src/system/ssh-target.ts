// Where an SSH session goes, as the transport needs it (known_hosts names, messages). Pure. The
// text `user@host[:port]` is parsed outside src/system, by src/apply/ssh-address.ts (--host, --to
// and the sidecar share that one parser); its SshAddress has this shape.

export interface SshTarget {
  readonly user: string;
  readonly host: string;
  readonly port: number;
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
