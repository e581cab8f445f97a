// lvs.cf → keepalived.conf for the two routers of the pair (anchors.md §1.3). Pure: the model in,
// the files' texts and the warnings out; src/cli/commands/export-keepalived.ts writes them.
//
// Choices (README "keepalived export"):
// - one vrrp_instance "LVS" holds every VIP pulse raises (active virtuals' addresses, nat_router);
//   the primary is MASTER priority 150, the backup BACKUP priority 100; advert_int = keepalive;
//   unicast_src_ip / unicast_peer = the routers' public addresses (pulse's heartbeat is unicast UDP);
//   virtual_router_id 51; no authentication (pulse had none). Without redundancy only the
//   primary's file is written.
// - a VIP without vip_nmask gets the classful mask, as `ifconfig DEV IP up` gave it.
// - inactive virtual and real servers, and virtuals with no active real server, are written
//   commented out: pulse does not start them, and the admin can still see and enable them.
// - a server's check is TCP_CHECK, HTTP_GET or a MISC_CHECK wrapper (keepalived-checker.ts) with
//   connect_timeout/misc_timeout = timeout, delay_loop = timeout, retry 0 (nanny takes a server out
//   at the first failed check).

import { LvsConfig, RealServer, VirtualServer, cInt } from '../config/model';
import { SCHEDULERS, Scope, keySpec } from '../config/schema';
import { Setting } from '../config/model';
import { renderCheckScript } from './check-script';
import { Checker, chooseChecker } from './keepalived-checker';

export interface ExportFile {
  /** a file name inside the output directory */
  readonly name: string;
  readonly text: string;
  /** permission bits of a new file */
  readonly mode: number;
}

export interface ExportWarning {
  /** `global`, `virtual www`, `server web1 of virtual www` */
  readonly where: string;
  readonly message: string;
}

export interface KeepalivedExport {
  readonly files: readonly ExportFile[];
  readonly warnings: readonly ExportWarning[];
  /** the network interfaces the files name (keepalived -t wants them to exist) */
  readonly interfaces: readonly string[];
}

export interface KeepalivedOptions {
  /** absolute directory the files are written to: the wrapper scripts' paths in misc_path */
  readonly dir: string;
  /** the lvs.cf path, for the header */
  readonly source: string;
  readonly version: string;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const DEVICE = /^[A-Za-z0-9_.-]{1,15}$/;
const LABEL = /^[A-Za-z0-9_.:-]{1,15}$/;
export const VRRP_INSTANCE = 'LVS';
export const VIRTUAL_ROUTER_ID = 51;

/** Well-known /etc/services names a virtual's port may be written as (pulse reads /etc/services). */
const SERVICES: Record<string, number> = {
  ftp: 21, ssh: 22, telnet: 23, smtp: 25, domain: 53, tftp: 69, http: 80, www: 80, pop3: 110, ntp: 123, imap: 143, imap2: 143,
  snmp: 161, ldap: 389, https: 443, submission: 587, ldaps: 636, imaps: 993, pop3s: 995, mysql: 3306, postgresql: 5432,
};

export function isIPv4(s: string | null): s is string {
  return s !== null && IPV4.test(s);
}

function portNumber(text: string): number | null {
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    return n >= 1 && n <= 65535 ? n : null;
  }
  return SERVICES[text] ?? null;
}

function prefixOfMask(mask: string): number | null {
  if (!isIPv4(mask)) return null;
  const n = mask.split('.').reduce((a, o) => a * 256 + Number(o), 0);
  const bits = n.toString(2).padStart(32, '0');
  return /^1*0*$/.test(bits) ? bits.indexOf('0') < 0 ? 32 : bits.indexOf('0') : null;
}

/** The mask `ifconfig DEV IP up` gives an address without one. */
function classfulPrefix(ip: string): number {
  const first = Number(ip.split('.')[0]);
  return first < 128 ? 8 : first < 192 ? 16 : first < 224 ? 24 : 32;
}

function value(scope: Scope, settings: ReadonlyMap<string, Setting>, key: string): string | null {
  return settings.get(key)?.value ?? keySpec(scope, key)?.daemonDefault ?? null;
}

interface Vip {
  readonly ip: string;
  readonly prefix: number;
  readonly dev: string;
  readonly label: string | null;
}

/** `eth0:1` → dev eth0 label eth0:1; null when the name cannot be an interface. */
function splitDevice(device: string | null): { dev: string; label: string | null } | null {
  if (device === null) return null;
  const dev = device.split(':')[0];
  if (!DEVICE.test(dev)) return null;
  if (device === dev) return { dev, label: null };
  return LABEL.test(device) ? { dev, label: device } : null;
}

