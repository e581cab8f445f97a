// The traffic simulator: one pure step of the demo router. New connections arrive on a daily wave
// (a "day" lasts DAY_SECONDS demo seconds) with noise, are scheduled like the kernel does (wlc, rr,
// persistence templates), live through TCP/UDP states with the kernel's timeouts, and feed counters
// that only ever grow; the kernel's estimator turns them into rates every 2 s. A scripted nanny
// takes one web server out (quiesce: weight 0) and one DNS server out (removed), then brings them
// back with slow start.

import type { Rng } from './prng';
import { poisson } from './prng';
import type { DemoConn, DemoDest, DemoService, DemoState, DemoStats, MutableCounters } from './demo-state';
import { COUNTER_KEYS, intToIpv4, ipv4ToInt } from './demo-state';
import { DEMO_HOSTNAME } from './demo-config';
import { syslogLine } from './syslog';

export const DAY_SECONDS = 900;
/** the failure script repeats every CYCLE demo seconds */
export const CYCLE = 300;
/** [service, server, down from, up at] in seconds within the cycle */
export const OUTAGES: readonly (readonly [string, string, number, number])[] = [
  ['www', 'web2', 20, 50],
  ['dns', 'ns2', 170, 200],
];
const LOG_LINES = 500;
const FTP_CLIENTS = 24;

/** Load as a share of the peak at demo time t: a day-like wave, quiet at "night". */
export function dailyLoad(t: number): number {
  return 0.6 + 0.4 * Math.sin((2 * Math.PI * t) / DAY_SECONDS);
}

/** Whether the script wants this server healthy at demo time t (always, before the demo starts). */
export function scriptedHealthy(service: string, server: string, t: number): boolean {
  if (t < 0) return true;
  const c = t % CYCLE;
  return !OUTAGES.some(([svc, srv, from, to]) => svc === service && srv === server && c >= from && c < to);
}

const ACTIVE_TCP = new Set(['ESTABLISHED', 'SYN_SENT', 'SYN_RECV', 'SYNACK']);

/** A persistence template: protocol IP under an FWM service, the service's own with state ASSURED otherwise. */
export const isTemplate = (c: DemoConn): boolean => c.proto === 'IP' || c.state === 'ASSURED';

export interface ConnCounts {
  active: number;
  inact: number;
  persist: number;
}

/** Active/InAct/PersistConn per real server ("svcIndex|address"), by the kernel's rules. */
export function countConns(conns: readonly DemoConn[]): Map<string, ConnCounts> {
  const out = new Map<string, ConnCounts>();
  for (const c of conns) {
    const key = `${c.svc}|${c.daddr}`;
    let n = out.get(key);
    if (!n) out.set(key, (n = { active: 0, inact: 0, persist: 0 }));
    if (isTemplate(c)) n.persist++;
    else if (c.proto === 'TCP' && ACTIVE_TCP.has(c.state)) n.active++;
    else n.inact++;
  }
  return out;
}

function credit(stats: DemoStats[], add: MutableCounters): void {
  for (const s of stats) for (const k of COUNTER_KEYS) s.live[k] += add[k];
}

/** The kernel estimator (ip_vs_est.c), run every 2 s: EWMA of weight 1/4 in fixed point. */
function estimate(s: DemoStats): void {
  for (const k of COUNTER_KEYS) {
    const delta = s.live[k] - s.shown[k];
    const sample = k === 'inbytes' || k === 'outbytes' ? delta * 16 : delta * 512;
    s.avg[k] += Math.floor((sample - s.avg[k]) / 4);
  }
  s.shown = { ...s.live };
}

function between(rng: Rng, lo: number, hi: number): number {
  return lo + rng.next() * (hi - lo);
}

function clientAddress(rng: Rng, svc: DemoService, seq: number): string {
  if (svc.persistentTimeout !== null) return `198.51.100.${10 + (seq % FTP_CLIENTS)}`;
  const nets = ['192.0.2', '198.51.100', '203.0.113'];
  const net = nets[Math.floor(rng.next() * nets.length)];
  return `${net}.${1 + Math.floor(rng.next() * 254)}`;
}

