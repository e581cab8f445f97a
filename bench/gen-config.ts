// Generates the benchmark inputs: an lvs.cf in Piranha's GUI layout with N virtual servers of M real
// servers each, and the keepalived.conf that describes the same services (one VRRP instance holding
// the VIPs, one virtual_server per service with an HTTP check per real server, as spec §7 maps them).

/** Address of virtual i: unique VIPs in 10.0.0.0/8 from 10.1.0.0 up. */
export function vip(i: number): string {
  const n = 0x0a010000 + i;
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** Real server j of virtual i: each virtual has its own 10 addresses in 172.16.0.0/12. */
export function rip(i: number, j: number): string {
  const n = 0xac100000 + i * 16 + j + 1;
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

const SCHEDULERS = ['wlc', 'rr', 'wrr', 'lc'];

export function lvsConfig(virtuals: number, servers: number): string {
  const out: string[] = [
    'serial_no = 1', 'primary = 192.0.2.1', 'service = lvs', 'rsh_command = ssh', 'backup_active = 1', 'backup = 192.0.2.2',
    'heartbeat = 1', 'heartbeat_port = 539', 'keepalive = 6', 'deadtime = 18', 'network = nat', 'nat_router = 172.16.0.254 eth1:1',
    'nat_nmask = 255.240.0.0', 'debug_level = NONE', 'monitor_links = 0', 'syncdaemon = 0',
  ];
  for (let i = 0; i < virtuals; i++) {
    out.push(`virtual svc${i} {`, '     active = 1', `     address = ${vip(i)} eth0:${i + 1}`, '     vip_nmask = 255.255.255.255',
      '     port = 80', '     send = "GET / HTTP/1.0\\r\\n\\r\\n"', '     expect = "HTTP"', '     use_regex = 0', '     load_monitor = none',
      `     scheduler = ${SCHEDULERS[i % SCHEDULERS.length]}`, '     protocol = tcp', '     timeout = 6', '     reentry = 15', '     quiesce_server = 0');
    for (let j = 0; j < servers; j++) {
      out.push(`     server rs${j} {`, `         address = ${rip(i, j)}`, '         active = 1', '         weight = 1', '     }');
    }
    out.push('}');
  }
  return out.join('\n') + '\n';
}

/**
 * `iface` must exist on this machine: keepalived's config test fails on unknown interfaces. A VRRP
 * advert holds at most 255 addresses, so (as an admin would) the VIPs beyond the first 20 go to
 * virtual_ipaddress_excluded; otherwise keepalived warns and the config test exits non-zero.
 */
export function keepalivedConfig(virtuals: number, servers: number, iface: string): string {
  const out: string[] = [
    'global_defs {', '    router_id LVS_BENCH', '}', 'vrrp_instance VI_1 {', '    state MASTER', `    interface ${iface}`, '    virtual_router_id 51',
    '    priority 150', '    advert_int 6', '    virtual_ipaddress {',
  ];
  const inAdvert = Math.min(virtuals, 20);
  for (let i = 0; i < inAdvert; i++) out.push(`        ${vip(i)}/32 dev ${iface}`);
  out.push('    }', '    virtual_ipaddress_excluded {', `        172.16.0.254/12 dev ${iface}`);
  for (let i = inAdvert; i < virtuals; i++) out.push(`        ${vip(i)}/32 dev ${iface}`);
  out.push('    }', '}');
  for (let i = 0; i < virtuals; i++) {
    out.push(`virtual_server ${vip(i)} 80 {`, '    delay_loop 6', `    lb_algo ${SCHEDULERS[i % SCHEDULERS.length]}`, '    lb_kind NAT', '    protocol TCP');
    for (let j = 0; j < servers; j++) {
      out.push(`    real_server ${rip(i, j)} 80 {`, '        weight 1', '        HTTP_GET {', '            url {', '                path /',
        '                status_code 200', '            }', '            connect_timeout 6', '            retry 3', '        }', '    }');
    }
    out.push('}');
  }
  return out.join('\n') + '\n';
}
