// From the two files to what the firewall renderer needs: each mark's rule with its VIP filled in
// from the virtual server carrying that fwmark, and the NAT subnet FTP masquerading applies to.

import { ConfigFacts, VirtualFacts } from '../config/model';
import { ipv4FromString } from '../config/validate/bytes';
import { MarkProtocol, PortRange, Sidecar } from './sidecar-model';
import { ipText } from './sidecar-parse';

/** One MARK rule set: packets of `protocol` to `vip` on `ports` get `mark`. */
export interface MarkRule {
  readonly mark: number;
  readonly protocol: MarkProtocol;
  /** `a.b.c.d/prefix`, network-aligned as iptables-save prints it (a VIP from lvs.cf is /32) */
  readonly vip: string;
  readonly ports: readonly PortRange[];
}

export interface NatSubnet {
  readonly network: string;
  readonly prefix: number;
}

/** The virtual servers (not failover services) using a firewall mark, in file order. */
export function virtualsWithMark<V extends VirtualFacts>(config: { readonly virtuals: readonly V[] }, mark: number): V[] {
  return config.virtuals.filter((v) => v.kind === 'virtual' && v.fwmark === mark);
}

/**
 * The VIP a mark entry without `vip:` takes: that of the virtual with the mark (an active one
 * first; lvs.cf's validator reports marks used twice). Null when none has a dotted-quad VIP
 * (host names are not resolved here).
 */
export function vipForMark(config: ConfigFacts, mark: number): string | null {
  const vs = virtualsWithMark(config, mark).filter((v) => ipv4FromString(v.vip) >= 0);
  const v = vs.find((x) => x.active) ?? vs[0];
  return v ? `${v.vip}/32` : null;
}

/** The sidecar's mark entries as rules, in file order; entries whose VIP is unknown are left out (checkAgreement reports them). */
export function resolveMarks(config: ConfigFacts, sidecar: Sidecar): MarkRule[] {
  return resolveIndexed(config, sidecar).map(({ index: _index, ...rule }) => rule);
}

export function resolveIndexed(config: ConfigFacts, sidecar: Sidecar): Array<MarkRule & { index: number }> {
  const out: Array<MarkRule & { index: number }> = [];
  for (const m of sidecar.firewallMarks) {
    const vip = m.vip ?? vipForMark(config, m.mark);
    if (vip === null || m.ports.length === 0) continue;
    out.push({ mark: m.mark, protocol: m.protocol, vip, ports: m.ports, index: m.index });
  }
  return out;
}

/** The NAT router's subnet (nat_router's address masked by nat_nmask), or null when either is missing or not dotted. */
export function natSubnet(config: ConfigFacts): NatSubnet | null {
  const router = ipv4FromString(config.global.natRouter);
  const mask = ipv4FromString(config.global.settings.get('nat_nmask')?.value ?? null);
  if (router < 0 || mask < 0) return null;
  const prefix = prefixOf(mask);
  if (prefix < 0) return null;
  const m = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return { network: ipText((router & m) >>> 0), prefix };
}

/** The prefix length of a contiguous netmask, -1 for a non-contiguous one. */
function prefixOf(mask: number): number {
  let n = 0;
  while (n < 32 && mask & (0x80000000 >>> n)) n++;
  const expect = n === 0 ? 0 : (0xffffffff << (32 - n)) >>> 0;
  return mask >>> 0 === expect ? n : -1;
}

/** Do two `a.b.c.d/n` destinations share an address? */
export function subnetsOverlap(a: string, b: string): boolean {
  const [ia, pa] = splitCidr(a);
  const [ib, pb] = splitCidr(b);
  const p = Math.min(pa, pb);
  const m = p === 0 ? 0 : (0xffffffff << (32 - p)) >>> 0;
  return ((ia & m) >>> 0) === ((ib & m) >>> 0);
}

function splitCidr(c: string): [number, number] {
  const [ip, p] = c.split('/');
  return [ipv4FromString(ip), p === undefined ? 32 : Number(p)];
}
