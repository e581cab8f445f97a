// nanny's verdict on what came back (nanny.c pinger() and external_check()), pure. The reasons say
// what happened in the admin's words; the quirks of nanny 0.8.6 that decide a verdict are named.

import type { ProbeResult, ProgramOutcome } from '../system/check-probe';
import { CheckSpec } from './check-spec';
import { showBytes } from './nanny-escapes';

export type Verdict = 'pass' | 'fail' | 'skipped';

export interface CheckResult {
  readonly spec: CheckSpec;
  readonly verdict: Verdict;
  readonly reason: string;
  /** what nanny's read (or the program) returned, as received; null when nothing was read */
  readonly received: Buffer | null;
  readonly latencyMs: number | null;
  readonly connectMs: number | null;
  /** a verdict that holds only because of a nanny bug the admin should know about */
  readonly caveat: string | null;
}

const q = (b: Uint8Array) => `"${showBytes(b, 40)}"`;
const seconds = (s: number) => `${s} s`;

function result(spec: CheckSpec, verdict: Verdict, reason: string, extra: Partial<CheckResult> = {}): CheckResult {
  return { spec, verdict, reason, received: null, latencyMs: null, connectMs: null, caveat: null, ...extra };
}

/** A check that does no I/O: an inactive server, or one nanny would never check. */
export function judgeWithoutIo(spec: CheckSpec): CheckResult | null {
  if (!spec.target.active) return result(spec, 'skipped', spec.target.inactiveWhy ?? 'inactive');
  if (spec.cannotRun !== null) return result(spec, 'fail', spec.cannotRun);
  return null;
}

export function judgeProbe(spec: CheckSpec, probe: ProbeResult): CheckResult {
  const o = probe.outcome;
  const base = { latencyMs: probe.totalMs, connectMs: probe.connectMs };
  const what = spec.protocol === 'udp' ? 'UDP' : 'TCP';
  switch (o.kind) {
    case 'connect-timeout':
      return result(spec, 'fail', `connect timed out after ${seconds(spec.timeoutS)}`, base);
    case 'connect-error':
      return result(spec, 'fail', o.code === 'ECONNREFUSED' ? 'connection refused' : `connect failed: ${o.code}`, base);
    case 'write-error':
      return result(spec, 'fail', `send failed: ${o.code}`, base);
    case 'connected':
      return result(spec, 'pass', spec.send ? `connected and sent ${spec.send.length} bytes (no expect: nothing read)` : 'connected (no send or expect: a connect is the check)', base);
    case 'read-timeout':
      return result(spec, 'fail', `no reply within ${seconds(spec.timeoutS)}`, base);
    case 'read-error':
      return result(spec, 'fail', o.code === 'ECONNREFUSED' && spec.protocol === 'udp' ? 'port unreachable: nothing listens on that UDP port' : `read failed: ${o.code}`, base);
    case 'reply':
      break;
  }
  // nanny's single read() of readLength bytes (recvfrom truncates a datagram the same way)
  const got = o.bytes.subarray(0, spec.readLength);
  const extra = { ...base, received: o.bytes };
  if (spec.expect === null) {
    // UDP without expect: nanny reads one byte, then dereferences the missing expect string
    return result(spec, 'fail', `${what} reply received, but nanny 0.8.6 crashes reading a reply without an expect string (set expect, e.g. "*")`, extra);
  }
  if (spec.wildcard) return result(spec, 'pass', o.bytes.length ? 'a reply came; expect = "*" accepts any' : 'the server closed the connection; expect = "*" accepts that too', extra);
  if (spec.regex !== null) {
    if (!spec.regex.ok) return result(spec, 'fail', `expect is not a POSIX regular expression nanny can compile (${spec.regex.error}): every check fails`, extra);
    // regexec sees a C string: the read stops at the first NUL byte
    const nul = got.indexOf(0);
    const text = (nul >= 0 ? got.subarray(0, nul) : got).toString('latin1');
    if (spec.regex.regexp.test(text)) return result(spec, 'pass', `the first ${got.length} bytes match /${spec.expectText}/`, extra);
    if (got.length === 0) return result(spec, 'fail', `the server closed the connection without a reply; /${spec.expectText}/ does not match nothing`, extra);
    return result(spec, 'fail', `got ${q(got)}, which does not match /${spec.expectText}/`, extra);
  }
  const want = spec.expect.subarray(0, spec.readLength);
  if (got.length < want.length) {
    if (got.length === 0) return result(spec, 'fail', `the server closed the connection without a reply; expected ${q(want)}`, extra);
    return result(spec, 'fail', `short reply: got ${got.length} of ${want.length} bytes, ${q(got)}; expected ${q(want)} (nanny reads once)`, extra);
  }
  return got.equals(want) ? result(spec, 'pass', `reply starts with ${q(want)}`, extra) : result(spec, 'fail', `got ${q(got)}, expected ${q(want)}`, extra);
}

/** nanny keeps the first 4095 bytes of the program's output and drops the last one (the newline). */
export function programAnswer(stdout: Buffer): Buffer {
  const first = stdout.subarray(0, 4095);
  const chopped = first.length >= 1 ? first.subarray(0, first.length - 1) : first;
  const nul = chopped.indexOf(0);
  return nul >= 0 ? chopped.subarray(0, nul) : chopped;
}

export function judgeProgram(spec: CheckSpec, outcome: ProgramOutcome): CheckResult {
  const base = { latencyMs: outcome.ms };
  const prog = spec.program?.[0] ?? 'send_program';
  if (outcome.kind !== 'exited') {
    const what = outcome.kind === 'timeout' ? `${prog} did not finish within ${seconds(spec.timeoutS)}` : `${prog}: ${outcome.why}`;
    // spec lvs-cf.md §4: killed after timeout, and a non-zero exit counts as down
    return result(spec, 'fail', `${what}: nanny counts that as down${spec.expect === null ? ' (and expect is empty)' : ''}`, base);
  }
  const answer = programAnswer(outcome.stdout);
  const extra = { ...base, received: outcome.stdout };
  if (spec.expect === null) return result(spec, 'fail', `${prog} printed ${q(answer)} but expect is empty: nanny counts that as down`, extra);
  return answer.equals(spec.expect)
    ? result(spec, 'pass', `${prog} printed ${q(answer)}`, extra)
    : result(spec, 'fail', `${prog} printed ${q(answer)}, expected exactly ${q(spec.expect)}`, extra);
}

/** A check not made, with why (the demo router's simulated servers). */
export function skippedResult(spec: CheckSpec, why: string): CheckResult {
  return result(spec, 'skipped', why);
}
