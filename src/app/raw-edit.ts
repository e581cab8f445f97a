// The visudo-like raw edit of lvs.cf from the TUI: the file's bytes go to the admin's editor on a
// temporary copy, come back, are validated exactly as a save would validate them, and are saved
// only through the CLI's safe write pipeline (src/cli/write-flow.ts: lock, history, atomic write,
// refused when the file changed on disk meanwhile); errors block the save unless the admin forces
// it. The screen (screens/raw-editor.ts) hands the terminal over while the editor runs.

import { basename } from 'node:path';
import { Diagnostic, formatDiagnostic, hasErrors } from '../config/diagnostic';
import { CommandContext } from '../cli/commands/context';
import { Deps } from '../cli/deps';
import { EXIT } from '../cli/errors';
import { checkBytes, commitChange } from '../cli/write-flow';
import { EditorOutcome, EditorRun, editTempCopy, editorArgv } from '../system/editor';
import { ConflictError } from '../system/io-error';

export interface RawEditOptions {
  readonly ctx: Pick<CommandContext, 'paths' | 'deps' | 'options'>;
  /** the file's bytes on disk when the raw edit started */
  readonly bytes: Buffer;
  /** the environment VISUAL/EDITOR are read from */
  readonly env?: NodeJS.ProcessEnv;
  /** runs the editor (tests and the default: src/system/editor.ts) */
  readonly edit?: (run: EditorRun) => Promise<EditorOutcome>;
}

export interface SaveOutcome {
  readonly ok: boolean;
  /** what the write pipeline said (wrote, refused, nothing to change) */
  readonly message: string;
  /** the file's bytes after a save */
  readonly saved?: Buffer;
}

export class RawEdit {
  readonly path: string;
  /** what the editor started from (the file on disk) */
  readonly original: Buffer;
  private current: Buffer;
  private diags: Diagnostic[] = [];
  private validated = false;

  constructor(private readonly opts: RawEditOptions) {
    this.path = opts.ctx.paths.config;
    this.original = opts.bytes;
    this.current = opts.bytes;
  }

  /** the bytes as the admin left them in the editor (the original before any edit) */
  bytes(): Buffer {
    return this.current;
  }

  changed(): boolean {
    return !this.current.equals(this.original);
  }

  diagnostics(): readonly Diagnostic[] {
    return this.diags;
  }

  errorCount(): number {
    return this.diags.filter((d) => d.severity === 'error').length;
  }

  /**
   * `lvs.cf:LINE:COL: error: message [code]` lines, errors first. The file's base name only: the
   * view shows the whole path above them, and a long --root path would push the message off an
   * 80-column line.
   */
  diagnosticLines(): string[] {
    const sorted = [...this.diags].sort((a, b) => (a.severity === b.severity ? a.span.line - b.span.line || a.span.column - b.span.column : a.severity === 'error' ? -1 : 1));
    const name = basename(this.path);
    return sorted.map((d) => formatDiagnostic(name, d));
  }

  editorArgv(): string[] {
    return editorArgv(this.opts.env ?? process.env);
  }

  /**
   * Runs the editor on a copy of the current bytes; `handOver` gives the terminal to it (leaves the
   * alternate screen, cooked mode) and takes it back. Returns null, or why the edit did not happen.
   */
  async runEditor(handOver: <T>(fn: () => Promise<T>) => Promise<T>): Promise<string | null> {
    const edit = this.opts.edit ?? editTempCopy;
    const outcome = await handOver(() => edit({ argv: this.editorArgv(), name: 'lvs.cf', bytes: this.current, env: this.opts.env }));
    if (!outcome.ok) return outcome.message;
    this.current = outcome.bytes;
    await this.validate();
    return null;
  }

  /** Validates the current bytes as the save will (host names looked up). */
  async validate(): Promise<readonly Diagnostic[]> {
    this.diags = await checkBytes(this.current, this.opts.ctx.deps);
    this.validated = true;
    return this.diags;
  }

  /** Saves the edited bytes through the safe write pipeline; errors refuse unless `force`. */
  async save(opts: { force: boolean }): Promise<SaveOutcome> {
    if (!this.validated) await this.validate();
    if (hasErrors(this.diags) && !opts.force) return { ok: false, message: `not saved: ${this.errorCount()} error${this.errorCount() === 1 ? '' : 's'} (fix them, or force the save)` };
    const said: string[] = [];
    const sink = { write: (c: string | Uint8Array) => said.push(typeof c === 'string' ? c : Buffer.from(c).toString('utf8')) };
    const deps: Deps = { ...this.opts.ctx.deps, stdout: sink, stderr: sink };
    const original = this.original;
    const edited = this.current;
    const path = this.path;
    const change = {
      serial: 'keep' as const,
      compute(current: Buffer): Buffer {
        if (!current.equals(original)) throw new ConflictError(path);
        return edited;
      },
    };
    let code: number;
    try {
      code = await commitChange(change, this.opts.ctx.paths, { ...this.opts.ctx.options, dryRun: false, force: opts.force }, deps);
    } catch (err) {
      return { ok: false, message: err instanceof Error ? err.message : String(err) };
    }
    // the pipeline's own lines, without the per-diagnostic ones already on screen
    const message = said
      .join('')
      .split('\n')
      .filter((l) => l.startsWith('lvs-tui: '))
      .map((l) => l.slice('lvs-tui: '.length))
      .join('; ');
    if (code !== EXIT.ok) return { ok: false, message: message || `not saved (exit ${code})` };
    return { ok: true, message: message || 'saved', saved: this.opts.ctx.deps.files.read(this.path) };
  }
}
