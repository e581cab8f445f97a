// `ipvsadm -Lnc` (spec §2.7): ipvsadm re-formats /proc/net/ip_vs_conn. Row:
// `PRO MM:SS STATE SOURCE VIRTUAL DESTINATION [PENAME PEDATA]`, addresses `a.b.c.d:port` or
// `[compressed IPv6]:port`; minutes are not capped at 59 (900 s is 15:00). Fwmark templates show
// the mark as an address (0.0.0.100:0).

import { fields, lines } from './parse-fields';
import { parseTextHostPort } from './parse-address';
import { ParseIssue, quote } from './parse-issue';
import { CONN_STATES, ConnTable, IpvsConnection, isTemplate, markFromAddress } from './parse-proc-ip-vs-conn';

const EXPIRE = /^(\d+):(\d\d)$/;
const PROTO = /^(TCP|UDP|SCTP|IP|ICMP|ICMPv6|IP_\d+)$/;

function parseRow(f: string[]): IpvsConnection | string {
  if (f.length !== 6 && f.length !== 8) return `unexpected layout (${f.length} fields)`;
  if (!PROTO.test(f[0])) return `unknown protocol ${quote(f[0])}`;
  const e = EXPIRE.exec(f[1]);
  if (e === null) return `unreadable expire ${quote(f[1])}`;
  const state = f[2];
  if (!CONN_STATES.has(state)) return `unknown state ${quote(state)}`;
  const c = parseTextHostPort(f[3]);
  const v = parseTextHostPort(f[4]);
  const d = parseTextHostPort(f[5]);
  if (c === null || v === null || d === null) return 'unreadable address (names instead of -n?)';
  return {
    proto: f[0],
    caddr: c.address,
    cport: c.port,
    vaddr: v.address,
    vport: v.port,
    daddr: d.address,
    dport: d.port,
    state,
    expires: Number(e[1]) * 60 + Number(e[2]),
    template: isTemplate(f[0], c.port, state),
    fwmark: f[0] === 'IP' ? markFromAddress(v.address) : 0,
    origin: null,
    peName: f.length === 8 ? f[6] : null,
    peData: f.length === 8 ? f[7] : null,
  };
}

/** Parses `ipvsadm -Lnc` output. Never throws. */
export function parseIpvsadmConn(text: string): ConnTable {
  const issues: ParseIssue[] = [];
  const connections: IpvsConnection[] = [];
  const all = lines(text);
  for (let i = 0; i < all.length; i++) {
    const f = fields(all[i]);
    if (f.length === 0) continue;
    if (f[0] === 'IPVS' || f[0] === 'pro') continue;
    const row = parseRow(f);
    if (typeof row === 'string') issues.push({ line: i + 1, message: row });
    else connections.push(row);
  }
  return { connections, sync: false, issues };
}