class Collector {
  readonly warnings: ExportWarning[] = [];
  warn(where: string, message: string): void {
    this.warnings.push({ where, message });
  }
}

const vWhere = (v: VirtualServer) => `virtual ${v.name}`;
const sWhere = (v: VirtualServer, s: RealServer) => `server ${s.name} of virtual ${v.name}`;

function scriptName(v: VirtualServer, index: number): string {
  const safe = v.name.replace(/[^A-Za-z0-9_.-]/g, '_');
  return `check-${safe || `virtual-${index + 1}`}.sh`;
}

interface VirtualPlan {
  readonly lines: string[];
  readonly scripts: ExportFile[];
  readonly usesScripts: boolean;
}

function indent(lines: readonly string[], by: string): string[] {
  return lines.map((l) => (l === '' ? l : by + l));
}

function commentOut(lines: readonly string[]): string[] {
  return lines.map((l) => `# ${l}`);
}

function checkerLines(checker: Checker, timeout: number, rport: number, connectPort: boolean, script: { path: string; host: string } | null): string[] {
  const port = connectPort ? [`    connect_port ${rport}`] : [];
  switch (checker.kind) {
    case 'tcp':
      return ['TCP_CHECK {', ...port, `    connect_timeout ${timeout}`, '    retry 0', '}'];
    case 'http':
      return ['HTTP_GET {', '    url {', `        path ${checker.path}`, `        status_code ${checker.status}`, '    }', ...port, `    connect_timeout ${timeout}`, '    retry 0', '}'];
    case 'misc':
      return ['MISC_CHECK {', `    misc_path "${script!.path} ${script!.host} ${rport}"`, `    misc_timeout ${timeout}`, '}'];
  }
}

