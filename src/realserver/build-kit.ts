// From lvs.cf (and the ports behind each firewall mark) to the kit of every real server of a
// direct-routing or tunnelling service (pure). The methods are those of Red Hat's Load Balancer
// guide: arptables (drop ARP requests for the VIP, rewrite the VIP out of outgoing ARP, then hold
// the VIP), iptables (REDIRECT the VIP's packets to the server itself: it never holds the VIP) and
// the modern sysctl way (the VIP on lo, arp_ignore=1 and arp_announce=2). Tunnelling adds the ipip
// module, tunl0 up and holding the VIP, and rp_filter off for tunl0 (the decapsulated packets come
// from the client, whose route is not tunl0). NAT needs none of it.

import { LvsConfig, VirtualServer } from '../config/model';
import { ipv4FromString } from '../config/validate/bytes';
import type { MarkRule } from '../apply/sidecar-resolve';
import { KIT_FILES, Kit, KitAction, KitGroup, KitOptions, KitPlatform, KitService, RealServerKit } from './kit-model';

/** One REDIRECT rule's match: packets of `protocol` to `dest` (a.b.c.d/prefix) on `ports` ("80", "10000:20000"). */
interface Redirect {
  readonly dest: string;
  readonly protocol: string;
  readonly ports: string;
}

interface Gathered {
  readonly address: string;
  readonly services: KitService[];
  readonly vips: string[];
  readonly redirects: Redirect[];
}

const isIPv4 = (s: string | null): s is string => s !== null && ipv4FromString(s) >= 0;

/** The arptables chains: arptables_jf (RHEL 5/6, the guide) names them IN and OUT, later arptables INPUT and OUTPUT. */
export function defaultArpChains(platform: KitPlatform): { in: string; out: string } {
  return platform === 'rhel6' ? { in: 'IN', out: 'OUT' } : { in: 'INPUT', out: 'OUTPUT' };
}

function serviceText(v: VirtualServer, marks: readonly MarkRule[]): string {
  if (!v.fwmark) return `${v.protocol} ${v.port}`;
  const own = marks.filter((m) => m.mark === v.fwmark);
  if (!own.length) return `fwmark ${v.fwmark}`;
  return `fwmark ${v.fwmark} (${own.map((m) => `${m.protocol} ${m.ports.map((r) => (r.from === r.to ? `${r.from}` : `${r.from}:${r.to}`)).join(', ')}`).join('; ')})`;
}

/** The REDIRECT matches of a virtual server; a problem instead when its ports are unknown. */
function redirectsOf(v: VirtualServer, marks: readonly MarkRule[]): Redirect[] | string {
  if (v.fwmark) {
    const own = marks.filter((m) => m.mark === v.fwmark);
    if (!own.length) return `virtual ${v.name}: fwmark ${v.fwmark} has no ports in lvs-tui.yaml (firewall_marks), so the REDIRECT rules cannot be written`;
    return own.flatMap((m) => m.ports.map((r) => ({ dest: m.vip, protocol: m.protocol, ports: r.from === r.to ? `${r.from}` : `${r.from}:${r.to}` })));
  }
  if (!/^[0-9]+$/.test(v.port)) return `virtual ${v.name}: port "${v.port}" is a service name: write it as a number for the REDIRECT rule`;
  return [{ dest: `${v.vip}/32`, protocol: v.protocol, ports: String(Number(v.port)) }];
}

function network(config: LvsConfig): Kit['network'] | null {
  const n = config.global.network;
  return n === 'nat' || n === 'direct' || n === 'tunnel' ? n : null;
}

