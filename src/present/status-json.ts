// `lvs-tui status --json`: a stable shape for scripts, monitoring systems and bug reports, built
// field by field (never a dump of internal objects, so a refactoring cannot change it). Documented
// in README.md, "status --json"; a change that removes or renames a field bumps `schema`.

import type { Counters, Rates } from '../monitor/ipvs-types';
import { MergedServer, MergedService, serviceCountOf, serviceOf } from '../monitor/merge';
import type { LvsProcess } from '../monitor/processes';
import { StatusReport, statusExitCode } from './status-report';

export const STATUS_SCHEMA = 1;

const counters = (c: Counters | null) => (c === null ? null : { conns: c.conns, inpkts: c.inpkts, outpkts: c.outpkts, inbytes: c.inbytes, outbytes: c.outbytes });
const rates = (r: Rates | null) => (r === null ? null : { cps: r.cps, inpps: r.inpps, outpps: r.outpps, inbps: r.inbps, outbps: r.outbps });

function server(s: MergedServer) {
  return {
    name: s.name,
    address: s.address,
    port: s.port,
    state: s.state,
    reason: s.reason,
    weight: { configured: s.weight.configured, live: s.weight.live },
    forward: s.forward,
    activeconns: s.activeconns,
    inactconns: s.inactconns,
    persistconns: s.persistconns,
    stats: counters(s.stats),
    rate: rates(s.rate),
  };
}

function service(s: MergedService) {
  const c = s.configured;
  const l = s.live;
  return {
    id: s.id,
    name: s.name,
    state: s.state,
    health: s.health,
    reason: s.reason,
    protocol: s.key?.protocol ?? null,
    address: s.key ? (s.key.protocol === 'FWM' ? null : s.key.address) : null,
    port: s.key ? (s.key.protocol === 'FWM' ? null : s.key.port) : null,
    fwmark: s.key && s.key.protocol === 'FWM' ? s.key.fwmark : null,
    configured: c && {
      line: c.line,
      vip: c.vip,
      device: c.device,
      port: c.port,
      protocol: c.protocol,
      fwmark: c.fwmark,
      scheduler: c.scheduler,
      persistent: c.persistent,
      sorry_server: c.sorryServer,
      quiesce_server: c.quiesceServer,
      load_monitor: c.loadMonitor,
    },
    live: l && { scheduler: l.scheduler, sched_flags: [...l.schedFlags], persistent_timeout: l.persistentTimeout, netmask: l.netmask, ops: l.ops },
    differences: [...s.differences],
    marks: s.marks.map((m) => ({ protocol: m.protocol, ports: m.ports, vip: m.vip })),
    activeconns: s.activeconns,
    inactconns: s.inactconns,
    persistconns: s.persistconns,
    stats: counters(s.stats),
    rate: rates(s.rate),
    servers: s.servers.map(server),
  };
}

function process(p: LvsProcess) {
  const n = p.nanny;
  return {
    pid: p.pid,
    role: p.role,
    argv: [...p.argv],
    uptime_seconds: p.uptimeSeconds === null ? null : Math.floor(p.uptimeSeconds),
    nanny: n ? { vip: n.vip, port: n.port, rip: n.rip, rport: n.rport, fwmark: n.fwmark, protocol: n.protocol, weight: n.weight, quiesce: n.quiesce } : null,
  };
}

/** The `status --json` document (schema 1). */
export function statusJson(r: StatusReport) {
  return statusDocument(r, r.view.services.map(service));
}