function renderVirtual(v: VirtualServer, index: number, config: LvsConfig, opts: KeepalivedOptions, out: Collector): VirtualPlan {
  const where = vWhere(v);
  const get = (k: string) => value('virtual', v.settings, k);
  const lines: string[] = [`# virtual ${v.name} (lvs.cf line ${v.line})`];
  const skip = (why: string): VirtualPlan => {
    out.warn(where, `not exported: ${why}`);
    return { lines, scripts: [], usesScripts: false };
  };
  if (v.kind === 'failover') return skip('failover services (fos) have no keepalived equivalent');
  const port = portNumber(v.port);
  if (port === null) return skip(`port "${v.port}" is not a number lvs-tui knows (write it as a number)`);
  if (v.fwmark === 0 && v.vip === null) return skip('it has no address');
  if (v.fwmark === 0 && !isIPv4(v.vip)) return skip(`the virtual address "${v.vip}" is not an IPv4 address (keepalived takes no host names)`);
  if (!(SCHEDULERS as readonly string[]).includes(v.scheduler)) return skip(`scheduler "${v.scheduler}" is not one lvsd accepts`);
  const protocol = v.protocol === 'udp' ? 'UDP' : v.protocol === 'tcp' ? 'TCP' : null;
  if (protocol === null) return skip(`protocol "${v.protocol}" is neither tcp nor udp`);
  const timeout = Math.max(1, cInt(get('timeout')));
  const reentry = cInt(get('reentry'));
  const network = config.global.network;
  const kind = network === 'direct' ? 'DR' : network === 'tunnel' ? 'TUN' : 'NAT';
  const fwmark = v.fwmark > 0;

  const body: string[] = [`delay_loop ${timeout}`, `lb_algo ${v.scheduler}`, `lb_kind ${kind}`];
  if (!fwmark) body.push(`protocol ${protocol}`);
  if (v.persistent > 0) {
    body.push(`persistence_timeout ${v.persistent}`);
    const pmask = get('pmask');
    if (pmask !== null && pmask !== '255.255.255.255') {
      if (prefixOfMask(pmask) !== null) body.push(`persistence_granularity ${pmask}`);
      else out.warn(where, `pmask ${pmask} is not a netmask: persistence_granularity left out (one client address at a time)`);
    }
  }
  if (cInt(get('quiesce_server')) === 1) {
    body.push('inhibit_on_failure');
    out.warn(where, 'quiesce_server = 1 → inhibit_on_failure: a failed server stays at weight 0, as nanny -q does; Red Hat\'s docs describe quiesce as resetting the connection counts when a server comes back, which keepalived does not do');
  }
  const sorry = get('sorry_server');
  if (sorry !== null) {
    if (isIPv4(sorry)) body.push(fwmark ? `sorry_server ${sorry}` : `sorry_server ${sorry} ${port}`);
    else out.warn(where, `sorry_server "${sorry}" is not an IPv4 address: left out`);
  }
  const load = get('load_monitor');
  if (load !== null && load !== 'none') out.warn(where, `load_monitor = ${load} is dropped: keepalived does not move weights with the real servers' load`);
  if (reentry >= 2 * timeout) {
    out.warn(where, `reentry = ${reentry}: nanny re-adds a failed server after ${Math.floor(reentry / timeout)} good checks in a row (reentry / timeout); keepalived re-adds it after the first good check`);
  }
  if (fwmark) out.warn(where, `fwmark ${v.fwmark}: keepalived does not mark packets; the iptables rules that give them mark ${v.fwmark} (lvs-tui apply, lvs-tui.yaml) are still needed`);
  if (!fwmark && v.device !== null && splitDevice(v.device) === null) out.warn(where, `device "${v.device}" cannot be an interface name: the VIP is not in virtual_ipaddress`);

  const choice = chooseChecker({
    protocol: v.protocol,
    port,
    send: get('send'),
    expect: get('expect'),
    sendProgram: get('send_program'),
    useRegex: cInt(get('use_regex')) === 1,
  });
  for (const w of choice.warnings) out.warn(where, w);
  if (choice.unknownEscapes.length) out.warn(where, `escapes nanny does not know (${[...new Set(choice.unknownEscapes)].join(' ')}) are sent as typed`);
  const scripts: ExportFile[] = [];
  let scriptPath: string | null = null;
  if (choice.checker.kind === 'misc') {
    const name = scriptName(v, index);
    scriptPath = `${opts.dir.replace(/\/+$/, '')}/${name}`;
    scripts.push({ name, text: renderCheckScript(v.name, choice.checker.script), mode: 0o755 });
  }

  let activeServers = 0;
  for (const s of v.servers) {
    const sw = sWhere(v, s);
    const rport = portNumber(s.port) ?? null;
    const head = `# server ${s.name} (line ${s.line})${s.active ? '' : ': inactive in lvs.cf'}`;
    if (!isIPv4(s.address)) {
      out.warn(sw, `address "${s.address}" is not an IPv4 address (keepalived takes no host names): left out`);
      body.push('', `${head}: left out, address "${s.address}" is not an IPv4 address`);
      continue;
    }
    if (rport === null) {
      out.warn(sw, `port "${s.port}" is not a port number: left out`);
      body.push('', `${head}: left out, port "${s.port}" is not a number`);
      continue;
    }
    // IPVS cannot change the port when routing directly or tunnelling: packets keep the virtual's
    // port (ipvsadm ignores the real port, keepalived resets it); nanny still checked RPORT.
    const forwardPort = kind === 'NAT' || fwmark ? rport : port;
    if (forwardPort !== rport && s.active) {
      out.warn(sw, `port ${rport}: with ${kind} packets keep the virtual's port ${port}; keepalived is told ${port} and checks ${rport} (connect_port)`);
    }
    const checkPort = fwmark || forwardPort !== rport;
    const rs = [
      fwmark ? `real_server ${s.address} {` : `real_server ${s.address} ${forwardPort} {`,
      `    weight ${Math.max(0, s.weight)}`,
      ...indent(checkerLines(choice.checker, timeout, rport, checkPort, scriptPath ? { path: scriptPath, host: s.address } : null), '    '),
      '}',
    ];
    body.push('', head, ...(s.active ? rs : commentOut(rs)));
    if (s.active) activeServers++;
  }
  const block = [fwmark ? `virtual_server fwmark ${v.fwmark} {` : `virtual_server ${v.vip} ${port} {`, ...indent(body, '    '), '}'];
  if (!v.active) {
    lines.push('# inactive in lvs.cf: pulse does not start it', ...commentOut(block));
    return { lines, scripts, usesScripts: false };
  }
  if (activeServers === 0) {
    lines.push('# no active real server: keepalived would ignore it', ...commentOut(block));
    return { lines, scripts, usesScripts: false };
  }
  lines.push(...block);
  return { lines, scripts, usesScripts: scripts.length > 0 };
}

