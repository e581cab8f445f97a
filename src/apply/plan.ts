// The apply plan: from what the router holds now (a snapshot read by the shell) and the lvs.cf
// wanted, everything one apply would change — lvs.cf, lvs-tui's iptables chains live and
// persisted, the sysctls live and persisted — and what pulse needs to pick it up. Pure: the plan is
// data, shown as one diff before anything runs, then turned into transaction steps.

import { Diagnostic, hasErrors } from '../config/diagnostic';
import { buildModel, ConfigFacts } from '../config/model';
import { configFacts } from '../config/quick-facts';
import { parse } from '../config/parse';
import { validate } from '../config/validate';
import { Impact, PulseState, planImpact } from './impact';
import { parseIptablesSave, SavedRuleset } from './iptables-save';
import { printOwned } from './owned-chains';
import { editPersistedIptables } from './persist-iptables';
import { editPersistedSysctl } from './persist-sysctl';
import { DesiredChains, desiredChains, renderRestore, renderRestoreBack } from './render-iptables';
import { desiredSysctl, sameSysctlValue } from './render-sysctl';
import { checkAgreement, natSubnet, PlacedDiagnostic, readSidecar, resolveMarks } from './sidecar';
import { simulateRestore } from './simulate-restore';

/** What the router holds now, as read by the shell (src/cli/read-router.ts). */
export interface RouterSnapshot {
  readonly configPath: string;
  /** lvs.cf on disk */
  readonly config: Buffer;
  readonly sidecarPath: string;
  /** null: there is no sidecar (defaults) */
  readonly sidecar: Buffer | null;
  /** where lvs-tui keeps the lvs.cf pulse was last (re)started or reloaded with */
  readonly loadedPath: string;
  /** that lvs.cf; null when lvs-tui has no record */
  readonly loaded: Buffer | null;
  /** `iptables-save -t mangle` and `-t nat`, concatenated */
  readonly iptablesSave: string;
  /** live values of the sysctls to manage; null: the key does not exist on this kernel */
  readonly sysctl: ReadonlyMap<string, string | null>;
  readonly persistedIptables: PersistedFile;
  readonly persistedSysctl: PersistedFile;
  readonly pulse: PulseState;
}

export interface PersistedFile {
  /** the path on this machine (under --root) */
  readonly path: string;
  /** null: the file does not exist */
  readonly bytes: Buffer | null;
}

export interface FileChange {
  readonly id: string;
  readonly title: string;
  readonly path: string;
  readonly bytes: Buffer;
  readonly previous: Buffer | null;
  readonly newFileMode?: number;
}

export interface SysctlChange {
  readonly key: string;
  readonly value: string;
  /** the live value now; null when the key does not exist here (the step refuses) */
  readonly previous: string | null;
}

export interface IptablesChange {
  /** `iptables-restore --noflush` text making lvs-tui's chains the desired ones */
  readonly restoreText: string;
  /** the same kind of text putting them back as they are now */
  readonly backText: string;
  readonly desired: DesiredChains;
}

/** One part of the plan as the admin reviews it: a text now and after the apply. */
export interface PlanSection {
  readonly title: string;
  /** a path the texts are of, when they are a file's */
  readonly path?: string;
  /** null: the file does not exist now */
  readonly before: string | null;
  readonly after: string;
  /** the texts are short lines, not a file: show them as they are */
  readonly lines?: boolean;
}

export interface ApplyPlan {
  /** lvs.cf, the sidecar and their agreement */
  readonly diagnostics: readonly PlacedDiagnostic[];
  /** why nothing may be applied (errors in the files); null when the plan can run */
  readonly refused: string | null;
  readonly iptables: IptablesChange | null;
  readonly sysctl: readonly SysctlChange[];
  /** persisted iptables, persisted sysctl, then lvs.cf (renamed last) */
  readonly files: readonly FileChange[];
  /** the record of what pulse loaded, written only when pulse takes the new file */
  readonly loadedRecord: FileChange | null;
  readonly impact: Impact;
  readonly sections: readonly PlanSection[];
  /** true when files, iptables and sysctl already are as wanted and pulse needs nothing */
  readonly nothingToDo: boolean;
}

