// The demo router's configuration: the repository's demo/ lvs.cf and lvs-tui.yaml, labelled DEMO in
// their first line, so every screen that shows the file shows the label too. Kept here as text so an
// installed lvs-tui carries its demo with it.

export const DEMO_HOSTNAME = 'demo-router';

/** Present at the top of a demo root: the screens label everything DEMO when they see it. */
export const DEMO_MARKER = '.lvs-tui-demo';

export const DEMO_LVS_CF = `# DEMO ROUTER - simulated by lvs-tui --demo; no real traffic, nothing here is live.
serial_no = 27
primary = 203.0.113.10
primary_private = 10.11.12.1
service = lvs
rsh_command = ssh
backup_active = 1
backup = 203.0.113.11
backup_private = 10.11.12.2
heartbeat = 1
heartbeat_port = 539
keepalive = 6
deadtime = 18
network = nat
nat_router = 192.168.10.254 eth1:1
nat_nmask = 255.255.255.0
debug_level = NONE
monitor_links = 1
syncdaemon = 1
syncd_iface = eth1
syncd_id = 7
tcp_timeout = 900
tcpfin_timeout = 120
udp_timeout = 300
# Web farm: four Apache boxes behind the VIP, slow start by nanny.
virtual www {
     active = 1
     address = 203.0.113.100 eth0:1
     sorry_server = 192.168.10.250
     vip_nmask = 255.255.255.0
     port = 80
     send = "GET /health HTTP/1.0\\r\\n\\r\\n"
     expect = "HTTP/1.1 200"
     use_regex = 0
     load_monitor = none
     scheduler = wlc
     protocol = tcp
     timeout = 6
     reentry = 15
     quiesce_server = 1
     server web1 {
         address = 192.168.10.11
         active = 1
         weight = 100
     }
     server web2 {
         address = 192.168.10.12
         active = 1
         weight = 100
     }
     server web3 {
         address = 192.168.10.13
         active = 1
         weight = 50
     }
     server web4 {
         address = 192.168.10.14
         active = 0
         weight = 100
     }
}
# FTP: control and passive ports grouped by firewall mark 21 (see lvs-tui.yaml).
virtual ftp {
     active = 1
     address = 203.0.113.100 eth0:1
     vip_nmask = 255.255.255.0
     fwmark = 21
     port = 21
     persistent = 1800
     send = "QUIT\\r\\n"
     expect = "220"
     use_regex = 0
     load_monitor = none
     scheduler = wlc
     protocol = tcp
     timeout = 6
     reentry = 15
     quiesce_server = 0
     server ftp1 {
         address = 192.168.10.21
         active = 1
         port = 21
         weight = 1
     }
     server ftp2 {
         address = 192.168.10.22
         active = 1
         port = 21
         weight = 1
     }
}
virtual dns {
     active = 1
     address = 203.0.113.53 eth0:2
     vip_nmask = 255.255.255.0
     port = 53
     expect = "OK"
     use_regex = 0
     send_program = "/usr/local/bin/dnscheck %h"
     load_monitor = none
     scheduler = rr
     protocol = udp
     timeout = 5
     reentry = 30
     quiesce_server = 0
     server ns1 {
         address = 192.168.10.31
         active = 1
         weight = 1
     }
     server ns2 {
         address = 192.168.10.32
         active = 1
         weight = 1
     }
}
`;

export const DEMO_SIDECAR = `# DEMO ROUTER - lvs-tui's own settings for the simulated router (pulse rejects unknown keys in lvs.cf).
firewall_marks:
  # FTP: control and passive data ports share mark 21 (lvs.cf: virtual ftp, fwmark = 21)
  - mark: 21
    protocol: tcp
    ports: [21, "10000:20000"]
ftp_masquerade: true      # NAT: masquerade active FTP (--sport 20) from the real servers
persist:
  iptables: /etc/sysconfig/iptables
  sysctl: /etc/sysctl.conf
sysctl:
  net.ipv4.vs.expire_nodest_conn: 1
`;