/** The VIPs pulse raises: active virtuals' addresses (once each) and nat_router. */
function collectVips(config: LvsConfig): Vip[] {
  const vips = new Map<string, Vip>();
  const add = (ip: string | null, device: string | null, mask: string | null) => {
    if (!isIPv4(ip) || vips.has(ip)) return;
    const d = splitDevice(device);
    if (!d) return;
    const prefix = (mask !== null ? prefixOfMask(mask) : null) ?? classfulPrefix(ip);
    vips.set(ip, { ip, prefix: mask === '0.0.0.0' ? classfulPrefix(ip) : prefix, dev: d.dev, label: d.label });
  };
  for (const v of config.virtuals) {
    if (v.kind !== 'virtual' || !v.active) continue;
    add(v.vip, v.device, value('virtual', v.settings, 'vip_nmask'));
  }
  add(config.global.natRouter, config.global.natDevice, value('global', config.global.settings, 'nat_nmask'));
  return [...vips.values()];
}

interface Router {
  readonly role: 'primary' | 'backup';
  readonly self: string | null;
  readonly peer: string | null;
}

function renderFile(router: Router, parts: { globalDefs: string[]; vrrp: string[]; virtuals: string[] }, opts: KeepalivedOptions, config: LvsConfig): string {
  const serial = config.global.serialNo;
  const head = [
    `# keepalived.conf for the ${router.role} router${router.self ? ` (${router.self})` : ''}, written by lvs-tui ${opts.version} export`,
    `# from ${opts.source}${serial !== null ? ` (serial_no ${serial})` : ''}. Check it with: keepalived -t -f THIS_FILE`,
    '# Lines starting with "# lvs-tui:" say where keepalived behaves differently from pulse, lvsd and nanny.',
  ];
  return [...head, '', ...parts.globalDefs, '', ...parts.vrrp, ...(parts.virtuals.length ? ['', ...parts.virtuals] : [])].join('\n') + '\n';
}

