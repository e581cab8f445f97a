// The validator: strict like pulse/lvsd (what makes them refuse the file) and beyond (what they
// accept but breaks the service). Pure: host-name lookups are done by the caller (ValidateContext).

import { BlockNode, Document, LineKind, Node, hasNewline } from '../cst';
import { Diagnostic, compareDiagnostics } from '../diagnostic';
import { LvsConfig, buildModel } from '../model';
import { KeyType, Scope } from '../schema';
import { forgetLine, specOf } from './line-facts';
import { DocRule, LineEntry, LineRule, Rule, ValidateContext } from './rule';
import { unknownKey } from './unknown-key';
import { trailingComment } from './trailing-comment';
import { argumentCount } from './arguments';
import { equalsWithoutBlanks } from './equals-without-blanks';
import { escapedQuote } from './escaped-quote';
import { unterminatedString } from './unterminated-string';
import { blankAfterString } from './blank-after-string';
import { singleQuoted } from './single-quoted';
import { unknownEscape } from './unknown-escape';
import { notBoolean } from './boolean';
import { integerValue } from './integer';
import { enumValue } from './enum-value';
import { invalidIPv4 } from './ipv4';
import { nonContiguousMask } from './netmask';
import { portRange } from './port-range';
import { weightRange } from './weight-range';
import { valueRange } from './value-range';
import { syncdIdRange } from './syncd-id-range';
import { syntax } from './syntax';
import { braces } from './braces';
import { blockHeader } from './block-header';
import { misplacedBlock } from './misplaced-block';
import { tooManyTokens } from './too-many-tokens';
import { crCharacter } from './cr-character';
import { emptyFile } from './empty-file';
import { noActiveVirtual } from './no-active-virtual';
import { unresolvedHost } from './unresolved-host';
import { duplicateName } from './duplicate-name';
import { duplicateService } from './duplicate-service';
import { duplicateFwmark } from './duplicate-fwmark';
import { pmaskWithoutPersistent } from './pmask-without-persistent';
import { deadtimeAboveKeepalive } from './deadtime';
import { backupIsPrimary } from './backup-is-primary';
import { missingBackup } from './missing-backup';
import { missingNatRouter } from './missing-nat-router';
import { outsideNatSubnet } from './outside-nat-subnet';
import { portAfterServers } from './port-after-servers';
import { duplicateKey } from './duplicate-key';
import { invalidRegex } from './invalid-regex';
import { relativeProgram } from './relative-program';
import { missingAddress } from './missing-address';
import { noServers } from './no-servers';
import { monitorConflict } from './monitor-conflict';
import { vipDeviceMismatch } from './vip-device-mismatch';
import { byteOrderMark } from './byte-order-mark';

export const RULES: readonly Rule[] = [
  // what makes pulse/lvsd refuse or misread the file: line by line
  syntax, braces, blockHeader, misplacedBlock, tooManyTokens, unknownKey, trailingComment, argumentCount,
  equalsWithoutBlanks, escapedQuote, unterminatedString, blankAfterString, notBoolean, integerValue, enumValue,
  // values pulse accepts but that break the service
  singleQuoted, unknownEscape, invalidIPv4, nonContiguousMask, portRange, weightRange, valueRange, syncdIdRange,
  // the whole file
  crCharacter, emptyFile, noActiveVirtual, unresolvedHost, duplicateName, duplicateService, duplicateFwmark,
  pmaskWithoutPersistent, deadtimeAboveKeepalive, backupIsPrimary, missingBackup, missingNatRouter,
  outsideNatSubnet, portAfterServers, duplicateKey, invalidRegex, relativeProgram, missingAddress, noServers,
  monitorConflict, vipDeviceMismatch, byteOrderMark,
];

export interface ValidateOptions extends ValidateContext {
  /** the bytes the document was parsed from, when it was (CR checks look at bytes) */
  readonly src?: Uint8Array;
  /** an already built model of `doc` */
  readonly config?: LvsConfig;
}

interface DispatchPlan {
  /** rules for each line kind (for attr lines: those not limited to key types) */
  readonly byKind: Record<LineKind, LineRule[]>;
  /** rules limited to key types, by type */
  readonly byType: Map<KeyType, LineRule[]>;
}

/** Which line rules to call for which lines: most rules look at few kinds of lines. */
function dispatchPlan(rules: readonly LineRule[]): DispatchPlan {
  const kinds: LineKind[] = ['blank', 'comment', 'attr', 'open', 'close', 'opaque'];
  const byKind = {} as Record<LineKind, LineRule[]>;
  for (const k of kinds) byKind[k] = rules.filter((r) => !r.types && (!r.lines || r.lines.includes(k)));
  const byType = new Map<KeyType, LineRule[]>();
  for (const r of rules) for (const t of r.types ?? []) byType.set(t, [...(byType.get(t) ?? []), r]);
  return { byKind, byType };
}

function scopeInside(block: BlockNode, outer: Scope | null): Scope | null {
  if (outer === 'global' && (block.kind === 'virtual' || block.kind === 'failover')) return 'virtual';
  if (outer === 'virtual' && block.kind === 'server') return 'server';
  return null;
}

export function validate(doc: Document, opts: ValidateOptions = {}): Diagnostic[] {
  const out: Diagnostic[] = [];
  const report = (d: Diagnostic) => out.push(d);
  const lineRules = RULES.filter((r): r is LineRule => r.kind === 'line');
  const docRules = RULES.filter((r): r is DocRule => r.kind === 'doc');
  const plan = dispatchPlan(lineRules);

  const e: LineEntry = { line: undefined as never, lineNo: 1, scope: 'global', block: null, own: null };
  const emit = () => {
    const line = e.line;
    for (const r of plan.byKind[line.kind]) r.check(e, report);
    if (line.kind === 'attr') {
      const spec = specOf(line, e.scope);
      const typed = spec && plan.byType.get(spec.type);
      if (typed) for (const r of typed) r.check(e, report);
    }
    if (hasNewline(line)) e.lineNo++;
  };
  const visit = (nodes: readonly Node[], scope: Scope | null, parent: BlockNode | null) => {
    for (const n of nodes) {
      if (n.type === 'line') {
        e.line = n;
        e.scope = scope;
        e.block = parent;
        e.own = null;
        emit();
        continue;
      }
      e.line = n.open;
      e.scope = scope;
      e.block = parent;
      e.own = n;
      emit();
      visit(n.body, scopeInside(n, scope), n);
      if (n.close) {
        e.line = n.close;
        e.scope = scope;
        e.block = parent;
        e.own = n;
        emit();
      }
    }
  };
  visit(doc.body, 'global', null);
  forgetLine();

  const config = opts.config ?? buildModel(doc);
  for (const r of docRules) r.check({ doc, config, ctx: opts, src: opts.src ?? null }, report);
  return out.sort(compareDiagnostics);
}

export type { ValidateContext } from './rule';
