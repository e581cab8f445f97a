// The real-server kit as data: what a real server of a direct-routing or tunnelling service must
// hold (the VIPs, without answering ARP for them; or a REDIRECT rule), as a list of actions. Each
// action is one piece of wanted state: `render-kit.ts` prints it as the command an admin pastes,
// `kit-steps.ts` (behind `--apply`) first reads whether it already holds and changes it only when
// not, so a second run changes nothing.

/** How the real server takes the VIP's packets without answering ARP for the VIP. */
export type KitMethod = 'arptables' | 'iptables' | 'sysctl';
export const KIT_METHODS: readonly KitMethod[] = ['sysctl', 'arptables', 'iptables'];

/**
 * The real server's system: `rhel6` for RHEL/CentOS 5 and 6 (arptables_jf with chains IN/OUT,
 * `service ... save`, chkconfig, ifcfg files) as in Red Hat's Load Balancer guide; `systemd` for
 * RHEL 7 and later and the other systemd distributions (arptables chains INPUT/OUTPUT, a unit file).
 */
export type KitPlatform = 'rhel6' | 'systemd';
export const KIT_PLATFORMS: readonly KitPlatform[] = ['systemd', 'rhel6'];

export type KitAction =
  /** `modprobe NAME` (the ipip module that makes tunl0) */
  | { readonly kind: 'module'; readonly name: string }
  /** `ip link set DEV up` */
  | { readonly kind: 'link-up'; readonly dev: string }
  /** `ip addr replace ADDRESS/32 dev DEV [label LABEL]` */
  | { readonly kind: 'address'; readonly address: string; readonly prefix: number; readonly dev: string; readonly label: string | null }
  /** `sysctl -w KEY=VALUE` */
  | { readonly kind: 'sysctl'; readonly key: string; readonly value: string }
  /** `arptables -A CHAIN RULE...` */
  | { readonly kind: 'arptables'; readonly chain: string; readonly rule: readonly string[] }
  /** `iptables -t TABLE -A CHAIN RULE...`, the rule as iptables-save prints it */
  | { readonly kind: 'iptables'; readonly table: string; readonly chain: string; readonly rule: readonly string[] }
  /** a whole file lvs-tui writes (never one the admin wrote: each has lvs-tui in its name or is an alias config) */
  | { readonly kind: 'file'; readonly path: string; readonly content: string; readonly mode: number }
  /** the live rules saved where the boot scripts restore them from (`service arptables_jf save`) */
  | { readonly kind: 'save'; readonly tool: 'arptables' | 'iptables'; readonly service: string; readonly path: string }
  /** the service that restores them (or lvs-tui's unit) started at boot */
  | { readonly kind: 'enable'; readonly service: string; readonly manager: 'chkconfig' | 'systemctl' };

export interface KitGroup {
  /** "Hide the VIPs from ARP" */
  readonly title: string;
  /** why, for the comment above the commands */
  readonly why: readonly string[];
  readonly actions: readonly KitAction[];
  /** `live` changes the running system; `boot` makes it survive a reboot */
  readonly stage: 'live' | 'boot';
}

/** One virtual service a real server is part of. */
export interface KitService {
  readonly virtual: string;
  readonly server: string;
  readonly vip: string;
  /** "tcp 80", "fwmark 80 (tcp 80, 443)" */
  readonly service: string;
  readonly active: boolean;
}

export interface RealServerKit {
  /** the real server's address (RIP) */
  readonly address: string;
  readonly services: readonly KitService[];
  /** the VIPs it must accept, in file order */
  readonly vips: readonly string[];
  readonly groups: readonly KitGroup[];
}

export interface Kit {
  readonly network: 'nat' | 'direct' | 'tunnel';
  readonly method: KitMethod;
  readonly platform: KitPlatform;
  /** the interface holding the real server's own address, where the arptables method puts the VIP */
  readonly device: string;
  readonly servers: readonly RealServerKit[];
  /** said once for all (NAT needs nothing; what the kit cannot do) */
  readonly notes: readonly string[];
  /** what was left out and why (a host name where an address is needed, a mark without ports) */
  readonly problems: readonly string[];
}

export interface KitOptions {
  readonly method: KitMethod;
  readonly platform: KitPlatform;
  /** only this virtual server (by name) */
  readonly virtual?: string;
  /** the interface holding the real IP (default eth0; --apply finds it on the real server) */
  readonly device?: string;
  /** arptables chain names when known (`--apply` reads them); default by platform */
  readonly arpChains?: { readonly in: string; readonly out: string };
}

/** The file and unit names lvs-tui owns on a real server. */
export const KIT_FILES = {
  sysctl: '/etc/sysctl.d/90-lvs-tui-realserver.conf',
  unit: 'lvs-tui-realserver.service',
  unitPath: '/etc/systemd/system/lvs-tui-realserver.service',
  modulesLoad: '/etc/modules-load.d/lvs-tui-ipip.conf',
  rhel6Modules: '/etc/sysconfig/modules/lvs-tui-ipip.modules',
  arptablesSaved: '/etc/sysconfig/arptables',
  iptablesSaved: '/etc/sysconfig/iptables',
  ifcfgDir: '/etc/sysconfig/network-scripts',
} as const;
