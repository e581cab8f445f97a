// Running ipvsadm to read the table (`-Ln --stats --exact`, `--rate`, ...) through the Runner. The
// program may be missing (the per-service counters are then unavailable, the rest of the monitor
// still works), so a missing program is an answer with a note, not an error.
//
// Callers run it only when /proc/net/ip_vs exists: ipvsadm loads the ip_vs module itself (modprobe)
// when the kernel has no IPVS, and watching a router must not change it.

import { ExecError } from './io-error';
import { Runner } from './runner';

export type IpvsadmOutput =
  /** stdout as bytes when the Runner has runBytes (the monitor's readers scan bytes), else text */
  | { readonly ok: true; readonly stdout: string | Uint8Array }
  | { readonly ok: false; readonly missing: boolean; readonly message: string };

const TIMEOUT_MS = 5000;

export async function readIpvsadm(runner: Runner, program: string, args: readonly string[]): Promise<IpvsadmOutput> {
  try {
    const cmd = { file: program, args, timeoutMs: TIMEOUT_MS };
    const r = runner.runBytes ? await runner.runBytes(cmd) : await runner.run(cmd);
    return { ok: true, stdout: r.stdout };
  } catch (err) {
    if (err instanceof ExecError) {
      // the Runner reports a program that could not start with no exit status and this text
      const missing = err.status === null && /no such program/.test(err.stderr);
      const message = missing ? `${program} not found: per-service counters are not available (install ipvsadm, or set its path)` : err.message;
      return { ok: false, missing, message };
    }
    return { ok: false, missing: false, message: err instanceof Error ? err.message : String(err) };
  }
}
