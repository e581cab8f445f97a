// Live actions on one real server, hatop-style: drain it (weight 0: no new connections, the
// existing ones finish), restore it to the weight lvs.cf gives it, or set a weight. Each is one
// `ipvsadm -e` built here as data and run by whoever holds a Runner. They change the kernel's
// table only: nanny sets the weight again when the server's health changes (and while it ramps a
// server up), lvsd rebuilds the whole table on the next pulse restart, and lvs.cf is not touched.
//
// ipvsadm's edit needs the service, the server, the forwarding method and the weight:
//   ipvsadm -e -t|-u|--sctp-service VIP:PORT | -f MARK [-6]  -r RIP:RPORT  -g|-m|-i  -w N
// The method is required in practice: without it ipvsadm sends its default (-g, direct routing)
// and the kernel would switch a NAT server to DR. It is taken from the live entry.

import type { Command } from '../system/runner';
import { ForwardMethod, IpvsSample, LiveDest, LiveService, ServiceKey, destId, serviceId } from './ipvs-types';

export type LiveActionKind = 'drain' | 'restore' | 'weight';

export interface LiveActionRequest {
  readonly kind: LiveActionKind;
  readonly service: ServiceKey;
  readonly dest: { readonly address: string; readonly port: number };
  /** for 'weight': the new weight */
  readonly weight?: number;
  /** for 'restore': the weight lvs.cf gives the server */
  readonly configuredWeight?: number;
}

export interface LiveAction {
  readonly kind: LiveActionKind;
  readonly service: LiveService;
  readonly dest: LiveDest;
  readonly fromWeight: number;
  readonly toWeight: number;
  readonly command: Command;
  /** one line for the confirmation and the log: what will change */
  readonly summary: string;
  /** why this does not last */
  readonly temporary: string;
}

export type LiveActionPlan = { readonly ok: true; readonly action: LiveAction } | { readonly ok: false; readonly reason: string };

/** The kernel's limit (IPVS weights are int, ipvsadm refuses above 65535). */
export const MAX_WEIGHT = 65535;

export const TEMPORARY_NOTE = 'temporary: nanny and the next pulse restart override it; lvs.cf is not changed';

const FORWARD_FLAG: Record<ForwardMethod, string | null> = {
  Masq: '-m',
  Route: '-g',
  // the kernel reports a local real server as Local; ipvsadm has no flag for it and saves it as -g
  Local: '-g',
  Tunnel: '-i',
  Bypass: null,
};

/** Full, lowercase form of an IPv6 address (so 2001:db8::1 and 2001:0db8:0:0::1 compare equal); IPv4 as is. */
export function normalizeAddress(address: string): string {
  const a = address.trim().toLowerCase().replace(/^\[|\]$/g, '');
  if (!a.includes(':')) return a;
  const [head, tail] = a.includes('::') ? a.split('::', 2) : [a, null];
  const h = head === '' ? [] : head.split(':');
  const t = tail === null || tail === '' ? [] : tail.split(':');
  // an embedded IPv4 tail (::ffff:10.0.0.1) counts as two groups
  const expand = (groups: string[]) =>
    groups.flatMap((g) => {
      if (!g.includes('.')) return [g];
      const o = g.split('.').map(Number);
      return [((o[0] << 8) | o[1]).toString(16), ((o[2] << 8) | o[3]).toString(16)];
    });
  const hh = expand(h);
  const tt = expand(t);
  const fill = tail === null ? [] : new Array(Math.max(0, 8 - hh.length - tt.length)).fill('0');
  return [...hh, ...fill, ...tt].map((g) => g.padStart(4, '0')).join(':');
}

export function sameService(a: ServiceKey, b: ServiceKey): boolean {
  if (a.protocol !== b.protocol) return false;
  if (a.protocol === 'FWM') return a.fwmark === b.fwmark && a.af === b.af;
  return a.port === b.port && normalizeAddress(a.address) === normalizeAddress(b.address);
}

export function findService(sample: IpvsSample, key: ServiceKey): LiveService | null {
  return sample.services.find((s) => sameService(s, key)) ?? null;
}

/**
 * The live entry of a real server. A fwmark service's servers carry port 0 (the mark, not the
 * port, picked the packets), so there the address alone decides when the port does not match.
 */