/** Picks a real server the way the service's scheduler would; null when none can take traffic. */
function schedule(svc: DemoService, counts: Map<string, ConnCounts>, svcIndex: number): DemoDest | null {
  const ready = svc.dests.filter((d) => d.inTable && d.weight > 0);
  if (ready.length === 0) return null;
  if (svc.scheduler === 'rr' || svc.scheduler === 'wrr') {
    const d = ready[svc.rrNext % ready.length];
    svc.rrNext = (svc.rrNext + 1) % ready.length;
    return d;
  }
  // wlc (and the rest, near enough): lowest (active*256 + inactive) / weight
  let best: DemoDest | null = null;
  let bestLoad = Infinity;
  for (const d of ready) {
    const n = counts.get(`${svcIndex}|${d.address}`);
    const load = ((n?.active ?? 0) * 256 + (n?.inact ?? 0)) / d.weight;
    if (load < bestLoad) {
      best = d;
      bestLoad = load;
    }
  }
  return best;
}

function maskAddress(addr: string, mask: string): string {
  return intToIpv4((ipv4ToInt(addr) & ipv4ToInt(mask)) >>> 0);
}

function log(s: DemoState, t: number, tag: string, pid: number, message: string): void {
  s.log.push(syslogLine(s.epochMs + t * 1000, DEMO_HOSTNAME, tag, pid, message));
}

/** nanny's reaction to its check changing state at time t (spec lvs-cf.md §4). */
function nannyTransition(s: DemoState, svcIndex: number, d: DemoDest, healthy: boolean, t: number): void {
  const svc = s.services[svcIndex];
  const target = `${d.address}:${d.port}`;
  if (!healthy) {
    d.nanny.health = 'down';
    d.nanny.ramp = null;
    log(s, t, 'nanny', d.nanny.pid, `[inactive] shutting down ${target} due to connection failure`);
    if (svc.quiesce) d.weight = 0;
    else {
      d.inTable = false;
      // expire_nodest_conn = 1 (the demo sidecar): the next packet of each connection drops it
      s.conns = s.conns.filter((c) => !(c.svc === svcIndex && c.daddr === d.address));
    }
    return;
  }
  d.nanny.health = 'up';
  const start = Math.max(1, d.configWeight >> 5);
  d.weight = start;
  if (!d.inTable) {
    d.inTable = true;
    // re-added from the trash with its old counters, at the head of the list
    svc.dests = [d, ...svc.dests.filter((x) => x !== d)];
  }
  d.nanny.ramp = start < d.configWeight ? start : null;
  d.nanny.nextRampAt = t + s.rampStep;
  log(s, t, 'nanny', d.nanny.pid, `[ active ] making ${target} available`);
}

function ageConn(c: DemoConn, dt: number, rng: Rng): DemoConn | null {
  if (isTemplate(c)) {
    c.expires -= dt;
    return c;
  }
  c.holdLeft -= dt;
  if (c.proto === 'UDP') {
    c.expires = c.holdLeft > 0 ? 300 - rng.next() * 2 : 300 + c.holdLeft;
    return c.expires > 0 ? c : null;
  }
  switch (c.state) {
    case 'SYN_RECV':
      c.state = 'ESTABLISHED';
      c.expires = 900 - rng.next() * 2;
      return c;
    case 'ESTABLISHED':
      if (c.holdLeft > 0) {
        c.expires = 900 - rng.next() * 5;
        return c;
      }
      // the close: an RST now and then, else FIN handshake then TIME_WAIT (NAT sees both ways)
      if (rng.next() < 0.05) {
        c.state = 'CLOSE';
        c.expires = 10 + c.holdLeft;
      } else if (rng.next() < 0.1 && c.holdLeft > -2) {
        c.state = 'FIN_WAIT';
        c.expires = 120 + c.holdLeft;
      } else {
        c.state = 'TIME_WAIT';
        c.expires = 120 + c.holdLeft;
      }
      return c.expires > 0 ? c : null;
    case 'FIN_WAIT':
      if (c.holdLeft < -2) {
        c.state = 'TIME_WAIT';
        c.expires = 120 + c.holdLeft + 2;
        return c.expires > 0 ? c : null;
      }
      c.expires -= dt;
      return c.expires > 0 ? c : null;
    default:
      c.expires -= dt;
      return c.expires > 0 ? c : null;
  }
}

