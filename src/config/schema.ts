// The one table of every lvs.cf key (spec lvs-cf.md §2): where it may appear, its type, the value
// the daemons use when it is missing (`daemonDefault`), the value Piranha's GUI fills in for a new
// item (`guiDefault`), its label on Piranha's screens and a help line. The model, the validator, the
// editor, the forms and the help all read this table.

export type Scope = 'global' | 'virtual' | 'server';

export type KeyType =
  | 'int' // decimal integer (strtol accepts hex/octal; the validator warns)
  | 'bool' // 0 or 1
  | 'ip' // dotted quad only
  | 'host' // dotted quad or a host name resolved when pulse starts
  | 'mask' // dotted-quad netmask
  | 'addr-dev' // IP-or-host DEVICE (two words)
  | 'port' // number or /etc/services name
  | 'rport' // number only
  | 'enum'
  | 'qstring' // stored with double quotes
  | 'word' // one unquoted token
  | 'list'; // `[ a b ]` (legacy failover `dirs`)

export interface KeySpec {
  readonly key: string;
  readonly scopes: readonly Scope[];
  readonly type: KeyType;
  readonly values?: readonly string[];
  /** what pulse/lvsd/nanny use when the key is missing; null = no value */
  readonly daemonDefault: string | null;
  /** what Piranha's GUI writes for a new item; null = not written */
  readonly guiDefault: string | null;
  readonly label: string;
  readonly help: string;
  /** accepted by the C parser but only for legacy or failover use */
  readonly legacy?: boolean;
}

export const SCHEDULERS = ['rr', 'wrr', 'lc', 'wlc', 'lblc', 'lblcr', 'dh', 'sh'] as const;

const G: readonly Scope[] = ['global'];
const V: readonly Scope[] = ['virtual'];
const S: readonly Scope[] = ['server'];