export function renderKeepalived(config: LvsConfig, opts: KeepalivedOptions): KeepalivedExport {
  const out = new Collector();
  const g = (k: string) => value('global', config.global.settings, k);
  const red = config.redundancy;
  if (g('service') === 'fos') out.warn('global', 'service = fos: failover services are not LVS and are not exported');

  const virtualLines: string[] = [];
  const scripts: ExportFile[] = [];
  let usesScripts = false;
  config.virtuals.forEach((v, i) => {
    const before = out.warnings.length;
    const plan = renderVirtual(v, i, config, opts, out);
    const mine = out.warnings.slice(before);
    if (virtualLines.length) virtualLines.push('');
    const notes = mine.map((w) => `# lvs-tui: ${w.where === vWhere(v) ? '' : `${w.where}: `}${w.message}`);
    virtualLines.push(plan.lines[0], ...notes, ...plan.lines.slice(1));
    for (const s of plan.scripts) if (!scripts.some((x) => x.name === s.name)) scripts.push(s);
    usesScripts ||= plan.usesScripts;
  });

  // global_defs
  const vips = collectVips(config);
  const globalDefs = ['global_defs {', '    router_id ROUTER_ID'];
  const activeCmd = g('active_cmd');
  const inactiveCmd = g('inactive_cmd');
  if (usesScripts || (vips.length > 0 && (activeCmd !== null || inactiveCmd !== null))) globalDefs.push('    enable_script_security', '    script_user root');
  const timeouts = (['tcp', 'tcpfin', 'udp'] as const).map((k) => [k, cInt(g(`${k}_timeout`))] as const).filter(([, n]) => n > 0);
  if (timeouts.length) globalDefs.push(`    lvs_timeouts ${timeouts.map(([k, n]) => `${k} ${n}`).join(' ')}`);

  // VRRP
  const iface = vips[0]?.dev ?? null;
  const vrrp = vips.length > 0;
  if (!vrrp) out.warn('global', 'no active virtual server has a usable VIP and there is no nat_router: no vrrp_instance is written (keepalived would raise nothing)');
  for (const [key, cmd] of [['active_cmd', activeCmd], ['inactive_cmd', inactiveCmd]] as const) {
    if (cmd !== null && !vrrp) out.warn('global', `${key} is not exported: there is no vrrp_instance to run it (notify_${key === 'active_cmd' ? 'master' : 'backup'})`);
  }
  if (inactiveCmd !== null && vrrp) {
    out.warn('global', 'inactive_cmd → notify_backup: keepalived also runs it when it starts as BACKUP, where pulse ran it only on losing the active role');
  }
  if (red.syncDaemon && !vrrp) out.warn('global', 'syncdaemon = 1: lvs_sync_daemon needs a vrrp_instance; left out');
  else if (red.syncDaemon) {
    const d = splitDevice(red.syncdIface);
    if (d) globalDefs.push(`    lvs_sync_daemon ${d.dev} ${VRRP_INSTANCE} id ${red.syncdId & 0xff}`);
    else out.warn('global', `syncd_iface "${red.syncdIface}" cannot be an interface name: lvs_sync_daemon left out`);
  }
  globalDefs.push('}');

  const keepalive = Math.max(1, red.keepalive);
  const primary = g('primary');
  const backup = red.backup;
  if (red.enabled) {
    out.warn('global', `heartbeat: pulse's UDP heartbeat (port ${red.heartbeatPort}) becomes VRRP, IP protocol 112, unicast between the routers' public addresses: open the firewalls for it; virtual_router_id ${VIRTUAL_ROUTER_ID} must be unique on the network`);
    if (red.deadtime !== 3 * keepalive) {
      out.warn('global', `deadtime = ${red.deadtime}: VRRP declares the master dead after about 3 × advert_int = ${3 * keepalive} s (advert_int = keepalive = ${keepalive})`);
    }
    const pp = g('primary_private');
    const bp = g('backup_private');
    if ((pp !== null && pp !== primary) || (bp !== null && bp !== backup)) {
      out.warn('global', 'primary_private/backup_private: pulse\'s second heartbeat path is not exported; VRRP runs on the public addresses only');
    }
    for (const [name, addr] of [['primary', primary], ['backup', backup]] as const) {
      if (!isIPv4(addr)) out.warn('global', `${name} "${addr ?? ''}" is not an IPv4 address: no unicast_src_ip/unicast_peer (VRRP falls back to multicast)`);
    }
  }
  if (g('hard_shutdown') !== null && config.global.settings.has('hard_shutdown')) {
    out.warn('global', 'hard_shutdown: keepalived has no equivalent (a failing checker never stops the router)');
  }
  if (config.virtuals.some((v) => v.active && v.servers.some((s) => s.active))) {
    out.warn('global', 'slow start: nanny adds a server at weight >> 5 and doubles it up to its weight; keepalived adds it at its full weight');
  }

  const tracked = red.monitorLinks ? [...new Set(vips.map((v) => v.dev))].filter((d) => d !== iface) : [];
  const vrrpFor = (r: Router): string[] => {
    if (!vrrp) return ['# no vrrp_instance: no VIP to raise'];
    const lines = [
      `vrrp_instance ${VRRP_INSTANCE} {`,
      `    state ${r.role === 'primary' ? 'MASTER' : 'BACKUP'}`,
      `    interface ${iface}`,
      `    virtual_router_id ${VIRTUAL_ROUTER_ID}`,
      `    priority ${r.role === 'primary' ? 150 : 100}`,
      `    advert_int ${keepalive}`,
    ];
    if (red.enabled && isIPv4(r.self) && isIPv4(r.peer)) lines.push(`    unicast_src_ip ${r.self}`, '    unicast_peer {', `        ${r.peer}`, '    }');
    if (tracked.length) lines.push('    track_interface {', ...tracked.map((d) => `        ${d}`), '    }');
    if (vips.length) {
      lines.push('    virtual_ipaddress {', ...vips.map((v) => `        ${v.ip}/${v.prefix} dev ${v.dev}${v.label ? ` label ${v.label}` : ''}`), '    }');
    }
    if (activeCmd !== null) lines.push(`    notify_master "${activeCmd.replace(/"/g, '')}"`);
    if (inactiveCmd !== null) lines.push(`    notify_backup "${inactiveCmd.replace(/"/g, '')}"`);
    lines.push('}');
    return lines;
  };

  const routers: Router[] = [{ role: 'primary', self: primary, peer: backup }];
  if (red.enabled) routers.push({ role: 'backup', self: backup, peer: primary });
  const files: ExportFile[] = routers.map((r) => ({
    name: `keepalived-${r.role}.conf`,
    text: renderFile(r, { globalDefs: globalDefs.map((l) => l.replace('ROUTER_ID', `lvs_${r.role}`)), vrrp: vrrpFor(r), virtuals: virtualLines }, opts, config),
    mode: 0o644,
  }));
  const interfaces = [...new Set([...(iface ? [iface] : []), ...vips.map((v) => v.dev), ...tracked, ...(red.syncDaemon && splitDevice(red.syncdIface) ? [splitDevice(red.syncdIface)!.dev] : [])])];
  return { files: [...files, ...scripts], warnings: out.warnings, interfaces };
}
