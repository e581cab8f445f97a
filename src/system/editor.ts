// Running the admin's editor on a temporary copy of a file, as visudo does: the copy lives in a
// private directory (0700, file 0600), the editor is $VISUAL, else $EDITOR, else vi, split on
// blanks ("vim -u NONE") and started without a shell, on the terminal lvs-tui runs on (stdio
// inherited; the caller has handed the terminal over first). The edited bytes are read back and
// the copy removed whatever happens.

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

/** The editor's argument array from the environment (pure). */
export function editorArgv(env: NodeJS.ProcessEnv): string[] {
  for (const name of ['VISUAL', 'EDITOR'] as const) {
    const words = (env[name] ?? '').trim().split(/\s+/).filter((w) => w !== '');
    if (words.length) return words;
  }
  return ['vi'];
}

export type EditorOutcome =
  /** the editor exited 0: the copy's bytes now */
  | { readonly ok: true; readonly bytes: Buffer }
  /** it could not start, exited non-zero or was killed: what happened */
  | { readonly ok: false; readonly message: string };

export interface EditorRun {
  /** the editor program and its own arguments; the file is added last */
  readonly argv: readonly string[];
  /** the name the copy gets (the editor may pick a syntax by it) */
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly env?: NodeJS.ProcessEnv;
}

/** Runs the editor on a temporary copy holding `bytes`; resolves when it exits. */
export function editTempCopy(run: EditorRun): Promise<EditorOutcome> {
  const dir = fs.mkdtempSync(join(tmpdir(), 'lvs-tui-edit-'));
  const file = join(dir, basename(run.name));
  const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    fs.writeFileSync(file, run.bytes, { mode: 0o600 });
  } catch (err) {
    cleanup();
    return Promise.resolve({ ok: false, message: `cannot write the temporary copy ${file}: ${(err as Error).message}` });
  }
  const [program, ...args] = run.argv;
  return new Promise((resolve) => {
    let done = false;
    const finish = (o: EditorOutcome) => {
      if (done) return;
      done = true;
      cleanup();
      resolve(o);
    };
    let child;
    try {
      child = spawn(program, [...args, file], { stdio: 'inherit', shell: false, env: run.env ?? process.env });
    } catch (err) {
      finish({ ok: false, message: `cannot run the editor ${program}: ${(err as Error).message}` });
      return;
    }
    child.on('error', (err: NodeJS.ErrnoException) =>
      finish({ ok: false, message: err.code === 'ENOENT' ? `cannot run the editor ${program}: no such program (set VISUAL or EDITOR)` : `cannot run the editor ${program}: ${err.message}` }),
    );
    child.on('exit', (code, signal) => {
      if (code !== 0) {
        finish({ ok: false, message: signal ? `the editor ${program} was killed by ${signal}` : `the editor ${program} exited with status ${code}: the file is left as it was` });
        return;
      }
      try {
        finish({ ok: true, bytes: fs.readFileSync(file) });
      } catch (err) {
        finish({ ok: false, message: `cannot read the edited copy back: ${(err as Error).message}` });
      }
    });
  });
}
