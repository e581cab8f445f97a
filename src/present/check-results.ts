// The check tester's report: per virtual server, what nanny sends and expects, then one line per
// real server (PASS/FAIL/SKIP, address, latency, why) with the first bytes received; or one JSON
// document for scripts. Pure.

import { CheckSpec } from '../checks/check-spec';
import { CheckResult } from '../checks/judge';
import { showBytes } from '../checks/nanny-escapes';

export interface CheckRun {
  readonly results: readonly CheckResult[];
  /** where the connections were made from: "this machine" or the note of remote/demo mode */
  readonly from: string;
}

const q = (b: Uint8Array, max = 40) => `"${showBytes(b, max)}"`;

/** One line: what nanny does for this virtual server. */
export function describeSpec(spec: CheckSpec): string {
  if (spec.kind === 'program') {
    const argv = (spec.program ?? []).join(' ');
    return `runs ${argv || '(nothing)'}, expects output ${spec.expect === null ? '(none)' : q(spec.expect)} exactly, timeout ${spec.timeoutS} s`;
  }
  const parts = [`${spec.protocol.toUpperCase()} connect`];
  if (spec.send !== null) parts.push(`send ${q(spec.send)}`);
  if (spec.expect !== null) {
    if (spec.wildcard) parts.push('expect "*" (any reply)');
    else if (spec.regex !== null) parts.push(`expect /${spec.expectText}/ in the first ${spec.readLength} bytes`);
    else parts.push(`expect ${q(spec.expect)} (first ${spec.readLength} bytes)`);
  } else if (spec.protocol === 'udp') parts.push('wait for a reply');
  return `${parts.join(', ')}, timeout ${spec.timeoutS} s`;
}

const LABEL: Record<CheckResult['verdict'], string> = { pass: 'PASS', fail: 'FAIL', skipped: 'SKIP' };

export function latencyText(ms: number | null): string {
  if (ms === null) return '-';
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}

/** PASS/FAIL/SKIP, name, address:port, latency (47 columns), then the reason unless `short`. */
export function serverLine(r: CheckResult, short = false): string {
  const t = r.spec.target;
  const where = `${t.address}:${r.spec.port ?? t.port}`;
  const head = `${LABEL[r.verdict]}  ${t.server.padEnd(12)} ${where.padEnd(21)} ${latencyText(r.latencyMs).padStart(7)}`;
  return short ? head : `${head}  ${r.reason}`;
}

export function counts(results: readonly CheckResult[]): { pass: number; fail: number; skipped: number } {
  let pass = 0;
  let fail = 0;
  for (const r of results) {
    if (r.verdict === 'pass') pass++;
    else if (r.verdict === 'fail') fail++;
  }
  return { pass, fail, skipped: results.length - pass - fail };
}

/** The text report, grouped by virtual server in the order of the results. */
export function renderCheckText(run: CheckRun): string {
  const lines: string[] = [];
  let current: string | null = null;
  for (const r of run.results) {
    const spec = r.spec;
    if (spec.target.virtual !== current) {
      current = spec.target.virtual;
      if (lines.length) lines.push('');
      lines.push(`${current}: ${describeSpec(spec)}`);
      for (const n of spec.notes) lines.push(`  note: ${n}`);
    }
    lines.push(`  ${serverLine(r)}`);
    if (r.received !== null) lines.push(`        received ${r.received.length ? q(r.received, 60) : '(nothing: closed)'}`);
    if (r.caveat) lines.push(`        warning: ${r.caveat}`);
  }
  const c = counts(run.results);
  lines.push('');
  lines.push(`${c.pass} passed, ${c.fail} failed, ${c.skipped} not checked (checks made from ${run.from})`);
  return lines.join('\n') + '\n';
}

export function checkJson(run: CheckRun, exitCode: number): unknown {
  const byVirtual = new Map<string, { spec: CheckSpec; results: CheckResult[] }>();
  for (const r of run.results) {
    const key = r.spec.target.virtual;
    if (!byVirtual.has(key)) byVirtual.set(key, { spec: r.spec, results: [] });
    byVirtual.get(key)!.results.push(r);
  }
  const bytes = (b: Buffer | null) => (b === null ? null : showBytes(b, b.length));
  return {
    schema: 1,
    from: run.from,
    summary: counts(run.results),
    exit_code: exitCode,
    virtuals: [...byVirtual.values()].map(({ spec, results }) => ({
      name: spec.target.virtual,
      check: {
        kind: spec.kind,
        protocol: spec.protocol,
        timeout_s: spec.timeoutS,
        send: bytes(spec.send),
        expect: bytes(spec.expect),
        regex: spec.regex !== null,
        wildcard: spec.wildcard,
        read_bytes: spec.readLength,
        program: spec.program,
        notes: spec.notes,
      },
      servers: results.map((r) => ({
        name: r.spec.target.server,
        address: r.spec.target.address,
        port: r.spec.port,
        verdict: r.verdict,
        reason: r.reason,
        latency_ms: r.latencyMs === null ? null : Math.round(r.latencyMs * 10) / 10,
        connect_ms: r.connectMs === null ? null : Math.round(r.connectMs * 10) / 10,
        received: bytes(r.received),
        caveat: r.caveat,
      })),
    })),
  };
}

/** The TUI overlay's lines: the check, then each server's result, or "checking…" until it is known. */
export function checkOverlayLines(specs: readonly CheckSpec[], results: readonly (CheckResult | undefined)[], heading: string | null): string[] {
  const lines: string[] = [];
  if (specs.length === 0) return ['no real servers to check'];
  if (heading) lines.push(heading);
  lines.push(describeSpec(specs[0]));
  for (const n of specs[0].notes) lines.push(`note: ${n}`);
  lines.push('');
  specs.forEach((spec, i) => {
    const r = results[i];
    if (!r) {
      lines.push(`....  ${spec.target.server.padEnd(12)} ${`${spec.host}:${spec.port ?? spec.target.port}`.padEnd(21)}  checking…`);
      return;
    }
    // at 80 columns the reason gets a line of its own
    lines.push(serverLine(r, true));
    lines.push(`      ${r.reason}`);
    if (r.received !== null) lines.push(`      received ${r.received.length ? `"${showBytes(r.received, 56)}"` : '(nothing: closed)'}`);
    if (r.caveat) lines.push(`      warning: ${r.caveat}`);
  });
  const done = results.filter(Boolean) as CheckResult[];
  lines.push('');
  if (done.length < specs.length) lines.push(`${done.length} of ${specs.length} done…`);
  else {
    const c = counts(done);
    lines.push(`${c.pass} passed, ${c.fail} failed, ${c.skipped} not checked`);
  }
  return lines;
}