export const KEYS: readonly KeySpec[] = [
  // ---- global (spec §2.1), in the order the GUI writes them (§3)
  { key: 'serial_no', scopes: G, type: 'int', daemonDefault: '0', guiDefault: '1', label: 'Serial number', help: 'Information only; Piranha adds 1 on every save.' },
  { key: 'primary', scopes: G, type: 'host', daemonDefault: null, guiDefault: null, label: 'Primary server public IP', help: 'This router is the primary when this address is local.' },
  { key: 'primary_private', scopes: G, type: 'host', daemonDefault: null, guiDefault: null, label: 'Primary server private IP', help: 'Optional second heartbeat path; defaults to the public IP.' },
  { key: 'primary_shared', scopes: G, type: 'host', daemonDefault: null, guiDefault: null, label: 'Primary shared IP', help: 'Legacy shared-SCSI feature.', legacy: true },
  { key: 'service', scopes: G, type: 'enum', values: ['lvs', 'fos'], daemonDefault: 'lvs', guiDefault: 'lvs', label: 'Service', help: 'lvs for load balancing; fos (failover services) is legacy.' },
  { key: 'rsh_command', scopes: G, type: 'enum', values: ['rsh', 'ssh'], daemonDefault: 'rsh', guiDefault: 'ssh', label: 'Remote shell', help: 'Used by load_monitor = uptime to read real servers\' load.' },
  { key: 'backup_active', scopes: G, type: 'bool', daemonDefault: '0', guiDefault: '0', label: 'Redundancy', help: '1 when a backup router takes over through the heartbeat.' },
  { key: 'backup', scopes: G, type: 'host', daemonDefault: null, guiDefault: null, label: 'Redundant server public IP', help: 'The backup router\'s public address.' },
  { key: 'backup_private', scopes: G, type: 'host', daemonDefault: null, guiDefault: null, label: 'Redundant server private IP', help: 'Backup end of the private heartbeat path; defaults to the public IP.' },
  { key: 'backup_shared', scopes: G, type: 'host', daemonDefault: null, guiDefault: null, label: 'Backup shared IP', help: 'Legacy shared-SCSI feature.', legacy: true },
  { key: 'heartbeat', scopes: G, type: 'bool', daemonDefault: '0', guiDefault: '1', label: 'Heartbeat', help: 'Written by the GUI, not used by pulse.' },
  { key: 'heartbeat_port', scopes: G, type: 'port', daemonDefault: '539', guiDefault: '539', label: 'Heartbeat runs on port', help: 'UDP port of the pulse heartbeat.' },
  { key: 'keepalive', scopes: G, type: 'int', daemonDefault: '2', guiDefault: '6', label: 'Heartbeat interval (seconds)', help: 'Seconds between heartbeats.' },
  { key: 'deadtime', scopes: G, type: 'int', daemonDefault: '5', guiDefault: '18', label: 'Assume dead after (seconds)', help: 'Heartbeat silence after which the backup takes over; must exceed the interval.' },
  { key: 'network', scopes: G, type: 'enum', values: ['nat', 'direct', 'tunnel'], daemonDefault: 'nat', guiDefault: 'direct', label: 'Network type', help: 'Forwarding method: NAT (-m), Direct Routing (-g) or Tunneling (-i).' },
  { key: 'nat_router', scopes: G, type: 'addr-dev', daemonDefault: null, guiDefault: null, label: 'NAT router IP and device', help: 'Floating gateway of the real servers, raised by the active router (e.g. 192.168.10.254 eth1:1).' },
  { key: 'nat_nmask', scopes: G, type: 'mask', daemonDefault: null, guiDefault: null, label: 'NAT router netmask', help: 'Netmask of the NAT router address.' },
  { key: 'reservation_conflict_action', scopes: G, type: 'enum', values: ['nothing', 'preempt'], daemonDefault: null, guiDefault: null, label: 'Reservation conflict action', help: 'Legacy shared-SCSI feature.', legacy: true },
  { key: 'debug_level', scopes: G, type: 'word', daemonDefault: 'NONE', guiDefault: 'NONE', label: 'Debug level', help: 'Not used by the daemons.' },
  { key: 'monitor_links', scopes: G, type: 'bool', daemonDefault: '0', guiDefault: '0', label: 'Monitor NIC links for failures', help: 'Fail over when a network link goes down.' },
  { key: 'syncdaemon', scopes: G, type: 'bool', daemonDefault: '0', guiDefault: '0', label: 'Use sync daemon', help: 'Run the IPVS connection sync daemon (master on the active router).' },
  { key: 'syncd_iface', scopes: G, type: 'word', daemonDefault: 'eth0', guiDefault: 'eth0', label: 'Sync daemon interface', help: 'Multicast interface of the sync daemon.' },
  { key: 'syncd_id', scopes: G, type: 'int', daemonDefault: '0', guiDefault: '0', label: 'Sync daemon ID', help: 'Sync id (0-255) shared by both routers.' },
  { key: 'tcp_timeout', scopes: G, type: 'int', daemonDefault: '0', guiDefault: null, label: 'TCP timeout (seconds)', help: 'ipvsadm --set; 0 keeps the kernel value.' },
  { key: 'tcpfin_timeout', scopes: G, type: 'int', daemonDefault: '0', guiDefault: null, label: 'TCP FIN timeout (seconds)', help: 'ipvsadm --set; 0 keeps the kernel value.' },
  { key: 'udp_timeout', scopes: G, type: 'int', daemonDefault: '0', guiDefault: null, label: 'UDP timeout (seconds)', help: 'ipvsadm --set; 0 keeps the kernel value.' },
  { key: 'hard_shutdown', scopes: G, type: 'bool', daemonDefault: '1', guiDefault: null, label: 'Hard shutdown', help: '1: a dead nanny stops lvsd and pulse; 0: it only logs.' },
  { key: 'active_cmd', scopes: G, type: 'word', daemonDefault: null, guiDefault: null, label: 'Command on becoming active', help: 'Absolute path; split on spaces, run without a shell.' },
  { key: 'inactive_cmd', scopes: G, type: 'word', daemonDefault: null, guiDefault: null, label: 'Command on becoming inactive', help: 'Absolute path; split on spaces, run without a shell.' },
  { key: 'ipvsadm', scopes: G, type: 'word', daemonDefault: '/sbin/ipvsadm', guiDefault: null, label: 'ipvsadm path', help: 'Path of the ipvsadm binary.' },
  { key: 'sync', scopes: G, type: 'bool', daemonDefault: '0', guiDefault: null, label: 'Sync (legacy)', help: 'Legacy key.', legacy: true },

  // ---- virtual (spec §2.2), in the order the GUI writes them
  { key: 'active', scopes: ['virtual', 'server'], type: 'bool', daemonDefault: '0', guiDefault: '0', label: 'Status', help: 'Only active items are started.' },
  { key: 'address', scopes: ['virtual', 'server'], type: 'addr-dev', daemonDefault: null, guiDefault: '0.0.0.0 eth0:1', label: 'Virtual IP Address', help: 'Virtual: VIP and device (e.g. 203.0.113.100 eth0:1). Server: the real server\'s address.' },
  { key: 'sorry_server', scopes: V, type: 'ip', daemonDefault: null, guiDefault: null, label: 'Sorry Server', help: 'Fallback address when no real server is up.' },
  { key: 'vip_nmask', scopes: V, type: 'mask', daemonDefault: null, guiDefault: null, label: 'Virtual IP Network Mask', help: 'Netmask of the VIP alias; unset means Unused.' },
  { key: 'fwmark', scopes: V, type: 'int', daemonDefault: '0', guiDefault: null, label: 'Firewall Mark', help: 'Non-zero: the service is `ipvsadm -f MARK` and iptables must mark its packets.' },
  { key: 'port', scopes: ['virtual', 'server'], type: 'port', daemonDefault: '80', guiDefault: '80', label: 'Application port', help: 'Virtual port and the real servers\' default port.' },
  { key: 'persistent', scopes: V, type: 'int', daemonDefault: '0', guiDefault: null, label: 'Persistence', help: 'Seconds a client sticks to one real server; 0 or unset for none.' },
  { key: 'pmask', scopes: V, type: 'mask', daemonDefault: null, guiDefault: null, label: 'Persistence Network Mask', help: 'Group clients by this mask for persistence (needs persistent).' },
  { key: 'send', scopes: V, type: 'qstring', daemonDefault: null, guiDefault: 'GET / HTTP/1.0\\r\\n\\r\\n', label: 'Send', help: 'String nanny sends after connecting (\\r \\n \\t \\\\ escapes).' },
  { key: 'expect', scopes: V, type: 'qstring', daemonDefault: null, guiDefault: 'HTTP', label: 'Expect', help: 'Prefix nanny expects in the reply; "*" accepts anything.' },
  { key: 'use_regex', scopes: V, type: 'bool', daemonDefault: '0', guiDefault: '0', label: 'Treat expect string as a regular expression', help: 'Match expect as a POSIX extended regex in the first 254 bytes.' },
  { key: 'send_program', scopes: V, type: 'qstring', daemonDefault: null, guiDefault: null, label: 'Sending Program', help: 'Check program (%h host, %p port); its output is compared with expect. Overrides send.' },
  { key: 'load_monitor', scopes: V, type: 'enum', values: ['none', 'rup', 'ruptime', 'uptime'], daemonDefault: 'none', guiDefault: 'none', label: 'Load monitoring tool', help: 'Adjust weights by the real servers\' load.' },
  { key: 'scheduler', scopes: V, type: 'enum', values: SCHEDULERS, daemonDefault: 'wlc', guiDefault: 'wlc', label: 'Scheduling', help: 'IPVS scheduler; lvsd accepts only rr wrr lc wlc lblc lblcr dh sh.' },
  { key: 'protocol', scopes: V, type: 'enum', values: ['tcp', 'udp'], daemonDefault: 'tcp', guiDefault: 'tcp', label: 'Protocol', help: 'tcp or udp.' },
  { key: 'timeout', scopes: V, type: 'int', daemonDefault: '10', guiDefault: '6', label: 'Service Timeout', help: 'Seconds between checks, and the check\'s own timeout.' },
  { key: 'reentry', scopes: V, type: 'int', daemonDefault: '180', guiDefault: '15', label: 'Re-entry Time', help: 'Seconds of good checks before a failed real server is re-added.' },
  { key: 'quiesce_server', scopes: V, type: 'bool', daemonDefault: '0', guiDefault: '0', label: 'Quiesce server', help: '1: a failed server gets weight 0 instead of being removed.' },
  { key: 'client_monitor', scopes: V, type: 'word', daemonDefault: '/usr/sbin/nanny', guiDefault: null, label: 'Monitor program', help: 'Path of nanny.' },
  { key: 'start_cmd', scopes: V, type: 'qstring', daemonDefault: null, guiDefault: null, label: 'Start command', help: 'Failover services (legacy).', legacy: true },
  { key: 'stop_cmd', scopes: V, type: 'qstring', daemonDefault: null, guiDefault: null, label: 'Stop command', help: 'Failover services (legacy).', legacy: true },
  { key: 'master', scopes: V, type: 'word', daemonDefault: null, guiDefault: null, label: 'Master', help: 'Legacy key.', legacy: true },
  { key: 'dirs', scopes: V, type: 'list', daemonDefault: null, guiDefault: null, label: 'Directories', help: 'Legacy key.', legacy: true },

  // ---- server (spec §2.3)
  { key: 'weight', scopes: S, type: 'int', daemonDefault: '1', guiDefault: '1', label: 'Weight', help: 'Relative share of connections (0-65535).' },
];

