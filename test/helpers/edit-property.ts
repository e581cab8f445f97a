// The edit property: on a valid file sprinkled with comments and unknown keys, a random sequence of
// edits on existing names changes only the lines each edit is about, keeps every comment outside a
// deleted block, re-parses losslessly, and the model shows the edit.

import assert from 'node:assert/strict';
import { BlockNode, Document } from '../../src/config/cst';
import { BlockPath, findBlock, scopeOf } from '../../src/config/edit';
import { LvsConfig, Setting, buildModel, effectiveSetting } from '../../src/config/model';
import { parse } from '../../src/config/parse';
import { print } from '../../src/config/print';
import { guiDefaultsFor, keysOf } from '../../src/config/schema';
import { validate } from '../../src/config/validate';
import { EditOp, applyOp } from './edit-ops';
import { randomValue, splitLines } from './lvs-gen';
import { Rng } from './prng';

export interface EditCase {
  readonly file: string;
  readonly src: Buffer;
  readonly r: Rng;
  /** filled in while the case runs, so a failure can show what was done */
  readonly ops: EditOp[];
}

/** Inserts comment lines and unknown-key lines at random line boundaries. */
function decorate(r: Rng, src: Buffer): Buffer {
  const lines = splitLines(src);
  const endsWithNewline = src.length > 0 && src[src.length - 1] === 0x0a;
  const n = r.int(0, 8);
  for (let i = 0; i < n; i++) {
    const at = r.int(0, endsWithNewline ? lines.length : Math.max(0, lines.length - 1));
    const indent = r.pick(['', '     ', '\t', '  ']);
    const text = r.chance(0.6) ? `${indent}# note ${i} { } "x"\n` : `${indent}x_custom_${i} = keep-me\n`;
    lines.splice(at, 0, Buffer.from(text));
  }
  return Buffer.concat(lines);
}

export function randomEditCase(r: Rng, seed: { name: string; bytes: Buffer }): EditCase {
  return { file: seed.name, src: decorate(r, seed.bytes), r, ops: [] };
}

/** Lines without their newline, as a multiset. */
function lineBag(b: Buffer): Map<string, number> {
  const bag = new Map<string, number>();
  for (const l of splitLines(b)) {
    const s = l.toString('latin1').replace(/\n$/, '');
    bag.set(s, (bag.get(s) ?? 0) + 1);
  }
  return bag;
}

/** Lines of `a` not matched in `b` (multiset difference), in no particular order. */
function minus(a: Map<string, number>, b: Map<string, number>): string[] {
  const out: string[] = [];
  for (const [line, n] of a) for (let i = b.get(line) ?? 0; i < n; i++) out.push(line);
  return out;
}

const isComment = (line: string) => /^[ \t]*#/.test(line);
const keyLine = (key: string) => new RegExp(`^[ \\t]*${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[ \\t]*=`);

/** A random op on the names the document has now; new names are `new-<prefix><step>`, unused by the corpus. */
function randomOp(r: Rng, doc: Document, step: number): EditOp {
  const freshName = (prefix: string) => `new-${prefix}${step}`;
  const config = buildModel(doc);
  const virtuals = config.virtuals;
  const v = virtuals.length ? r.pick(virtuals) : null;
  const s = v && v.servers.length ? r.pick(v.servers) : null;
  const paths: BlockPath[] = [{}];
  if (v) paths.push({ virtual: v.name });
  if (v && s) paths.push({ virtual: v.name, server: s.name });
  const path = r.pick(paths);
  const blockPath = s && r.chance(0.5) ? { virtual: v!.name, server: s.name } : v ? { virtual: v.name } : null;
  const kind = r.int(0, 9);
  if (kind <= 3) {
    const spec = r.pick(keysOf(scopeOf(path)).filter((k) => k.type !== 'list'));
    return { op: 'set', path, key: spec.key, value: randomValue(r, spec) };
  }
  if (kind === 4) return { op: 'unset', path, key: r.pick(keysOf(scopeOf(path))).key };
  if (kind === 5) {
    const addPath: BlockPath = v && r.chance(0.6) ? { virtual: v.name } : {};
    const scope = addPath.virtual === undefined ? 'virtual' : 'server';
    const attrs = r.chance(0.5) ? undefined : guiDefaultsFor(scope).filter(() => r.chance(0.5));
    return { op: 'add', path: addPath, name: freshName(scope === 'virtual' ? 'v' : 's'), attrs };
  }
  if (!blockPath) return { op: 'bumpSerial' };
  if (kind === 6) return { op: 'delete', path: blockPath };
  if (kind === 7) return { op: 'rename', path: blockPath, name: freshName('n') };
  if (kind === 8) return { op: r.chance(0.5) ? 'enable' : 'disable', path: blockPath };
  return { op: 'bumpSerial' };
}

function blockAt(doc: Document, path: BlockPath): BlockNode {
  const b = findBlock(doc, path);
  assert.ok(b, `no block at ${JSON.stringify(path)}`);
  return b;
}