function placed(file: string, diags: readonly Diagnostic[]): PlacedDiagnostic[] {
  return diags.map((d) => ({ ...d, file }));
}

const same = (a: Buffer | null, b: Buffer | null) => a !== null && b !== null && a.equals(b);

/**
 * Everything wrong with lvs.cf, the sidecar, and the two together (no host lookups: those only
 * make warnings, and `check` does them).
 */
export function checkFiles(configPath: string, config: Buffer, sidecarPath: string, sidecarBytes: Buffer | null) {
  const doc = parse(config);
  const model = buildModel(doc);
  return checkParsed(configPath, sidecarPath, sidecarBytes, model, validate(doc, { src: config, config: model }));
}

/**
 * checkFiles given lvs.cf's values and validate()'s diagnostics of it, made elsewhere (sync: the
 * quick reader's values, a worker thread's diagnostics). Values without the tree (ConfigFacts)
 * place the agreement's diagnostics at their line only.
 */
export function checkParsed<M extends ConfigFacts>(configPath: string, sidecarPath: string, sidecarBytes: Buffer | null, model: M, configDiagnostics: readonly Diagnostic[]) {
  const { sidecar, diagnostics: sidecarDiags } = readSidecar(sidecarBytes, sidecarPath);
  const diagnostics = [...placed(configPath, configDiagnostics), ...sidecarDiags, ...checkAgreement(model, sidecar, sidecarPath, configPath)];
  return { model, sidecar, diagnostics };
}

function iptablesSection(current: SavedRuleset, change: IptablesChange | null): PlanSection {
  const now = printOwned(current);
  const after = change ? printOwned(simulateRestore(current, change.restoreText)) : now;
  return { title: "iptables, live (lvs-tui's chains)", before: now, after };
}

function sysctlSection(wanted: ReadonlyArray<readonly [string, string]>, live: ReadonlyMap<string, string | null>): PlanSection {
  const now = (k: string) => (live.has(k) && live.get(k) !== null ? live.get(k)! : '(does not exist here)');
  return {
    title: 'sysctl, live',
    before: wanted.map(([k]) => `${k} = ${now(k)}\n`).join(''),
    after: wanted.map(([k, v]) => `${k} = ${v}\n`).join(''),
    lines: true,
  };
}

/**
 * The plan for making the router run `desired` (the lvs.cf wanted; the file on disk for a plain
 * apply). `desiredSidecar` (the TUI's staged lvs-tui.yaml) is planned with and written too when it
 * differs from the one on disk; undefined: the sidecar on disk.
 */
