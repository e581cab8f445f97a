// The simulated router as plain data (JSON round-trips it: the fake ipvsadm reads and edits the same
// state through a file). Pure: the simulator, the /proc renderers and the ipvsadm renderer are
// functions of it.

import type { Counters, ForwardMethod } from '../monitor/ipvs-types';

export type MutableCounters = { -readonly [K in keyof Counters]: number };

/** A kernel stats block: live counters, what readers see (the estimator's 2 s snapshot), the EWMA. */
export interface DemoStats {
  live: MutableCounters;
  shown: MutableCounters;
  /** estimator averages in the kernel's fixed point (conns/pkts scaled 2^10, bytes 2^5) */
  avg: MutableCounters;
}

export type NannyHealth = 'up' | 'down';

export interface DemoNanny {
  pid: number;
  health: NannyHealth;
  /** the weight nanny last set while slow-starting; null when not ramping */
  ramp: number | null;
  /** simulated time of the next doubling */
  nextRampAt: number;
}

export interface DemoDest {
  /** lvs.cf server name */
  name: string;
  address: string;
  port: number;
  forward: ForwardMethod;
  /** live weight in the IPVS table */
  weight: number;
  /** lvs.cf weight nanny ramps towards */
  configWeight: number;
  /** false while nanny has removed it (quiesce_server = 0); its counters survive (the kernel's trash) */
  inTable: boolean;
  stats: DemoStats;
  nanny: DemoNanny;
}

export interface TrafficProfile {
  /** new connections per second at the daily peak */
  peakCps: number;
  /** per connection */
  inPkts: number;
  outPkts: number;
  inBytes: number;
  outBytes: number;
  /** how long a connection stays ESTABLISHED (TCP) or is used (UDP), seconds: [min, max] */
  hold: [number, number];
}

export interface DemoService {
  name: string;
  protocol: 'TCP' | 'UDP' | 'FWM';
  /** the protocol of its connections (an FWM service's packets are TCP here) */
  connProto: 'TCP' | 'UDP';
  /** '' for FWM */
  address: string;
  /** 0 for FWM */
  port: number;
  fwmark: number;
  /** where clients send their packets (an FWM service's VIP and lvs.cf port) */
  vip: string;
  vport: number;
  scheduler: string;
  persistentTimeout: number | null;
  /** dotted quad when persistent */
  netmask: string | null;
  quiesce: boolean;
  /** round-robin position (rr/wrr) */
  rrNext: number;
  profile: TrafficProfile;
  stats: DemoStats;
  /** /proc order: most recently added first, as the kernel's list_add_rcu leaves them */
  dests: DemoDest[];
}

export type ConnState = 'ESTABLISHED' | 'SYN_RECV' | 'FIN_WAIT' | 'TIME_WAIT' | 'CLOSE' | 'UDP' | 'ASSURED' | 'NONE';

export interface DemoConn {
  proto: 'TCP' | 'UDP' | 'IP';
  caddr: string;
  cport: number;
  vaddr: string;
  vport: number;
  daddr: string;
  dport: number;
  state: ConnState;
  /** seconds until the kernel expires the entry */
  expires: number;
  /** seconds of use left (ESTABLISHED until the close; UDP until the last datagram) */
  holdLeft: number;
  /** index into services */
  svc: number;
}

export interface DemoProcess {
  pid: number;
  ppid: number;
  /** the kernel's comm (15 characters at most) */
  comm: string;
  /** empty for kernel threads */
  argv: string[];
  /** jiffies since boot (USER_HZ = 100) */
  startTicks: number;
  /** utime+stime in ticks, grows with time */
  cpuTicks: number;
}

export interface DemoState {
  readonly format: 1;
  /** simulated seconds since the demo started (negative while warming up) */
  time: number;
  /** wall-clock epoch milliseconds of time 0: the syslog's timestamps */
  epochMs: number;
  /** /proc/uptime at time 0 */
  uptime0: number;
  /** PRNG state word, so a JSON round trip resumes the same sequence */
  rngState: number;
  /** seconds since the last estimator run (the kernel estimates every 2 s) */
  estClock: number;
  connTabSize: number;
  services: DemoService[];
  total: DemoStats;
  conns: DemoConn[];
  processes: DemoProcess[];
  /** the syslog file's lines, oldest first (bounded) */
  log: string[];
  /** next client number, for distinct client addresses and ports */
  clientSeq: number;
  /** demo seconds between nanny's weight doublings (20 on a real router) */
  rampStep: number;
}

export const zeroCounters = (): MutableCounters => ({ conns: 0, inpkts: 0, outpkts: 0, inbytes: 0, outbytes: 0 });

export const COUNTER_KEYS: readonly (keyof Counters)[] = ['conns', 'inpkts', 'outpkts', 'inbytes', 'outbytes'];

/** IPv4 dotted quad to its 32-bit value. */
export function ipv4ToInt(addr: string): number {
  const p = addr.split('.').map(Number);
  return (((p[0] << 24) >>> 0) + (p[1] << 16) + (p[2] << 8) + p[3]) >>> 0;
}

export function intToIpv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}
