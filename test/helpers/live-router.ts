// A router for the live actions (`lvs-tui server`, `pulse`) without IPVS in the kernel: an lvs.cf
// whose services are in the spec fixture's live table, and a stand-in for ipvsadm that records each
// call's arguments and answers -L from the fixture. Used locally (--root) and over SSH (--host).

import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from './paths';

export const LVS_CF = `serial_no = 3
primary = 10.0.0.2
service = lvs
network = direct
virtual web {
     active = 1
     address = 10.0.0.10 eth0:1
     port = 80
     protocol = tcp
     scheduler = wlc
     server s11 {
         address = 10.0.1.11
         active = 1
         weight = 100
     }
     server s13 {
         address = 10.0.1.13
         active = 1
         weight = 100
     }
     server s99 {
         address = 10.0.1.99
         active = 0
         weight = 1
     }
}
virtual app {
     active = 1
     address = 10.0.0.20 eth0:2
     port = 8080
     scheduler = rr
     server s22 {
         address = 192.168.10.22
         active = 1
         port = 8081
         weight = 1
     }
}
virtual dns {
     active = 1
     address = 10.0.0.53 eth0:3
     port = domain
     protocol = udp
     scheduler = wrr
     server d31 {
         address = 192.168.10.31
         active = 1
         weight = 3
     }
}
virtual marked {
     active = 1
     address = 10.0.0.100 eth0:4
     fwmark = 100
     port = 80
     persistent = 600
     server f21 {
         address = 10.0.1.21
         active = 1
         weight = 1
     }
}
`;

export const FAKE_IPVSADM = `#!/bin/sh
# a stand-in for ipvsadm: records each call's arguments (one a line, then --), answers -L from the fixture
dir=$(dirname "$0")
for a in "$@"; do printf '%s\\n' "$a" >>"$dir/calls.log"; done
echo -- >>"$dir/calls.log"
case "$1" in
  -L*) cat "$dir/ipvsadm-Ln.txt" ;;
  -e) if [ -e "$dir/fail" ]; then echo "Memory allocation problem" >&2; exit 2; fi ;;
esac
exit 0
`;

export interface FakeIpvsadm {
  /** the stand-in's path, for the sidecar's programs.ipvsadm */
  readonly path: string;
  /** the arguments of each call, in order */
  calls(): string[][];
}

/** Puts the stand-in ipvsadm under ROOT/opt/fake and the fixture's live table at ROOT/proc/net/ip_vs (unless proc is false). */
export function installFakeIpvsadm(root: string, opts: { proc?: boolean } = {}): FakeIpvsadm {
  const bin = join(root, 'opt', 'fake');
  mkdirSync(bin, { recursive: true });
  const path = join(bin, 'ipvsadm');
  writeFileSync(path, FAKE_IPVSADM);
  chmodSync(path, 0o755);
  copyFileSync(join(FIXTURES, 'ipvs', 'ipvsadm-Ln.txt'), join(bin, 'ipvsadm-Ln.txt'));
  if (opts.proc ?? true) {
    mkdirSync(join(root, 'proc', 'net'), { recursive: true });
    copyFileSync(join(FIXTURES, 'ipvs', 'proc-ip_vs.txt'), join(root, 'proc', 'net', 'ip_vs'));
  }
  const log = join(bin, 'calls.log');
  return {
    path,
    calls: () => {
      if (!existsSync(log)) return [];
      const out: string[][] = [];
      let cur: string[] = [];
      for (const l of readFileSync(log, 'utf8').split('\n').slice(0, -1)) {
        if (l === '--') {
          out.push(cur);
          cur = [];
        } else cur.push(l);
      }
      return out;
    },
  };
}