/** Per-scope lookup; `address`, `active` and `port` have scope-specific types and defaults. */
const BY_SCOPE: Record<Scope, Map<string, KeySpec>> = { global: new Map(), virtual: new Map(), server: new Map() };
for (const spec of KEYS) for (const s of spec.scopes) BY_SCOPE[s].set(spec.key, spec);

const SERVER_OVERRIDES: Record<string, Partial<KeySpec>> = {
  address: { type: 'host', daemonDefault: '0.0.0.0', guiDefault: '0.0.0.0', label: 'Address', help: 'The real server\'s IP address (or host name).' },
  port: { type: 'rport', daemonDefault: null, guiDefault: null, label: 'Port', help: 'Leave unset to use the virtual server\'s port.' },
  active: { label: 'Status' },
};
for (const [key, over] of Object.entries(SERVER_OVERRIDES)) {
  BY_SCOPE.server.set(key, { ...BY_SCOPE.server.get(key)!, ...over, scopes: S });
}

export function keySpec(scope: Scope, key: string): KeySpec | undefined {
  return BY_SCOPE[scope].get(key);
}

export function keysOf(scope: Scope): KeySpec[] {
  return [...BY_SCOPE[scope].values()];
}

/** The order Piranha's GUI writes keys in (spec §3), used to place new lines. */
export const GUI_ORDER: Record<Scope, readonly string[]> = {
  global: [
    'serial_no', 'primary', 'primary_private', 'primary_shared', 'service', 'rsh_command', 'backup_active',
    'backup', 'backup_private', 'backup_shared', 'heartbeat', 'heartbeat_port', 'keepalive', 'deadtime',
    'network', 'nat_router', 'nat_nmask', 'reservation_conflict_action', 'debug_level', 'monitor_links',
    'syncdaemon', 'syncd_iface', 'syncd_id', 'tcp_timeout', 'tcpfin_timeout', 'udp_timeout',
  ],
  virtual: [
    'active', 'address', 'sorry_server', 'vip_nmask', 'fwmark', 'port', 'persistent', 'pmask', 'send', 'expect',
    'use_regex', 'send_program', 'expect_program', 'load_monitor', 'scheduler', 'protocol', 'timeout',
    'reentry', 'quiesce_server',
  ],
  server: ['address', 'active', 'port', 'weight'],
};

/** Keys Piranha's GUI writes for a new item (spec §2 "GUI on ADD", §5), in its order. */
export function guiDefaultsFor(scope: Scope): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const key of GUI_ORDER[scope]) {
    const spec = keySpec(scope, key);
    if (spec && spec.guiDefault !== null) out.push([key, spec.guiDefault]);
  }
  return out;
}

/** Indentation Piranha's GUI writes: 5 spaces in a virtual, 9 in a server. */
export const GUI_INDENT: Record<Scope, string> = { global: '', virtual: '     ', server: '         ' };
