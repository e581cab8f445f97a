// The start of an ipvsadm service line (with -n), shared by -Ln, --stats, --rate and
// --persistent-conn: `TCP  10.0.0.10:80`, `SCTP 10.0.0.70:3868`, `TCP  [2001:db8:10::10]:80`,
// `FWM  100`, `FWM  100 IPv6`. ipvsadm 1.26-1.31 printed the mark with %d, so marks of 2^31 and
// above show negative (pitfall 4): they are read back as unsigned.

import { IpvsProtocol, ServiceKey } from './ipvs-types';
import { signedDecimal } from './parse-fields';
import { fastIpv4HostPort, parseTextHostPort } from './parse-address';

export interface ServiceName {
  readonly key: ServiceKey;
  /** index of the first field after the name */
  readonly next: number;
}

/** Reads the service name from fields f; null when they do not start with one. */
export function parseIpvsadmServiceName(f: readonly string[]): ServiceName | null {
  const protocol = f[0];
  if (f.length < 2) return null;
  if (protocol === 'FWM') {
    const mark = signedDecimal(f[1]);
    if (mark === null || mark < -2147483648 || mark > 4294967295) return null;
    const v6 = f[2] === 'IPv6';
    return { key: { protocol: 'FWM', af: v6 ? 6 : 4, address: '', port: 0, fwmark: mark >>> 0 }, next: v6 ? 3 : 2 };
  }
  if (protocol !== 'TCP' && protocol !== 'UDP' && protocol !== 'SCTP') return null;
  // the common canonical dotted quad without parseTextHostPort's regexes and split/map/join (a
  // service line of each listing, every tick)
  const hp = fastIpv4HostPort(f[1], 0, f[1].length) ?? parseTextHostPort(f[1]);
  if (hp === null) return null;
  return { key: { protocol: protocol as IpvsProtocol, af: hp.af, address: hp.address, port: hp.port, fwmark: 0 }, next: 2 };
}
