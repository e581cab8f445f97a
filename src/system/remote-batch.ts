// Several programs in one exec request: sshd starts a session and a shell for every exec (the
// dearest part of a short command over SSH: tens of ms each on an idle router, hundreds on a busy
// one), so the reads a sync or a peer check needs go out as one `sh -c` script. Each program's
// stdout and stderr are told apart by marker lines carrying a random nonce and its exit status;
// stdin is /dev/null. Pure: the script and the splitting of its output.

import { shellCommandLine } from './remote-shell-quote';
import type { RunResult } from './runner';

export interface BatchCommand {
  readonly file: string;
  readonly args: readonly string[];
}

export interface BatchPart {
  readonly stdout: string;
  readonly stderr: string;
  /** the program's exit status; null when the script stopped before it (the link dropped) */
  readonly status: number | null;
}

/** A program's result in a batch, with its stdout's bytes as it wrote them (a file read with cat). */
export interface BatchResult extends RunResult {
  readonly bytes: Buffer;
}

/** The script: each program, then its marker on stdout (with `$?`) and on stderr. */
export function batchScript(cmds: readonly BatchCommand[], nonce: string): string {
  if (!/^[0-9a-f]{8,}$/.test(nonce)) throw new Error('the nonce is hex');
  return cmds
    .map((c, i) => `${shellCommandLine(c.file, c.args)} </dev/null; printf '\\n\\001${nonce} ${i} %d\\n' $?; printf '\\n\\001${nonce} ${i}\\n' >&2`)
    .join('\n');
}

/** Each program's output and status, from the script's whole stdout and stderr. */
export function splitBatch(stdout: string, stderr: string, count: number, nonce: string): BatchPart[] {
  const outs = sections(stdout, new RegExp(`\\n\\x01${nonce} (\\d+) (\\d+)\\n`, 'g'));
  const errs = sections(stderr, new RegExp(`\\n\\x01${nonce} (\\d+)\\n`, 'g'));
  const parts: BatchPart[] = [];
  for (let i = 0; i < count; i++) {
    const o = outs.get(i);
    parts.push({ stdout: o?.text ?? '', stderr: errs.get(i)?.text ?? '', status: o ? Number(o.status) : null });
  }
  return parts;
}

function sections(text: string, marker: RegExp): Map<number, { text: string; status: string | undefined }> {
  const out = new Map<number, { text: string; status: string | undefined }>();
  let from = 0;
  for (let m = marker.exec(text); m; m = marker.exec(text)) {
    out.set(Number(m[1]), { text: text.slice(from, m.index), status: m[2] });
    from = m.index + m[0].length;
  }
  return out;
}