/** Checks one applied op: the line diff it may cause and what the model must show afterwards. */
/** Everything the model says, with lines, as plain data (nodes left out). */
function modelView(m: LvsConfig): unknown {
  const settings = (map: ReadonlyMap<string, Setting>) => [...map].map(([k, v]) => [k, v.value, v.from, v.line]);
  return {
    global: { ...m.global, settings: settings(m.global.settings) },
    redundancy: m.redundancy,
    virtuals: m.virtuals.map((v) => ({
      name: v.name, line: v.line, kind: v.kind, active: v.active, vip: v.vip, device: v.device, port: v.port, protocol: v.protocol,
      fwmark: v.fwmark, scheduler: v.scheduler, persistent: v.persistent, settings: settings(v.settings),
      servers: v.servers.map((s) => ({ name: s.name, line: s.line, active: s.active, address: s.address, port: s.port, weight: s.weight, settings: settings(s.settings) })),
    })),
  };
}

function checkStep(op: EditOp, before: Document, after: Document): void {
  const a = print(before);
  const b = print(after);
  assert.equal(Buffer.compare(print(parse(b)), b), 0, 'the edited file does not re-parse losslessly');
  const removed = minus(lineBag(a), lineBag(b));
  const added = minus(lineBag(b), lineBag(a));
  const reparsed = parse(b);
  const config = buildModel(reparsed);
  validate(reparsed, { src: b, config });
  // the model of the edited tree itself (shared parsed blocks, shifted lines) is the re-parsed file's
  assert.deepEqual(modelView(buildModel(after)), modelView(config), 'the edited tree\'s model differs from the re-parsed file\'s');

  // comments outside a deleted block always survive
  const deletedLines = op.op === 'delete' ? lineBag(print({ body: [blockAt(before, op.path)] })) : new Map<string, number>();
  const lostComments = removed.filter((l) => isComment(l) && !deletedLines.has(l));
  assert.deepEqual(lostComments, [], 'comments were lost');

  switch (op.op) {
    case 'set':
    case 'enable':
    case 'disable': {
      const key = op.op === 'set' ? op.key : 'active';
      const value = op.op === 'set' ? op.value : op.op === 'enable' ? '1' : '0';
      assert.ok(removed.length <= 1 && added.length <= 1, `set changed more than one line: -${JSON.stringify(removed)} +${JSON.stringify(added)}`);
      for (const l of [...removed, ...added]) assert.match(l, keyLine(key), 'set touched a line of another key');
      const got = effectiveSetting(config, key, op.path.virtual, op.path.server);
      assert.equal(got?.value, value, `the model does not show ${key} = ${value}`);
      assert.equal(got?.from, 'file');
      return;
    }
    case 'unset': {
      assert.deepEqual(added, [], 'unset added lines');
      for (const l of removed) assert.match(l, keyLine(op.key), 'unset removed a line of another key');
      assert.notEqual(effectiveSetting(config, op.key, op.path.virtual, op.path.server)?.from, 'file', 'the key is still in the file');
      return;
    }
    case 'add': {
      assert.deepEqual(removed, [], 'add removed lines');
      const attrs = op.attrs ?? guiDefaultsFor(op.path.virtual === undefined ? 'virtual' : 'server');
      assert.equal(added.length, attrs.length + 2, 'add wrote an unexpected number of lines');
      const path = op.path.virtual === undefined ? { virtual: op.name } : { virtual: op.path.virtual, server: op.name };
      assert.ok(findBlock(reparsed, path), `the model has no ${JSON.stringify(path)} after add`);
      return;
    }
    case 'delete': {
      assert.deepEqual(added, [], 'delete added lines');
      assert.deepEqual(lineBag(Buffer.from(removed.map((l) => l + '\n').join(''), 'latin1')), deletedLines, 'delete removed other lines than the block');
      assert.equal(findBlock(reparsed, op.path), null, 'the block is still there');
      return;
    }
    case 'rename': {
      assert.equal(removed.length, 1, 'rename must change exactly one line');
      assert.equal(added.length, 1, 'rename must change exactly one line');
      const oldName = op.path.server ?? op.path.virtual ?? '';
      assert.equal(added[0], removed[0].replace(new RegExp(`(?<=[ \\t])${oldName}(?=[ \\t{])`), op.name), 'rename changed more than the name');
      const renamed = op.path.server !== undefined ? { virtual: op.path.virtual, server: op.name } : { virtual: op.name };
      assert.ok(findBlock(reparsed, renamed), 'the renamed block is not found');
      return;
    }
    case 'bumpSerial': {
      const old = buildModel(before).global.serialNo;
      assert.equal(config.global.serialNo, old === null ? null : old + 1);
      assert.ok(removed.length <= 1 && added.length <= 1);
      return;
    }
  }
}

export function checkEdit(c: EditCase): void {
  let doc = parse(c.src);
  const steps = c.r.int(1, 8);
  for (let i = 0; i < steps; i++) {
    const op = randomOp(c.r, doc, i);
    c.ops.push(op);
    const next = applyOp(doc, op);
    checkStep(op, doc, next);
    doc = next;
  }
}