export function findDest(service: LiveService, dest: { address: string; port: number }): LiveDest | null {
  const addr = normalizeAddress(dest.address);
  const same = service.dests.filter((d) => normalizeAddress(d.address) === addr);
  const exact = same.find((d) => d.port === dest.port);
  if (exact) return exact;
  return service.protocol === 'FWM' && same.length === 1 ? same[0] : null;
}

/** `10.0.0.10:80`, `[2001:db8::10]:80`: the address:port form ipvsadm reads. */
function hostPort(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

/** ipvsadm's options naming a service. */
export function serviceArgs(s: ServiceKey): string[] {
  switch (s.protocol) {
    case 'TCP':
      return ['-t', hostPort(s.address, s.port)];
    case 'UDP':
      return ['-u', hostPort(s.address, s.port)];
    case 'SCTP':
      return ['--sctp-service', hostPort(s.address, s.port)];
    case 'FWM':
      // an IPv6 fwmark service is another service than the IPv4 one with the same mark
      return s.af === 6 ? ['-f', String(s.fwmark), '-6'] : ['-f', String(s.fwmark)];
  }
}

/** The argument list of `ipvsadm -e` giving `dest` of `service` the weight `weight` (method kept). */
export function ipvsadmEditArgs(service: ServiceKey, dest: Pick<LiveDest, 'address' | 'port' | 'forward'>, weight: number): string[] {
  const flag = FORWARD_FLAG[dest.forward];
  if (flag === null) throw new RangeError(`a ${dest.forward} entry cannot be edited with ipvsadm`);
  return ['-e', ...serviceArgs(service), '-r', hostPort(dest.address, dest.port), flag, '-w', String(weight)];
}

export function validWeight(w: number): boolean {
  return Number.isInteger(w) && w >= 0 && w <= MAX_WEIGHT;
}

/** Checks the request against the live sample and builds the command; a reason when it cannot be done. */
export function planLiveAction(req: LiveActionRequest, sample: IpvsSample, ipvsadm = 'ipvsadm'): LiveActionPlan {
  const no = (reason: string): LiveActionPlan => ({ ok: false, reason });
  if (sample.unavailable) return no(`${sample.unavailable.message}: there is no live table to change`);
  const service = findService(sample, req.service);
  if (!service) return no(`${serviceId(req.service)} is not in the live IPVS table (is this router the active one, and is the virtual server active?)`);
  const dest = findDest(service, req.dest);
  if (!dest) return no(`${destId(req.dest)} is not a real server of ${serviceId(service)} in the live table (nanny removes a server that fails its checks)`);
  if (FORWARD_FLAG[dest.forward] === null) return no(`${destId(dest)} of ${serviceId(service)} forwards by ${dest.forward}: ipvsadm cannot edit it`);
  let to: number;
  switch (req.kind) {
    case 'drain':
      to = 0;
      break;
    case 'restore':
      if (req.configuredWeight === undefined) return no('the configured weight is not known');
      to = req.configuredWeight;
      break;
    case 'weight':
      if (req.weight === undefined) return no('no weight given');
      to = req.weight;
      break;
  }
  if (!validWeight(to)) return no(`weight ${to} is out of range: 0 to ${MAX_WEIGHT}`);
  const where = `${destId(dest)} in ${serviceId(service)}`;
  const verb = req.kind === 'drain' ? `drain ${where} (no new connections; existing ones finish)` : req.kind === 'restore' ? `restore ${where} to its configured weight` : `set the weight of ${where}`;
  const summary = `${verb}: weight ${dest.weight} → ${to}${dest.weight === to ? ' (already)' : ''}`;
  return {
    ok: true,
    action: {
      kind: req.kind,
      service,
      dest,
      fromWeight: dest.weight,
      toWeight: to,
      command: { file: ipvsadm, args: ipvsadmEditArgs(service, dest, to), timeoutMs: 10_000 },
      summary,
      temporary: TEMPORARY_NOTE,
    },
  };
}

/** The command as the admin would type it (for confirmation and logs; never run through a shell). */
export function commandText(cmd: Pick<Command, 'file' | 'args'>): string {
  const quote = (a: string) => (/^[A-Za-z0-9_@%+=:,./[\]-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);
  return [cmd.file, ...cmd.args].map(quote).join(' ');
}