export function planApply(s: RouterSnapshot, desired: Buffer, desiredSidecar?: Buffer, checked?: ReturnType<typeof checkParsed<ConfigFacts>>): ApplyPlan {
  const sidecarBytes = desiredSidecar ?? s.sidecar;
  // `checked`: checkFiles of these same bytes, when the caller already ran it (a sync of a big lvs.cf)
  const { model, sidecar, diagnostics } = checked ?? checkFiles(s.configPath, desired, s.sidecarPath, sidecarBytes);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const refused = hasErrors(diagnostics) ? `${errors} error${errors === 1 ? '' : 's'} in ${s.configPath} or ${s.sidecarPath}: fix ${errors === 1 ? 'it' : 'them'} first (lvs-tui check lists them)` : null;

  // iptables: lvs-tui's chains
  const current = parseIptablesSave(s.iptablesSave);
  const marks = refused ? [] : resolveMarks(model, sidecar);
  const desiredRules = desiredChains(marks, { subnet: natSubnet(model), ftpMasquerade: sidecar.ftpMasquerade && model.global.network === 'nat' });
  const restoreText = refused ? null : renderRestore(current, desiredRules);
  const iptables: IptablesChange | null =
    restoreText === null ? null : { restoreText, backText: renderRestoreBack(current, simulateRestore(current, restoreText)) ?? '', desired: desiredRules };

  // sysctl, live
  const wanted = desiredSysctl(model, sidecar.sysctl);
  const sysctl: SysctlChange[] = [];
  for (const [key, value] of wanted) {
    const live = s.sysctl.has(key) ? s.sysctl.get(key)! : null;
    if (live === null || !sameSysctlValue(live, value)) sysctl.push({ key, value, previous: live });
  }

  // files: persisted rules and sysctls first, lvs.cf last
  const files: FileChange[] = [];
  const persistedRules = editPersistedIptables(s.persistedIptables.bytes?.toString('utf8') ?? null, desiredRules);
  if (persistedRules !== null && !same(Buffer.from(persistedRules), s.persistedIptables.bytes)) {
    files.push({ id: 'file:iptables', title: `save the iptables rules to ${s.persistedIptables.path}`, path: s.persistedIptables.path, bytes: Buffer.from(persistedRules), previous: s.persistedIptables.bytes, newFileMode: 0o600 });
  }
  const persistedSysctl = editPersistedSysctl(s.persistedSysctl.bytes?.toString('utf8') ?? null, wanted);
  if (persistedSysctl !== null && !same(Buffer.from(persistedSysctl), s.persistedSysctl.bytes)) {
    files.push({ id: 'file:sysctl', title: `save the sysctl settings to ${s.persistedSysctl.path}`, path: s.persistedSysctl.path, bytes: Buffer.from(persistedSysctl), previous: s.persistedSysctl.bytes });
  }
  if (desiredSidecar !== undefined && !same(desiredSidecar, s.sidecar)) {
    files.push({ id: 'file:sidecar', title: `write ${s.sidecarPath}`, path: s.sidecarPath, bytes: desiredSidecar, previous: s.sidecar, newFileMode: 0o600 });
  }
  if (!desired.equals(s.config)) {
    files.push({ id: 'file:lvs.cf', title: `write ${s.configPath}`, path: s.configPath, bytes: desired, previous: s.config });
  }

  // pulse: what it loaded (as far as lvs-tui knows) against what is wanted
  const loadedModel: ConfigFacts | null = s.loaded === null ? null : configFacts(s.loaded);
  const impact = planImpact(loadedModel, model, s.pulse);
  const loadedRecord: FileChange | null = same(s.loaded, desired)
    ? null
    : { id: 'file:loaded', title: `record the lvs.cf pulse runs in ${s.loadedPath}`, path: s.loadedPath, bytes: desired, previous: s.loaded, newFileMode: 0o600 };

  const fileSection = (id: string, title: string, path: string, before: Buffer | null): PlanSection => {
    const text = before === null ? null : before.toString('utf8');
    const f = files.find((x) => x.id === id);
    return { title, path, before: text, after: f ? f.bytes.toString('utf8') : (text ?? '') };
  };
  const sections: PlanSection[] = [
    fileSection('file:lvs.cf', 'lvs.cf', s.configPath, s.config),
    ...(files.some((f) => f.id === 'file:sidecar') ? [fileSection('file:sidecar', 'lvs-tui.yaml', s.sidecarPath, s.sidecar)] : []),
    iptablesSection(current, iptables),
    fileSection('file:iptables', 'iptables, saved', s.persistedIptables.path, s.persistedIptables.bytes),
    sysctlSection(wanted, s.sysctl),
    fileSection('file:sysctl', 'sysctl, saved', s.persistedSysctl.path, s.persistedSysctl.bytes),
  ];
  const nothingToDo = refused === null && iptables === null && sysctl.length === 0 && files.length === 0 && impact.action === 'none';
  return { diagnostics, refused, iptables, sysctl, files, loadedRecord, impact, sections, nothingToDo };
}