/** The kit of every real server of the (chosen) virtual servers. */
export function buildKit(config: LvsConfig, marks: readonly MarkRule[], opts: KitOptions): Kit {
  const device = opts.device ?? 'eth0';
  const net = network(config);
  const base = { method: opts.method, platform: opts.platform, device };
  const problems: string[] = [];
  const virtuals = config.virtuals.filter((v) => v.kind === 'virtual' && (opts.virtual === undefined || v.name === opts.virtual));
  if (opts.virtual !== undefined && !virtuals.length) problems.push(`no virtual server named "${opts.virtual}"`);
  if (net === null) return { ...base, network: 'nat', servers: [], notes: [], problems: [...problems, `network = ${config.global.network}: not nat, direct or tunnel`] };
  if (net === 'nat') {
    const router = config.global.natRouter;
    return {
      ...base,
      network: net,
      servers: [],
      notes: [
        'network = nat: the real servers need no VIP, no ARP change and no REDIRECT rule.',
        router ? `Their default gateway must be the router's NAT address ${router} (nat_router), e.g. \`ip route replace default via ${router}\`.` : "Their default gateway must be the router's NAT address (nat_router, not set in lvs.cf).",
      ],
      problems,
    };
  }

  const byAddress = new Map<string, Gathered>();
  for (const v of virtuals) {
    if (!isIPv4(v.vip)) {
      problems.push(`virtual ${v.name}: VIP "${v.vip ?? ''}" is not an IPv4 address (a host name is resolved by pulse, not here): left out`);
      continue;
    }
    const redirects = opts.method === 'iptables' ? redirectsOf(v, marks) : [];
    if (typeof redirects === 'string') {
      problems.push(redirects);
      continue;
    }
    for (const s of v.servers) {
      if (!isIPv4(s.address)) {
        problems.push(`virtual ${v.name}, server ${s.name}: address "${s.address}" is not an IPv4 address: left out`);
        continue;
      }
      let g = byAddress.get(s.address);
      if (!g) byAddress.set(s.address, (g = { address: s.address, services: [], vips: [], redirects: [] }));
      g.services.push({ virtual: v.name, server: s.name, vip: v.vip, service: serviceText(v, marks), active: v.active && s.active });
      if (!g.vips.includes(v.vip)) g.vips.push(v.vip);
      for (const r of redirects) if (!g.redirects.some((x) => x.dest === r.dest && x.protocol === r.protocol && x.ports === r.ports)) g.redirects.push(r);
    }
  }
  const servers = [...byAddress.values()].map((g) => serverKit(g, net, { ...opts, device }));
  const notes =
    opts.method === 'iptables'
      ? ['iptables: the real servers never hold the VIP, so they never answer ARP for it; the service must listen on the port (or on all addresses).']
      : [];
  return { ...base, network: net, servers, notes, problems };
}

const sysctl = (key: string, value: string): KitAction => ({ kind: 'sysctl', key, value });

