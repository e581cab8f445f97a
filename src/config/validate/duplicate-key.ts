// A key set twice in one block: pulse keeps the last value without a word, so the earlier line is
// dead and misleading. A line rule riding the validator's single walk: one frame per open block
// (a virtual's keys continue after its server blocks), each a small array scanned per key. Known
// keys are compared by their schema entry (an identity check; the walk has already looked it up),
// unknown ones by text. No allocation per block: frames are reused by depth.

import { BlockNode, LineNode } from '../cst';
import { KeySpec } from '../schema';
import { LineRule, Report, diag, keySpan } from './rule';
import { specOf } from './line-facts';

interface Frame {
  block: BlockNode | null;
  ids: Array<KeySpec | string>;
  lines: number[];
  n: number;
}

const frames: Frame[] = [];
let depth = 0;

function enter(at: number, block: BlockNode | null): void {
  const f = frames[at] ?? (frames[at] = { block: null, ids: [], lines: [], n: 0 });
  f.block = block;
  f.n = 0;
  depth = at;
}

function reportDuplicate(line: LineNode, lineNo: number, first: number, report: Report): void {
  report(diag('warning', 'duplicate-key', `"${line.key}" is already set on line ${first} in this block; pulse uses this last value and ignores the earlier one; remove one of them`, keySpan(line, lineNo)));
}

export const duplicateKey: LineRule = {
  kind: 'line',
  codes: ['duplicate-key'],
  // every kind: the reset below must see the first line of each file, whatever it is
  check(e, report) {
    if (e.lineNo === 1) {
      // the first line of a new walk: forget the previous file
      frames.length = 0;
      enter(0, null);
    }
    const line = e.line;
    if (line.kind !== 'attr' && line.kind !== 'open' && line.kind !== 'close') return;
    if (line.kind === 'open') {
      if (e.own) enter(depth + 1, e.own);
      return;
    }
    if (line.kind === 'close') {
      if (e.own && frames[depth]?.block === e.own) depth--;
      return;
    }
    if (line.key === null) return;
    const f = frames[depth];
    const id: KeySpec | string = specOf(line, e.scope) ?? line.key;
    for (let i = 0; i < f.n; i++) {
      if (f.ids[i] === id) {
        reportDuplicate(line, e.lineNo, f.lines[i], report);
        f.lines[i] = e.lineNo;
        return;
      }
    }
    f.ids[f.n] = id;
    f.lines[f.n] = e.lineNo;
    f.n++;
  },
};
