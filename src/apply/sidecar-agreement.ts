// lvs.cf and lvs-tui.yaml read together: the marks lvs.cf's fwmark services expect against the ports
// the sidecar marks, and FTP masquerading against the forwarding method. Each diagnostic names the
// file it points into (`file`), since it may be either.

import { Diagnostic, Severity, Span, compareDiagnostics } from '../config/diagnostic';
import { ConfigFacts, VirtualFacts, VirtualServer } from '../config/model';
import { ipv4FromString } from '../config/validate/bytes';
import { nameSpan, valueSpan } from '../config/validate/spans';
import { FirewallMark, SIDECAR_NAME, Sidecar, sidecarPathKey } from './sidecar-model';
import { rangeText } from './sidecar-parse';
import { natSubnet, resolveIndexed, subnetsOverlap, vipForMark, virtualsWithMark } from './sidecar-resolve';

/** A diagnostic with the path of the file its span points into. */
export interface PlacedDiagnostic extends Diagnostic {
  readonly file: string;
}

const FILE_START: Span = { line: 1, column: 1, length: 1 };

/**
 * Where a virtual sets a key: the value in the file, else the virtual's name; at the line's start
 * when only the values are known (the quick reader's, which keeps lines, not the tree).
 */
function keySpanOf(v: VirtualFacts, key: string): Span {
  const s = v.settings.get(key);
  const exact = valueSpan(s);
  if (exact) return exact;
  if (s && s.node === null && s.line !== null) return { line: s.line, column: 1, length: 1 };
  return 'block' in v ? nameSpan((v as VirtualServer).block, v.line) : { line: v.line, column: 1, length: 1 };
}

export function checkAgreement(config: ConfigFacts, sidecar: Sidecar, sidecarPath: string = SIDECAR_NAME, configPath = 'lvs.cf'): PlacedDiagnostic[] {
  const out: PlacedDiagnostic[] = [];
  const inSidecar = (severity: Severity, code: string, message: string, path: Array<string | number>) => {
    const span = sidecar.spans.get(sidecarPathKey(path)) ?? sidecar.spans.get(sidecarPathKey(path.slice(0, 2))) ?? FILE_START;
    out.push({ file: sidecarPath, severity, code, message, span });
  };
  const inConfig = (severity: Severity, code: string, message: string, span: Span) => out.push({ file: configPath, severity, code, message, span });
  const entriesOf = (mark: number) => sidecar.firewallMarks.filter((m) => m.mark === mark);

  // lvs.cf's fwmark services against the sidecar's marks
  for (const v of config.virtuals) {
    if (v.kind !== 'virtual' || v.fwmark <= 0) continue;
    const span = keySpanOf(v, 'fwmark');
    const entries = entriesOf(v.fwmark);
    if (entries.length === 0) {
      inConfig('warning', 'fwmark-without-ports', `virtual "${v.name}" uses fwmark ${v.fwmark} but ${sidecarPath} marks no ports with it: no packet reaches this service unless something else sets the mark (add a firewall_marks entry with mark: ${v.fwmark})`, span);
      continue;
    }
    const port = /^[0-9]+$/.test(v.port) ? Number(v.port) : null;
    if (port === null) continue; // a service name: its number is /etc/services' business
    const covered = entries.some((m) => m.protocol === v.protocol && m.ports.some((r) => r.from <= port && port <= r.to));
    if (!covered) {
      const at = entries.find((m) => m.protocol === v.protocol) ?? entries[0];
      inSidecar('warning', 'port-not-marked', `port ${port}/${v.protocol} of virtual "${v.name}" (fwmark ${v.fwmark}) is not among the ports marked ${v.fwmark}: nanny checks the servers there, but clients on that port are not balanced by this service`, ['firewall_marks', at.index, 'ports']);
    }
  }

  // the sidecar's marks against lvs.cf
  const reported = new Set<number>();
  for (const m of sidecar.firewallMarks) {
    const vs = virtualsWithMark(config, m.mark);
    if (vs.length === 0) {
      if (!reported.has(m.mark)) inSidecar('warning', 'mark-without-virtual', `no virtual server in ${configPath} uses fwmark ${m.mark}: the packets get the mark but IPVS has no service for it`, ['firewall_marks', m.index, 'mark']);
      reported.add(m.mark);
      continue;
    }
    if (m.vip === null && vipForMark(config, m.mark) === null) {
      const names = vs.map((v) => `"${v.name}"`).join(', ');
      inSidecar('error', 'mark-without-vip', `mark ${m.mark} has no vip: and its virtual server ${names} has no IPv4 address to take it from; add vip: to this entry or a dotted-quad address to the virtual`, ['firewall_marks', m.index, 'mark']);
    }
  }

  // one packet, two marks: the MARK rule that comes last wins, silently
  const rules = resolveIndexed(config, sidecar);
  for (let i = 0; i < rules.length; i++) {
    for (let j = 0; j < i; j++) {
      const [a, b] = [rules[j], rules[i]];
      if (a.mark === b.mark || a.protocol !== b.protocol || !subnetsOverlap(a.vip, b.vip)) continue;
      const clash = b.ports.find((p) => a.ports.some((q) => p.from <= q.to && q.from <= p.to));
      if (clash) inSidecar('error', 'mark-port-conflict', `${rangeText(clash)}/${b.protocol} to ${b.vip} also gets mark ${a.mark} (entry ${a.index + 1}): a packet can carry one mark, and the later rule would win`, ['firewall_marks', b.index, 'ports']);
    }
  }

  // IPVS looks a marked packet up by its mark first: a plain virtual on a marked VIP:port gets nothing
  for (const r of rules) {
    for (const v of config.virtuals) {
      if (v.kind !== 'virtual' || v.fwmark > 0 || v.protocol !== r.protocol || ipv4FromString(v.vip) < 0 || !/^[0-9]+$/.test(v.port)) continue;
      const port = Number(v.port);
      if (!subnetsOverlap(`${v.vip}/32`, r.vip) || !r.ports.some((p) => p.from <= port && port <= p.to)) continue;
      inSidecar('warning', 'mark-shadows-virtual', `${v.vip}:${port}/${v.protocol} gets mark ${r.mark}, so IPVS hands it to the fwmark ${r.mark} service: virtual "${v.name}" on that address and port receives nothing`, ['firewall_marks', r.index, 'ports']);
    }
  }

  // FTP masquerading works on the NAT subnet
  if (sidecar.ftpMasquerade) {
    if (config.global.network !== 'nat') {
      inSidecar('warning', 'ftp-masquerade-not-nat', `ftp_masquerade does nothing with network = ${config.global.network}: the real servers answer clients directly, not through the router`, ['ftp_masquerade']);
    } else if (natSubnet(config) === null) {
      inSidecar('error', 'ftp-masquerade-no-subnet', `ftp_masquerade needs the NAT subnet, but ${configPath} has no usable nat_router address and nat_nmask; set both (e.g. nat_router = 192.168.10.254 eth1:1, nat_nmask = 255.255.255.0)`, ['ftp_masquerade']);
    }
  }
  return out.sort((a, b) => (a.file === b.file ? compareDiagnostics(a, b) : a.file === configPath ? -1 : 1));
}

/** The sidecar's entries for a mark (for screens showing a virtual's marked ports). */
export function marksFor(sidecar: Sidecar, mark: number): FirewallMark[] {
  return sidecar.firewallMarks.filter((m) => m.mark === mark);
}
