// The validator: strict like pulse/lvsd (what makes them refuse the file) and beyond (what they
// accept but breaks the service). Pure: host-name lookups are done by the caller (ValidateContext).

import { BlockNode, Document, Node, hasNewline } from '../cst';
import { Diagnostic, compareDiagnostics } from '../diagnostic';
import { LvsConfig, buildModel } from '../model';
import { Scope } from '../schema';
import { DocRule, LineEntry, LineRule, Rule, ValidateContext } from './rule';
import { unknownKey } from './unknown-key';

export const RULES: readonly Rule[] = [unknownKey];

export interface ValidateOptions extends ValidateContext {
  /** the bytes the document was parsed from, when it was (CR checks look at bytes) */
  readonly src?: Uint8Array;
  /** an already built model of `doc` */
  readonly config?: LvsConfig;
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

  const e: LineEntry = { line: undefined as never, lineNo: 1, scope: 'global', block: null, own: null };
  const emit = () => {
    for (const r of lineRules) r.check(e, report);
    if (hasNewline(e.line)) e.lineNo++;
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

  const config = opts.config ?? buildModel(doc);
  for (const r of docRules) r.check({ doc, config, ctx: opts, src: opts.src ?? null }, report);
  return out.sort(compareDiagnostics);
}

export type { ValidateContext } from './rule';