function newConnections(s: DemoState, svcIndex: number, dt: number, t1: number, rng: Rng, counts: Map<string, ConnCounts>, templates: Map<string, DemoConn>): void {
  const svc = s.services[svcIndex];
  const noise = 0.85 + 0.3 * rng.next();
  const n = poisson(rng, svc.profile.peakCps * dailyLoad(t1) * noise * dt);
  for (let i = 0; i < n; i++) {
    const seq = s.clientSeq++;
    const caddr = clientAddress(rng, svc, seq);
    let dest: DemoDest | null = null;
    let template: DemoConn | undefined;
    if (svc.persistentTimeout !== null && svc.netmask !== null) {
      const masked = maskAddress(caddr, svc.netmask);
      template = templates.get(`${svcIndex}|${masked}`);
      // a template keeps its client on its server, even one quiesced to weight 0
      if (template) dest = svc.dests.find((d) => d.inTable && d.address === template?.daddr) ?? null;
      if (!dest) {
        dest = schedule(svc, counts, svcIndex);
        if (!dest) continue;
        template = {
          proto: svc.protocol === 'FWM' ? 'IP' : svc.connProto,
          caddr: masked,
          cport: 0,
          vaddr: svc.protocol === 'FWM' ? intToIpv4(svc.fwmark) : svc.vip,
          vport: svc.protocol === 'FWM' ? 0 : svc.vport,
          daddr: dest.address,
          dport: svc.protocol === 'FWM' ? 0 : dest.port,
          state: 'ASSURED',
          expires: svc.persistentTimeout,
          holdLeft: 0,
          svc: svcIndex,
        };
        s.conns.push(template);
        templates.set(`${svcIndex}|${masked}`, template);
      }
      if (template) template.expires = svc.persistentTimeout;
    } else {
      dest = schedule(svc, counts, svcIndex);
      if (!dest) continue;
    }
    const age = rng.next() * dt;
    const hold = between(rng, svc.profile.hold[0], svc.profile.hold[1]);
    const conn: DemoConn = {
      proto: svc.connProto,
      caddr,
      cport: 32768 + Math.floor(rng.next() * 28232),
      vaddr: svc.vip,
      vport: svc.vport,
      daddr: dest.address,
      dport: dest.port,
      state: svc.connProto === 'UDP' ? 'UDP' : 'SYN_RECV',
      expires: svc.connProto === 'UDP' ? 300 : 60,
      holdLeft: hold,
      svc: svcIndex,
    };
    const key = `${svcIndex}|${dest.address}`;
    let cnt = counts.get(key);
    if (!cnt) counts.set(key, (cnt = { active: 0, inact: 0, persist: 0 }));
    // born `age` seconds before t1: age it (a connection older than a moment is established)
    if (conn.proto === 'TCP' && age > 0.5) {
      conn.state = 'ESTABLISHED';
      conn.holdLeft += 0.5;
      const aged = ageConn(conn, age - 0.5, rng);
      if (aged) {
        s.conns.push(aged);
        if (ACTIVE_TCP.has(aged.state)) cnt.active++;
        else cnt.inact++;
      }
    } else {
      const aged = conn.proto === 'UDP' ? ageConn(conn, age, rng) : conn;
      if (aged) {
        s.conns.push(aged);
        if (aged.proto === 'TCP') cnt.active++;
        else cnt.inact++;
      }
    }
    const p = svc.profile;
    const jitter = () => 0.7 + 0.6 * rng.next();
    const add: MutableCounters = {
      conns: 1,
      inpkts: Math.max(1, Math.round(p.inPkts * jitter())),
      outpkts: Math.round(p.outPkts * jitter()),
      inbytes: Math.round(p.inBytes * jitter()),
      outbytes: Math.round(p.outBytes * jitter()),
    };
    credit([dest.stats, svc.stats, s.total], add);
  }
}

