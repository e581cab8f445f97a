// export --format yaml, then import: the same model for every sample and fixture lvs.cf, whether
// imported into the file itself (byte for byte unchanged) or into another lvs.cf (an empty one,
// another sample): every value comes back.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { parse } from '../../src/config/parse';
import { print } from '../../src/config/print';
import { buildModel } from '../../src/config/model';
import { validate } from '../../src/config/validate';
import { exportConfig } from '../../src/present/export-model';
import { planImport, readImportYaml } from '../../src/migrate/yaml-import';
import { prepareValue } from '../../src/cli/edit-plan';
import { FIXTURES, SAMPLES, SPEC_SAMPLES } from '../helpers/paths';

function cfFiles(dir: string): string[] {
  try {
    return readdirSync(dir).filter((n) => n.endsWith('.cf')).map((n) => join(dir, n));
  } catch {
    return [];
  }
}

const ALL = [...cfFiles(SPEC_SAMPLES), ...cfFiles(SAMPLES), ...cfFiles(join(FIXTURES, 'corpus'))];

/** The model as export shows it, without line numbers and the path (they depend on the file). */
function modelOf(bytes: Buffer): unknown {
  const data = JSON.parse(JSON.stringify(exportConfig(buildModel(parse(bytes)), 'x')));
  const strip = (o: unknown): unknown => {
    if (Array.isArray(o)) return o.map(strip);
    if (o && typeof o === 'object') return Object.fromEntries(Object.entries(o).filter(([k]) => k !== 'line' && k !== 'file').map(([k, v]) => [k, strip(v)]));
    return o;
  };
  return strip(data);
}

function importInto(target: Buffer, yamlText: string, force = true): { bytes: Buffer; problems: string[] } {
  const read = readImportYaml(yamlText);
  if (!read.intent) return { bytes: target, problems: read.problems.map((d) => `${d.span.line}: ${d.message}`) };
  const plan = planImport(parse(target), read.intent, (scope, key, value) => prepareValue(scope, key, value, force));
  return { bytes: print(plan.doc), problems: plan.problems.map((d) => `${d.span.line}: ${d.message}`) };
}

const yamlOf = (bytes: Buffer) => stringify(exportConfig(buildModel(parse(bytes)), 'x'));
const hasErrors = (bytes: Buffer) => validate(parse(bytes), { src: bytes }).some((d) => d.severity === 'error');

test('yaml: an unchanged import leaves every sample and fixture byte for byte identical', () => {
  assert.ok(ALL.length >= 40);
  for (const file of ALL) {
    const bytes = readFileSync(file);
    const r = importInto(bytes, yamlOf(bytes), false);
    assert.deepEqual(r.problems, [], file);
    assert.ok(Buffer.compare(r.bytes, bytes) === 0, `${file} changed`);
  }
});

test('yaml: imported into an empty lvs.cf and into another sample, every valid file gives the same model', () => {
  const other = readFileSync(join(SAMPLES, 'direct-fwmark.cf'));
  let checked = 0;
  for (const file of ALL) {
    const bytes = readFileSync(file);
    if (hasErrors(bytes)) continue;
    const want = modelOf(bytes);
    for (const [what, target] of [['an empty file', Buffer.alloc(0)], ['direct-fwmark.cf', other]] as const) {
      const r = importInto(target, yamlOf(bytes), false);
      assert.deepEqual(r.problems, [], `${file} into ${what}`);
      assert.deepEqual(modelOf(r.bytes), want, `${file} into ${what}:\n${r.bytes.toString()}`);
      assert.ok(!hasErrors(r.bytes), `${file} into ${what} has errors:\n${r.bytes}`);
    }
    checked++;
  }
  assert.ok(checked >= 15, `only ${checked} valid files`);
});

test('yaml: broken fixtures: what lvs.cf cannot hold is refused at its YAML line; the rest imports, then re-imports unchanged', () => {
  let refused = 0;
  let imported = 0;
  for (const file of ALL) {
    const bytes = readFileSync(file);
    if (!hasErrors(bytes)) continue;
    const yamlText = yamlOf(bytes);
    const read = readImportYaml(yamlText);
    assert.ok(read.intent, `${file}: export's YAML reads back`);
    const plan = planImport(parse(Buffer.alloc(0)), read.intent, (scope, key, value) => prepareValue(scope, key, value, true));
    if (plan.problems.length) {
      refused++;
      for (const d of plan.problems) {
        assert.ok(d.span.line > 1, `${file}: "${d.message}" points at a line of the YAML`);
        assert.match(yamlText.split('\n')[d.span.line - 1], /name:|value:/, `${file}: line ${d.span.line} is a name or a value`);
      }
      continue;
    }
    imported++;
    const out = print(plan.doc);
    const again = importInto(out, yamlOf(out), true);
    assert.deepEqual(again.problems, [], file);
    assert.ok(Buffer.compare(again.bytes, out) === 0, `${file}: a second import changes nothing`);
  }
  assert.ok(refused >= 3 && imported >= 3, `refused ${refused}, imported ${imported}`);
});
