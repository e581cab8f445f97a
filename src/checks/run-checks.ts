// Runs the checks of many real servers at once, a bounded number at a time, each through the probe or
// the program runner, and judges each as nanny would. Results come back in the order of the specs;
// onResult reports each as it is known (the TUI fills its overlay with them).

import type { CheckProbe, CheckProgramRunner } from '../system/check-probe';
import { CheckSpec } from './check-spec';
import { CheckResult, judgeProbe, judgeProgram, judgeWithoutIo } from './judge';

export interface CheckIo {
  readonly probe: CheckProbe;
  readonly programs: CheckProgramRunner;
}

export const DEFAULT_PARALLEL = 8;

export async function runOneCheck(spec: CheckSpec, io: CheckIo): Promise<CheckResult> {
  const early = judgeWithoutIo(spec);
  if (early) return early;
  const timeoutMs = Math.max(0, spec.timeoutS) * 1000;
  if (spec.kind === 'program') return judgeProgram(spec, await io.programs.run(spec.program ?? [], timeoutMs));
  const needsRead = spec.expect !== null || spec.protocol === 'udp';
  const probe = await io.probe.probe({ protocol: spec.protocol, host: spec.host, port: spec.port!, timeoutMs, send: spec.send, read: needsRead });
  return judgeProbe(spec, probe);
}

export async function runChecks(specs: readonly CheckSpec[], io: CheckIo, opts: { parallel?: number; onResult?: (index: number, r: CheckResult) => void } = {}): Promise<CheckResult[]> {
  const out: CheckResult[] = new Array(specs.length);
  let next = 0;
  const worker = async () => {
    while (next < specs.length) {
      const i = next++;
      out[i] = await runOneCheck(specs[i], io);
      opts.onResult?.(i, out[i]);
    }
  };
  const n = Math.max(1, Math.min(opts.parallel ?? DEFAULT_PARALLEL, specs.length));
  await Promise.all(Array.from({ length: n }, worker));
  return out;
}