function serverKit(g: Gathered, net: 'direct' | 'tunnel', opts: KitOptions & { device: string }): RealServerKit {
  const live: KitGroup[] = [];
  const tunnel = net === 'tunnel';
  if (tunnel) {
    live.push({
      title: 'Receive the tunnel',
      why: [
        'The router wraps each packet for the VIP in IP-in-IP; the ipip module unwraps it on tunl0.',
        'The unwrapped packet comes from the client, not over tunl0: reverse-path filtering must be off',
        'for tunl0 (the kernel uses the higher of "all" and the interface; your other interfaces keep theirs).',
      ],
      actions: [{ kind: 'module', name: 'ipip' }, { kind: 'link-up', dev: 'tunl0' }, sysctl('net.ipv4.conf.tunl0.rp_filter', '0'), sysctl('net.ipv4.conf.all.rp_filter', '0')],
      stage: 'live',
    });
  }
  const holdOn = (dev: string): KitAction[] => g.vips.map((vip, i) => ({ kind: 'address', address: vip, prefix: 32, dev, label: dev === 'tunl0' ? null : `${dev}:${i}` }));
  const dev = opts.device;
  switch (opts.method) {
    case 'sysctl':
      live.push({
        title: 'Do not answer ARP for the VIPs',
        why: [
          'arp_ignore=1: answer ARP only for addresses of the interface the request came in on (not lo);',
          'arp_announce=2: never use a VIP as the source of this server\'s own ARP requests.',
          `The kernel uses the higher of "all" and the interface (${dev}: the one holding ${g.address}).`,
        ],
        actions: [sysctl('net.ipv4.conf.all.arp_ignore', '1'), sysctl('net.ipv4.conf.all.arp_announce', '2'), sysctl(`net.ipv4.conf.${dev}.arp_ignore`, '1'), sysctl(`net.ipv4.conf.${dev}.arp_announce`, '2')],
        stage: 'live',
      });
      live.push({
        title: tunnel ? 'Hold the VIPs on tunl0' : 'Hold the VIPs on lo',
        why: ['Packets for a VIP are accepted only when the server holds it; /32, so no route to the VIP\'s subnet is added.'],
        actions: holdOn(tunnel ? 'tunl0' : 'lo'),
        stage: 'live',
      });
      break;
    case 'arptables': {
      const chains = opts.arpChains ?? defaultArpChains(opts.platform);
      live.push({
        title: 'ARP rules (arptables)',
        why: [
          'Drop ARP requests for each VIP (only the router answers them), and write this server\'s own',
          `address ${g.address} instead of a VIP into the ARP packets it sends.`,
          `Chains ${chains.in}/${chains.out}: ${opts.platform === 'rhel6' ? 'arptables_jf (RHEL 5/6); later arptables names them INPUT/OUTPUT' : 'arptables on RHEL 7 and later (arptables_jf on RHEL 5/6 names them IN/OUT)'}.`,
          'Each command adds a rule: run them once (realserver-setup --apply checks first).',
        ],
        actions: g.vips.flatMap((vip): KitAction[] => [
          { kind: 'arptables', chain: chains.in, rule: ['-d', vip, '-j', 'DROP'] },
          { kind: 'arptables', chain: chains.out, rule: ['-s', vip, '-j', 'mangle', '--mangle-ip-s', g.address] },
        ]),
        stage: 'live',
      });
      live.push({
        title: tunnel ? 'Hold the VIPs on tunl0' : `Hold the VIPs on ${dev}`,
        why: ['After the ARP rules, never before: the server must not answer ARP for a VIP even for a moment.', '/32, so no route to the VIP\'s subnet is added.'],
        actions: holdOn(tunnel ? 'tunl0' : dev),
        stage: 'live',
      });
      break;
    }
    case 'iptables':
      live.push({
        title: 'Redirect the VIPs\' packets to this server (iptables)',
        why: ['REDIRECT hands packets for the VIP to this server\'s own address: it never holds the VIP,', 'so it never answers ARP for it. Each command adds a rule: run them once (--apply checks first).'],
        actions: g.redirects.map((r) => ({ kind: 'iptables', table: 'nat', chain: 'PREROUTING', rule: ['-d', r.dest, '-p', r.protocol, '-m', r.protocol, '--dport', r.ports, '-j', 'REDIRECT'] })),
        stage: 'live',
      });
      break;
  }
  return { address: g.address, services: g.services, vips: g.vips, groups: [...live, ...bootGroups(live, opts.platform)] };
}

