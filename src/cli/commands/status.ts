// `lvs-tui status [--json] [--interval S]`: a one-shot snapshot of the router for an admin, a
// script, a monitoring system or a bug report: lvs.cf, the router's role, the IPVS table merged
// with lvs.cf, pulse, the LVS processes and their recent log lines. Everything is read under
// --root (DIR/proc, DIR/etc/sysconfig/ha, DIR/var/log); ipvsadm is run only on the live host, or
// when the sidecar names one (programs.ipvsadm: the demo router answers through it), since it
// reads the live kernel, not DIR.
//
// Exit status: 0 healthy (or the standby, as expected), 1 degraded or down, 3 the state could not
// be read (lvs.cf unreadable, the IPVS table unreadable), 2 usage.

import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigFacts, LvsConfig } from '../../config/model';
import { configFacts } from '../../config/quick-facts';
import { readSidecar } from '../../apply/sidecar';
import { IpvsSample } from '../../monitor/ipvs-types';
import { hasServiceKernelRates } from '../../monitor/ipvs-columns';
import { mergeLive } from '../../monitor/merge';
import { judgeRouter } from '../../monitor/merge-health';
import { routerRole } from '../../monitor/router-role';
import { computeRates } from '../../monitor/rates';
import { readSample } from '../../monitor/sample';
import { findLvsProcesses } from '../../monitor/processes';
import { LogLine, LVS_LOG_PROGRAMS, parseLvsLogLine } from '../../monitor/log-tail';
import { ConfigSummary, PulseSummary, StatusReport, statusExitCode } from '../../present/status-report';
import { writeStatusJson } from '../../present/status-json';
import { renderStatusText } from '../../present/status-text';
import { IoError } from '../../system/io-error';
import { localMonitorSources } from '../../system/monitor-sources';
import { pulseCommands, readPulseStatus } from '../../system/pulse-service';
import { Sidecar } from '../../apply/sidecar';
import { ExitCode, UsageError } from '../errors';
import { readIfPresent } from '../read-if-present';
import { CommandContext } from './context';

/** How many recent log lines the snapshot carries. */
const LOG_LINES = 10;
/** --interval bounds: rates need at least one estimator tick to mean much; a snapshot must end. */
const MAX_INTERVAL_S = 60;

/** --interval S: seconds between the two samples rates are measured over (0 < S <= 60). */
export function parseInterval(text: string | undefined): number | null {
  if (text === undefined) return null;
  const n = /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
  if (!(n > 0) || n > MAX_INTERVAL_S) throw new UsageError(`--interval takes seconds, more than 0 and at most ${MAX_INTERVAL_S} (not "${text}")`, 'status');
  return n;
}

function summarize(path: string, config: ConfigFacts, problem: string | null): ConfigSummary {
  const virtuals = config.virtuals.filter((v) => v.kind === 'virtual');
  let servers = 0;
  let activeServers = 0;
  for (const v of virtuals) {
    for (const s of v.servers) {
      servers++;
      if (v.active && s.active) activeServers++;
    }
  }
  return {
    path,
    problem,
    serialNo: config.global.serialNo,
    network: problem ? null : config.global.network,
    primary: config.global.primary,
    backup: config.redundancy.backup,
    redundancy: config.redundancy.enabled,
    virtuals: virtuals.length,
    activeVirtuals: virtuals.filter((v) => v.active).length,
    servers,
    activeServers,
  };
}

/** lvs.cf's own `ipvsadm` key when the file sets it (the daemons' default is /sbin/ipvsadm). */
function ipvsadmProgram(root: string, config: ConfigFacts, sidecar: Sidecar): string | null {
  if (sidecar.programs.ipvsadm) return sidecar.programs.ipvsadm;
  if (root !== '/') return null;
  return config.global.settings.get('ipvsadm')?.value ?? 'ipvsadm';
}

async function pulseSummary(ctx: CommandContext, sidecar: Sidecar): Promise<PulseSummary> {
  try {
    const cmds = pulseCommands(sidecar.pulse, ctx.deps.hasSystemd(ctx.paths.root) ? 'systemctl' : 'service');
    const s = await readPulseStatus(ctx.deps.runner, cmds);
    return { installed: s.installed, running: s.running, detail: s.detail, manager: cmds.manager };
  } catch (err) {
    return { installed: false, running: null, detail: err instanceof Error ? err.message : String(err), manager: null };
  }
}

/** lvs.cf (as a model) and the sidecar's bytes as the caller has them: the TUI's monitor merges with these, not rereading. */
export interface KnownFiles {
  readonly config: LvsConfig;
  readonly sidecarBytes: Buffer | null;
}

/**
 * The last lvs.cf a refreshing view read and its model. A refresh that reads the same bytes reuses
 * the model, and with it the merge's prepared view of it (kept per model): on a 10,000-service
 * lvs.cf that is ~0.3 s of parsing and ~0.15 s of preparing saved on every dashboard tick.
 */
export interface ConfigCache {
  bytes: Buffer | null;
  config: ConfigFacts | null;
}

export function emptyConfigCache(): ConfigCache {
  return { bytes: null, config: null };
}

/** lvs.cf's facts: the cached ones when the bytes are the same, else read (and cached). */
function configOf(bytes: Buffer, cache: ConfigCache | undefined): ConfigFacts {
  if (cache && cache.bytes !== null && cache.config !== null && cache.bytes.equals(bytes)) return cache.config;
  const config = configFacts(bytes);
  if (cache) {
    cache.bytes = bytes;
    cache.config = config;
  }
  return config;
}