function statusDocument<S>(r: StatusReport, services: S) {
  const v = r.view;
  return {
    schema: STATUS_SCHEMA,
    lvs_tui: r.version,
    generated_at: r.generatedAt,
    root: r.root,
    health: r.verdict.health,
    summary: r.verdict.summary,
    exit_code: statusExitCode(r.config, r.verdict.health),
    config: {
      path: r.config.path,
      problem: r.config.problem,
      serial_no: r.config.serialNo,
      network: r.config.network,
      primary: r.config.primary,
      backup: r.config.backup,
      redundancy: r.config.redundancy,
      virtuals: r.config.virtuals,
      active_virtuals: r.config.activeVirtuals,
      servers: r.config.servers,
      active_servers: r.config.activeServers,
    },
    sidecar: { path: r.sidecar.path, present: r.sidecar.present },
    router: {
      role: r.router.role,
      which: r.router.which,
      redundancy: r.router.redundancy,
      reason: r.router.reason,
      address_source: r.router.addressSource,
      address_problem: r.router.addressProblem,
      addresses: r.router.addresses.map((a) => ({ address: a.address, device: a.device, for: [...a.for], up: a.up, on: a.on })),
    },
    ipvs: {
      available: v.ipvs.available,
      reason: v.ipvs.unavailable?.reason ?? null,
      message: v.ipvs.unavailable?.message ?? null,
      version: v.ipvs.version,
      conn_tab_size: v.ipvs.connTabSize,
      source: v.ipvs.source,
      notes: [...v.ipvs.notes],
      health: v.health,
      summary: v.summary,
    },
    rates: { basis: r.rates.basis, interval_seconds: r.rates.intervalSeconds },
    counts: { services: { ...v.counts.services }, servers: { ...v.counts.servers } },
    total: counters(v.total),
    total_rate: rates(v.totalRate),
    services,
    pulse: { installed: r.pulse.installed, running: r.pulse.running, detail: r.pulse.detail, manager: r.pulse.manager },
    processes: { problem: r.processes.problem, list: r.processes.list.map(process) },
    log: { source: r.log.source, note: r.log.note, lines: r.log.lines.map((l) => ({ time: l.time, host: l.host, program: l.program, pid: l.pid, severity: l.severity, text: l.text })) },
  };
}

export type StatusJson = ReturnType<typeof statusJson>;

/** Bytes written in pieces of about this size. */
const CHUNK = 1 << 20;

/**
 * Text encoded as UTF-8 straight into buffers of CHUNK bytes, each handed to `write` when full:
 * no concatenated string to flatten and encode again per piece (on a 10,000-service router that
 * was ~70 ms of the 31 MB document's writing, most of it the garbage collector's).
 */
class Utf8Chunks {
  private buf = Buffer.allocUnsafe(CHUNK);
  private used = 0;
  constructor(private readonly write: (chunk: Uint8Array) => void) {}

  put(text: string): void {
    // at most 3 bytes per UTF-16 code unit
    if (this.used + text.length * 3 > CHUNK) {
      this.flush();
      if (text.length * 3 > CHUNK) return this.write(Buffer.from(text, 'utf8'));
    }
    this.used += this.buf.write(text, this.used, 'utf8');
  }

  flush(): void {
    if (this.used === 0) return;
    this.write(this.buf.subarray(0, this.used));
    // a new one: the sink may keep the buffer it was given
    this.buf = Buffer.allocUnsafe(CHUNK);
    this.used = 0;
  }
}

/**
 * Writes statusJson(r) as UTF-8 in chunks: the document indented by two spaces, each service on one
 * line of compact JSON. On a 10,000-service router that is ~31 MB instead of 54 MB indented, and
 * the service objects are made, written and dropped one at a time instead of held all at once.
 * JSON.parse of the output equals statusJson(r).
 */
export function writeStatusJson(r: StatusReport, write: (chunk: Uint8Array) => void): void {
  const marker = '\n  "services": []';
  const text = JSON.stringify(statusDocument(r, []), null, 2);
  const at = text.indexOf(marker);
  if (at < 0) throw new Error('status --json: the document has no services array');
  const count = serviceCountOf(r.view);
  const out = new Utf8Chunks(write);
  out.put(text.slice(0, at) + '\n  "services": [');
  for (let i = 0; i < count; i++) {
    out.put(i ? ',\n    ' : '\n    ');
    out.put(JSON.stringify(service(serviceOf(r.view, i))));
  }
  out.put(`${count ? '\n  ' : ''}]${text.slice(at + marker.length)}\n`);
  out.flush();
}