/** What makes the live actions survive a reboot, on each platform. */
function bootGroups(live: readonly KitGroup[], platform: KitPlatform): KitGroup[] {
  const actions = live.flatMap((g) => g.actions);
  const sysctls = actions.filter((a): a is Extract<KitAction, { kind: 'sysctl' }> => a.kind === 'sysctl');
  const addresses = actions.filter((a): a is Extract<KitAction, { kind: 'address' }> => a.kind === 'address');
  const tunnel = actions.some((a) => a.kind === 'module');
  const arp = actions.some((a) => a.kind === 'arptables');
  const ipt = actions.some((a) => a.kind === 'iptables');
  const out: KitGroup[] = [];
  const header = '# Written by lvs-tui realserver-setup: this LVS real server\'s settings. Changes here are overwritten.\n';
  if (sysctls.length) {
    out.push({
      title: 'Keep the sysctls at boot',
      why: [platform === 'rhel6' ? 'Read at boot from /etc/sysctl.d on RHEL 6 (on RHEL 5, add these lines to /etc/sysctl.conf).' : 'systemd-sysctl reads it at boot, and again for each interface as it appears.'],
      actions: [{ kind: 'file', path: KIT_FILES.sysctl, mode: 0o644, content: header + sysctls.map((s) => `${s.key} = ${s.value}\n`).join('') }],
      stage: 'boot',
    });
  }
  if (platform === 'rhel6') {
    const files: KitAction[] = [];
    if (tunnel) files.push({ kind: 'file', path: KIT_FILES.rhel6Modules, mode: 0o755, content: `#!/bin/sh\n${header}/sbin/modprobe ipip\n` });
    addresses.forEach((a, i) => {
      const device = a.dev === 'tunl0' ? (i === 0 ? 'tunl0' : `tunl0:${i}`) : a.label ?? `${a.dev}:${i}`;
      files.push({ kind: 'file', path: `${KIT_FILES.ifcfgDir}/ifcfg-${device}`, mode: 0o644, content: `${header}DEVICE=${device}\nIPADDR=${a.address}\nNETMASK=255.255.255.255\nONBOOT=yes\n` });
    });
    if (files.length) out.push({ title: 'Bring the VIPs up at boot', why: ['initscripts read these files (ifcfg aliases; the ipip module is loaded from /etc/sysconfig/modules).'], actions: files, stage: 'boot' });
    if (arp) out.push({ title: 'Keep the ARP rules at boot', why: ['arptables_jf restores /etc/sysconfig/arptables when it starts.'], actions: [{ kind: 'save', tool: 'arptables', service: 'arptables_jf', path: KIT_FILES.arptablesSaved }, { kind: 'enable', service: 'arptables_jf', manager: 'chkconfig' }], stage: 'boot' });
    if (ipt) out.push({ title: 'Keep the REDIRECT rules at boot', why: ['The iptables service restores /etc/sysconfig/iptables when it starts (it saves every live rule, yours too).'], actions: [{ kind: 'save', tool: 'iptables', service: 'iptables', path: KIT_FILES.iptablesSaved }, { kind: 'enable', service: 'iptables', manager: 'chkconfig' }], stage: 'boot' });
    return out;
  }
  const exec: string[] = [];
  for (const a of actions) {
    if (a.kind === 'link-up') exec.push(`ExecStart=/sbin/ip link set ${a.dev} up`);
    // delete first (ignoring "no such rule"), then add: the unit can run twice without doubling a rule
    if (a.kind === 'arptables') exec.push(`ExecStart=-/sbin/arptables -D ${a.chain} ${a.rule.join(' ')}`, `ExecStart=/sbin/arptables -A ${a.chain} ${a.rule.join(' ')}`);
    if (a.kind === 'iptables') exec.push(`ExecStart=-/sbin/iptables -t ${a.table} -D ${a.chain} ${a.rule.join(' ')}`, `ExecStart=/sbin/iptables -t ${a.table} -A ${a.chain} ${a.rule.join(' ')}`);
    if (a.kind === 'address') exec.push(`ExecStart=/sbin/ip addr replace ${a.address}/${a.prefix} dev ${a.dev}${a.label ? ` label ${a.label}` : ''}`);
  }
  const files: KitAction[] = [];
  if (tunnel) files.push({ kind: 'file', path: KIT_FILES.modulesLoad, mode: 0o644, content: `${header}ipip\n` });
  if (exec.length) {
    const unit =
      header +
      '[Unit]\nDescription=LVS real server: VIPs and rules for the router (lvs-tui realserver-setup)\nWants=network-online.target\nAfter=network-online.target\n\n' +
      `[Service]\nType=oneshot\nRemainAfterExit=yes\n${exec.join('\n')}\n\n[Install]\nWantedBy=multi-user.target\n`;
    files.push({ kind: 'file', path: KIT_FILES.unitPath, mode: 0o644, content: unit });
    files.push({ kind: 'enable', service: KIT_FILES.unit, manager: 'systemctl' });
  }
  if (files.length) {
    out.push({
      title: 'Redo it at boot',
      why: [exec.length ? 'A oneshot unit redoes the rules and addresses above at boot, in the same order.' : 'The ipip module is loaded at boot.', ...(tunnel ? ['modules-load.d loads ipip at boot (tunl0 appears with it).'] : [])],
      actions: files,
      stage: 'boot',
    });
  }
  return out;
}