/**
 * Reads everything `status` shows (and the dashboard refreshes): lvs.cf, the sidecar, the IPVS
 * table merged with lvs.cf, the role, pulse, processes and the log. With `previous`, rates are
 * computed against it; with `interval` (and no previous), two samples are taken that far apart.
 * With `configCache` (the dashboard, refreshing every few seconds), an unchanged lvs.cf is not
 * parsed again; with `files` (the TUI), the caller's model and sidecar bytes are used as they are.
 */
export async function readStatusReport(ctx: CommandContext, opts: { interval: number | null; previous?: IpvsSample | null; files?: KnownFiles; configCache?: ConfigCache }): Promise<{ report: StatusReport; sample: IpvsSample }> {
  const { paths, deps } = ctx;
  const interval = opts.interval;
  const sidecarBytes = opts.files ? opts.files.sidecarBytes : readIfPresent(deps, paths.sidecar);
  const { sidecar } = readSidecar(sidecarBytes, paths.sidecar);
  // this machine's /proc, processes and log, or the far side's in remote mode (--host)
  const sources = deps.monitor ?? localMonitorSources;
  // Everything that does not depend on lvs.cf or the samples is started first: the commands run
  // while lvs.cf is read and the interval runs (and a process forks faster before the heap grows).
  const others = Promise.all([
    sources.localAddresses(deps.runner, paths.root),
    pulseSummary(ctx, sidecar),
    sources.logTail({ root: paths.root, lines: LOG_LINES, programs: LVS_LOG_PROGRAMS, keep: (l) => parseLvsLogLine(l) !== null, runner: deps.runner }),
  ]);
  let configProblem: string | null = null;
  let config: ConfigFacts;
  if (opts.files) {
    // the TUI knows what is on disk already (it rereads only when the content changed)
    config = opts.files.config;
  } else {
    let bytes: Buffer = Buffer.alloc(0);
    try {
      bytes = deps.files.read(paths.config);
    } catch (err) {
      if (!(err instanceof IoError)) throw err;
      configProblem = err.message;
    }
    config = configOf(bytes, opts.configCache);
  }
  const sampleDeps = { proc: sources.procFs(paths.proc), runner: deps.runner, ipvsadm: ipvsadmProgram(paths.root, config, sidecar), now: () => performance.now() };
  // Rates measured between two samples come from the counters: `ipvsadm --rate` (a listing as big
  // as the table) is read only for a one-shot snapshot, or when there are no counters (readSample).
  const counterDeps = { ...sampleDeps, kernelRates: false };
  const measured = interval !== null || (opts.previous !== undefined && opts.previous !== null && opts.previous.unavailable === null);
  let sample: IpvsSample = await readSample({ ...(measured ? counterDeps : sampleDeps), previous: opts.previous ?? null });
  let rates = null;
  let measuredOver: number | null = null;
  if (opts.previous && opts.previous.unavailable === null && sample.unavailable === null) {
    rates = computeRates(opts.previous, sample);
    measuredOver = (sample.at - opts.previous.at) / 1000;
  } else if (interval !== null && sample.unavailable === null) {
    await sleep(interval * 1000);
    const next = await readSample({ ...counterDeps, previous: sample });
    rates = computeRates(sample, next);
    sample = next;
    measuredOver = interval;
  }
  const [addresses, pulse, logTail] = await others;
  const table = await sources.processTable(paths.proc);

  const view = mergeLive(config, sample, rates, sidecar);
  const role = routerRole(config, addresses.addresses);
  const verdict = configProblem ? { health: 'unknown' as const, summary: `lvs.cf could not be read: ${configProblem}` } : judgeRouter(view, role);
  const kernelRates = sample.totalRate !== null || hasServiceKernelRates(sample);
  const logLines: LogLine[] = [];
  for (const l of logTail.lines) {
    const p = parseLvsLogLine(l);
    if (p) logLines.push(p);
  }
  const report: StatusReport = {
    generatedAt: deps.clock.now().toISOString(),
    version: deps.version,
    root: paths.root,
    config: summarize(paths.config, config, configProblem),
    sidecar: { path: paths.sidecar, present: sidecarBytes !== null },
    router: { ...role, addressSource: addresses.source, addressProblem: addresses.problem },
    view,
    verdict,
    rates: rates ? { basis: 'counters', intervalSeconds: measuredOver } : { basis: kernelRates ? 'kernel' : 'none', intervalSeconds: null },
    pulse,
    processes: { problem: table.problem, list: findLvsProcesses(table.processes, table.uptimeSeconds) },
    log: { source: logTail.source, note: logTail.note, lines: logLines },
  };
  return { report, sample };
}

export async function runStatus(ctx: CommandContext): Promise<ExitCode> {
  const { positionals, options, deps } = ctx;
  if (positionals.length) throw new UsageError('status takes no arguments', 'status');
  const interval = parseInterval(options.interval);
  // --demo: the simulated router's root (see dashboard.ts)
  const { withOptionalDemo } = require('./dashboard') as typeof import('./dashboard');
  // --peer: the other router, read over SSH while the local snapshot is taken (status-peer.ts)
  const peer = options.peer ? (require('./status-peer') as typeof import('./status-peer')).startPeer(ctx) : null;
  const { report } = await withOptionalDemo(ctx, (c) => readStatusReport(c, { interval }));
  const code = statusExitCode(report.config, report.verdict.health) as ExitCode;
  if (peer) return (await peer).write(report, code);
  if (options.json) writeStatusJson(report, (chunk) => deps.stdout.write(chunk));
  else deps.stdout.write(renderStatusText(report));
  return code;
}