/** One step of `dt` demo seconds; returns a new state (the argument is left as it was). */
export function simulate(state: DemoState, dt: number, rng: Rng): DemoState {
  // a copy deep enough that the step never touches the argument (the connections are flat objects)
  const s: DemoState = {
    ...state,
    services: structuredClone(state.services),
    total: structuredClone(state.total),
    conns: state.conns.map((c) => ({ ...c })),
    processes: state.processes.map((p) => ({ ...p })),
    log: [...state.log],
  };
  if (!(dt > 0)) return s;
  const t1 = s.time + dt;

  // nanny: the scripted checks, then slow start
  s.services.forEach((svc, i) => {
    for (const d of [...svc.dests]) {
      const healthy = scriptedHealthy(svc.name, d.name, t1);
      if (healthy !== (d.nanny.health === 'up')) nannyTransition(s, i, d, healthy, t1);
      while (d.nanny.ramp !== null && t1 >= d.nanny.nextRampAt) {
        d.nanny.ramp = Math.min(d.configWeight, d.nanny.ramp * 2);
        d.weight = d.nanny.ramp; // ipvsadm -e ... -w: overrides any hand-set weight, as nanny does
        d.nanny.nextRampAt += s.rampStep;
        if (d.nanny.ramp >= d.configWeight) d.nanny.ramp = null;
      }
    }
  });

  // existing connections: states and timers; templates live while they still steer connections
  const aged: DemoConn[] = [];
  for (const c of s.conns) {
    const a = ageConn(c, dt, rng);
    if (a) aged.push(a);
  }
  // keyed by the template's own (masked) client address
  const controlled = new Set<string>();
  for (const c of aged) {
    const mask = s.services[c.svc].netmask;
    if (!isTemplate(c) && mask !== null) controlled.add(`${c.svc}|${maskAddress(c.caddr, mask)}|${c.daddr}`);
  }
  s.conns = aged.filter((c) => {
    if (!isTemplate(c) || c.expires > 0) return true;
    const steering = controlled.has(`${c.svc}|${c.caddr}|${c.daddr}`);
    if (steering) c.expires = s.services[c.svc].persistentTimeout ?? 0;
    return steering;
  });

  const counts = countConns(s.conns);
  const templates = new Map<string, DemoConn>();
  for (const c of s.conns) if (isTemplate(c)) templates.set(`${c.svc}|${c.caddr}`, c);
  s.services.forEach((_, i) => newConnections(s, i, dt, t1, rng, counts, templates));

  // the estimator's 2 s ticks that fell inside this step
  s.estClock += dt;
  while (s.estClock >= 2) {
    s.estClock -= 2;
    estimate(s.total);
    for (const svc of s.services) {
      estimate(svc.stats);
      for (const d of svc.dests) estimate(d.stats);
    }
  }

  for (const p of s.processes) if (p.argv.length > 0 && p.pid > 2) p.cpuTicks += Math.round(dt * (p.comm === 'nanny' ? 0.4 : 0.2));
  if (s.log.length > LOG_LINES) s.log = s.log.slice(-LOG_LINES);
  s.time = t1;
  s.rngState = rng.state();
  return s;
}

/** Lets the demo reach a steady state (connection table full, estimator settled) before time 0. */
export function warmUp(state: DemoState, seconds: number, rng: Rng): DemoState {
  let s: DemoState = { ...state, time: -seconds };
  for (let t = 0; t < seconds; t += 2) s = simulate(s, 2, rng);
  return { ...s, time: 0 };
}
