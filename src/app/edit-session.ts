// The staged edits of one TUI session (pure: no I/O). The screens change lvs.cf and lvs-tui.yaml
// only through here; nothing reaches the disk until the review applies the staged bytes. Each edit
// is an operation of src/config/edit.ts (or of the CLI's edit-plan) on the staged document, so the
// TUI writes exactly what `lvs-tui set/add/...` would: only the edited lines change.

import type { Document as YamlDocument } from 'yaml';
import { Document } from '../config/cst';
import { parse } from '../config/parse';
import { print } from '../config/print';
import { LvsConfig, buildModel } from '../config/model';
import { validate } from '../config/validate';
import { EditError } from '../config/edit';
import type { PlacedDiagnostic, SidecarResult } from '../apply/sidecar';

/** lvs-tui.yaml's code (and the yaml package) loaded when first needed: not before the first frame. */
const sidecarCode = () => require('../apply/sidecar') as typeof import('../apply/sidecar');

export interface EditSessionInit {
  readonly configPath: string;
  readonly configBytes: Buffer;
  readonly sidecarPath: string;
  /** null: there is no lvs-tui.yaml (its defaults apply) */
  readonly sidecarBytes: Buffer | null;
  /** host names looked up before the session started (true = resolves); warnings only */
  readonly resolved?: ReadonlyMap<string, boolean>;
}

export interface StagedEdit {
  readonly label: string;
  readonly file: 'config' | 'sidecar';
}

export type SessionListener = () => void;

export { EditError };

/** A Buffer view of bytes without copying. */
const asBuffer = (b: Uint8Array): Buffer => (Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.length));

const sameBytes = (a: Uint8Array | null, b: Uint8Array | null): boolean =>
  a === b || (a !== null && b !== null && Buffer.compare(asBuffer(a), asBuffer(b)) === 0);

export class EditSession {
  readonly configPath: string;
  readonly sidecarPath: string;
  private origConfig: Buffer;
  private origSidecar: Buffer | null;
  private stagedConfig: Buffer;
  private stagedSidecar: Buffer | null;
  /** parsed on first use: the TUI draws its first frame before reading a big file */
  private document: Document | null = null;
  private model: LvsConfig | null = null;
  private sidecarParsed: SidecarResult | null = null;
  private diags: PlacedDiagnostic[] | null = null;
  private log: StagedEdit[] = [];
  private readonly listeners = new Set<SessionListener>();
  /** host names looked up so far (true = resolves): kept for the session, a name is asked once */
  private readonly resolved = new Map<string, boolean>();

  constructor(init: EditSessionInit) {
    this.configPath = init.configPath;
    this.sidecarPath = init.sidecarPath;
    for (const [name, ok] of init.resolved ?? []) this.resolved.set(name, ok);
    this.origConfig = init.configBytes;
    this.origSidecar = init.sidecarBytes;
    this.stagedConfig = init.configBytes;
    this.stagedSidecar = init.sidecarBytes;
  }

  get originalConfigBytes(): Buffer {
    return this.origConfig;
  }

  get originalSidecarBytes(): Buffer | null {
    return this.origSidecar;
  }

  /** The staged document (parsed from the staged bytes, so lines and spans match them). */
  doc(): Document {
    return (this.document ??= parse(this.stagedConfig));
  }

  /** The typed model of the staged lvs.cf. */
  config(): LvsConfig {
    return (this.model ??= buildModel(this.doc()));
  }

  configBytes(): Buffer {
    return this.stagedConfig;
  }

  sidecarBytes(): Buffer | null {
    return this.stagedSidecar;
  }

  /** The staged lvs-tui.yaml, parsed (defaults when there is none). */
  sidecar(): SidecarResult {
    return (this.sidecarParsed ??= sidecarCode().parseSidecar(this.stagedSidecar ?? new Uint8Array(), this.sidecarPath));
  }

  /** lvs.cf's diagnostics, then the sidecar's and the two files' agreement, each in line order. */
  diagnostics(): readonly PlacedDiagnostic[] {
    if (this.diags) return this.diags;
    const config = this.config();
    const out: PlacedDiagnostic[] = validate(this.doc(), { src: this.stagedConfig, config, resolved: this.resolved }).map((d) => ({ file: this.configPath, ...d }));
    const side = this.sidecar();
    out.push(...side.diagnostics.map((d) => ({ file: this.sidecarPath, ...d })));
    if (side.document.errors.length === 0) out.push(...sidecarCode().checkAgreement(config, side.sidecar, this.sidecarPath, this.configPath));
    const order = (d: PlacedDiagnostic) => (d.file === this.configPath ? 0 : 1);
    out.sort((a, b) => order(a) - order(b) || a.span.line - b.span.line || a.span.column - b.span.column);
    return (this.diags = out);
  }

