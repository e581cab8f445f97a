// A virtual's or real server's `port` as lvsd reads it: a number, or a name from /etc/services
// (lvsd resolves names with getservbyname). Reading this host's /etc/services would make the merge
// depend on the machine it runs on (and on --root), so the names a router is likely to use are
// kept here; an unknown name matches nothing and the service shows as not found, with the name.

import { cInt } from '../config/model';

/** /etc/services (IANA) names for the ports LVS routers usually balance. */
const SERVICE_PORTS: ReadonlyMap<string, number> = new Map([
  ['ftp-data', 20], ['ftp', 21], ['ssh', 22], ['telnet', 23], ['smtp', 25], ['domain', 53],
  ['http', 80], ['www', 80], ['www-http', 80], ['pop3', 110], ['nntp', 119], ['ntp', 123],
  ['imap', 143], ['imap2', 143], ['snmp', 161], ['ldap', 389], ['https', 443], ['microsoft-ds', 445],
  ['smtps', 465], ['submissions', 465], ['syslog', 514], ['submission', 587], ['ldaps', 636],
  ['rsync', 873], ['imaps', 993], ['pop3s', 995], ['ms-sql-s', 1433], ['openvpn', 1194],
  ['radius', 1812], ['radius-acct', 1813], ['mysql', 3306], ['ms-wbt-server', 3389], ['diameter', 3868],
  ['sip', 5060], ['sip-tls', 5061], ['postgresql', 5432], ['squid', 3128], ['http-alt', 8080],
  ['webcache', 8080], ['memcache', 11211],
]);

/** The port number of `text` ("80", "0x50", "http"), null when it names no port lvs-tui knows. */
export function servicePort(text: string | null): number | null {
  if (text === null) return null;
  const t = text.trim();
  if (t === '') return null;
  // strtol as lvsd reads numbers; a value out of the port range is what it is: no service has it
  if (/^[0-9+-]/.test(t)) {
    const n = cInt(t);
    return n >= 0 && n <= 65535 ? n : null;
  }
  return SERVICE_PORTS.get(t.toLowerCase()) ?? null;
}