  /** Host names the validator has no answer for yet (they get one from addResolved). */
  unansweredHosts(names: readonly string[]): string[] {
    return names.filter((n) => !this.resolved.has(n));
  }

  /**
   * Answers of host lookups (done in the background: the TUI never waits for DNS); the diagnostics
   * are worked out again when one changes what the validator says (unresolved-host warnings).
   */
  addResolved(answers: ReadonlyMap<string, boolean>): void {
    let changed = false;
    for (const [name, ok] of answers) {
      if (this.resolved.get(name) === ok) continue;
      this.resolved.set(name, ok);
      changed = true;
    }
    if (!changed) return;
    this.diags = null;
    this.notify();
  }

  /** true once diagnostics() has run on the staged state (it costs a validation of the file) */
  diagnosticsReady(): boolean {
    return this.diags !== null;
  }

  errorCount(): number {
    return this.diagnostics().filter((d) => d.severity === 'error').length;
  }

  warningCount(): number {
    return this.diagnostics().length - this.errorCount();
  }

  /** The staged edits, oldest first (an edit undone by a later one still shows here). */
  edits(): readonly StagedEdit[] {
    return this.log;
  }

  /**
   * How many staged changes differ from the files: 0 when the staged bytes are the original ones
   * (nothing to apply), else the number of distinct edit labels (changing one field twice is one).
   */
  pendingCount(): number {
    if (!this.isDirty()) return 0;
    return Math.max(1, new Set(this.log.map((e) => `${e.file}\u0000${e.label}`)).size);
  }

  /** True when the staged bytes differ from the original ones. */
  isDirty(): boolean {
    return !sameBytes(this.stagedConfig, this.origConfig) || !sameBytes(this.stagedSidecar, this.origSidecar);
  }

  /**
   * Applies an edit to the staged lvs.cf. `fn` gets the staged document and returns the edited one;
   * it throws (EditError, RefusedError) to refuse, and then nothing changes. An edit that changes no
   * byte is not recorded.
   */
  edit(label: string, fn: (doc: Document) => Document): void {
    const next = print(fn(this.doc()));
    if (sameBytes(next, this.stagedConfig)) return;
    this.stagedConfig = next;
    this.document = null;
    this.model = null;
    this.diags = null;
    this.log = [...this.log, { label, file: 'config' }];
    this.notify();
  }

  /**
   * Applies an edit to the staged lvs-tui.yaml: `fn` gets its yaml Document (the staged text) and
   * returns the new text (src/apply/sidecar-edit.ts keeps the admin's comments). Throws
   * SidecarEditError when the file has YAML errors.
   */
  editSidecar(label: string, fn: (document: YamlDocument) => string): void {
    const text = fn(sidecarCode().parseSidecar(this.stagedSidecar ?? new Uint8Array(), this.sidecarPath).document);
    const next = Buffer.from(text, 'utf8');
    const current = this.stagedSidecar ?? Buffer.alloc(0);
    if (sameBytes(next, current)) return;
    this.stagedSidecar = next.length === 0 && this.origSidecar === null ? null : next;
    this.sidecarParsed = null;
    this.diags = null;
    this.log = [...this.log, { label, file: 'sidecar' }];
    this.notify();
  }

  /** Drops every staged edit: the staged bytes are the original ones again. */
  discard(): void {
    this.reset(this.origConfig, this.origSidecar);
  }

  /** After an apply or a reload: these bytes are the new original, nothing is pending. */
  rebase(newConfigBytes: Buffer, newSidecarBytes: Buffer | null): void {
    this.origConfig = newConfigBytes;
    this.origSidecar = newSidecarBytes;
    this.reset(newConfigBytes, newSidecarBytes);
  }

  subscribe(listener: SessionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private reset(config: Buffer, sidecar: Buffer | null): void {
    this.stagedConfig = config;
    this.stagedSidecar = sidecar;
    this.document = null;
    this.model = null;
    this.sidecarParsed = null;
    this.diags = null;
    this.log = [];
    this.notify();
  }

  private notify(): void {
    for (const l of [...this.listeners]) l();
  }
}
