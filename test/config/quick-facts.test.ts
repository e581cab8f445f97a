// The quick reader (status's and the dashboard's) against the model: whenever readConfigFacts
// reads a file, every value it gives equals buildModel(parse())'s, on the corpus, the spec samples,
// mutated corpus files and random plain files; it declines the shapes it leaves to the parser.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '../../src/config/parse';
import { ConfigFacts, buildModel } from '../../src/config/model';
import { readConfigFacts } from '../../src/config/quick-facts';
import { KEYS } from '../../src/config/schema';
import { FIXTURES } from '../helpers/paths';
import { DEMO_LVS_CF } from '../../src/demo/demo-config';
import { Rng, baseSeed, forAll } from '../helpers/prng';
import { mutate, randomValue } from '../helpers/lvs-gen';

const CORPUS = join(FIXTURES, 'corpus');
const corpus = readdirSync(CORPUS)
  .filter((f) => f.endsWith('.cf'))
  .map((name) => ({ name, bytes: readFileSync(join(CORPUS, name)) }));
const SEED = baseSeed();

/** Everything ConfigFacts carries, as plain data (a Setting's tree node left out: facts have none). */
function project(c: ConfigFacts) {
  const settings = (m: ReadonlyMap<string, { value: string | null; from: string; line: number | null }>) => [...m].map(([k, s]) => [k, s.value, s.from, s.line]);
  return {
    global: { ...c.global, settings: settings(c.global.settings) },
    redundancy: { ...c.redundancy },
    // a virtual's own fields as they are (the model's `block` left out: facts have no tree)
    virtuals: c.virtuals.map(({ settings: own, servers, ...v }) => ({
      ...Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'block')),
      settings: settings(own),
      // the model's servers are getters: each read by name
      servers: servers.map((s) => ({ name: s.name, line: s.line, active: s.active, address: s.address, port: s.port, weight: s.weight })),
    })),
  };
}

/** True when the quick reader read the file (and then agreed with the model); false when it declined. */
function agrees(bytes: Buffer): boolean {
  const quick = readConfigFacts(bytes);
  if (quick === null) return false;
  assert.deepStrictEqual(project(quick), project(buildModel(parse(bytes))));
  return true;
}

test('corpus and spec samples: the quick reader agrees with the model, and reads the plain ones', () => {
  const read = corpus.filter((f) => agrees(f.bytes)).map((f) => f.name);
  // the GUI's files and the spec samples are plain; CR LF, failover blocks and UTF-8 are not
  for (const name of ['gui-nat-basic.cf', 'gui-many-virtuals.cf', 'gui-send-program.cf', 'gui-sorry-server.cf', 'spec-nat-http-ftp.cf', 'spec-direct-fwmark.cf', 'spec-handwritten-dns.cf', 'hand-tabs.cf', 'hand-no-final-newline.cf', 'hand-quoted-braces-and-hash.cf', 'hand-single-quotes.cf']) {
    assert.ok(read.includes(name), `${name} should be read by the quick reader`);
  }
  for (const name of ['hand-crlf.cf', 'hand-failover-blocks.cf', 'hand-unknown-keys.cf', 'hand-utf8-bytes.cf']) assert.ok(!read.includes(name), `${name} is left to the parser`);
  // the demo router's file (what `npm start` reads)
  assert.ok(agrees(Buffer.from(DEMO_LVS_CF)), 'the demo lvs.cf is plain');
});

test('the shapes it leaves to the parser', () => {
  const plain = 'serial_no = 1\nvirtual web {\n  active = 1\n  server a {\n    address = 10.0.0.1\n  }\n}\n';
  assert.notEqual(readConfigFacts(Buffer.from(plain)), null);
  const declined: Record<string, string> = {
    'a CR LF line end': plain.replace('serial_no = 1\n', 'serial_no = 1\r\n'),
    'a lone CR': plain.replace('active = 1', 'active = 1\r'),
    'a UTF-8 comment': `# caf\u00e9\n${plain}`,
    'a failover block': `${plain}failover f {\n  active = 1\n}\n`,
    'an unknown block': `${plain}other x {\n}\n`,
    'text after "}"': plain.replace('  }\n', '  } # end of a\n'),
    'text after "{"': plain.replace('virtual web {', 'virtual web { # the web'),
    'a quoted block name': plain.replace('server a {', 'server "a" {'),
    'an unclosed block': plain.slice(0, -2),
    'a stray "}"': `}\n${plain}`,
    'a line with no "=" or "{"': plain.replace('active = 1', 'active 1'),
    'a server outside a virtual': `server s {\n}\n${plain}`,
    'a block in a server': plain.replace('address = 10.0.0.1', 'server b {\n}'),
  };
  for (const [what, text] of Object.entries(declined)) {
    assert.equal(readConfigFacts(Buffer.from(text, 'utf8')), null, what);
    // and the model still reads it (the caller's fallback)
    buildModel(parse(Buffer.from(text, 'utf8')));
  }
});

test('values as the parser joins them: quotes, adjacent tokens, repeated keys, the port a server inherits', () => {
  const text = [
    'primary = 192.0.2.1',
    'primary = 192.0.2.2',
    'network=direct',
    'nat_router =  10.0.0.254   eth1:1 ',
    'odd = a=b {c} "x y"z \'q',
    'virtual  big  web {',
    '\tactive = 1',
    '\tsend = "GET / HTTP/1.0\\r\\n\\r\\n"',
    '\texpect = "HTTP"',
    '\tsorry_server = 10.0.0.9',
    '\tserver a {',
    '\t\taddress = 10.1.0.1',
    '\t\tweight = 0x10',
    '\t}',
    '\tport = 8080',
    '\tserver b {',
    '\t\taddress = 10.1.0.2',
    '\t\tactive = 1',
    '\t}',
    '\tport = 9090',
    '\tserver c {',
    '\t\tport = 7070',
    '\t\tport =',
    '\t}',
    '}',
    'virtual {',
    '}',
  ].join('\n');
  const bytes = Buffer.from(text);
  assert.ok(agrees(bytes));
  const facts = readConfigFacts(bytes)!;
  const [web, unnamed] = facts.virtuals;
  assert.equal(facts.global.primary, '192.0.2.2');
  assert.equal(facts.global.natDevice, 'eth1:1');
  assert.equal(facts.global.settings.get('odd')?.value, 'a = b { c } "x y" z \'q');
  assert.equal(web.name, 'big web');
  assert.equal(web.settings.get('send')?.value, 'GET / HTTP/1.0\\r\\n\\r\\n');
  assert.deepEqual(web.servers.map((s) => [s.name, s.port, s.weight, s.active]), [['a', '80', 16, false], ['b', '8080', 1, true], ['c', '', 1, false]]);
  assert.equal(web.port, '9090');
  assert.equal(unnamed.name, '');
});

/** A random file of the plain shape, with the odd spellings a hand-edited file has. */
function randomPlainFile(r: Rng): Buffer {
  const lines: string[] = [];
  const blank = () => r.pick(['', ' ', '\t', '  ']);
  const keyLine = (scope: 'global' | 'virtual' | 'server', indent: string) => {
    const spec = r.pick(KEYS.filter((k) => k.scopes.includes(scope)));
    const key = r.chance(0.1) ? r.pick(['unknown_key', 'x', 'port', 'active', 'weight']) : spec.key;
    const value = r.chance(0.1) ? r.pick(['', '=', '{ }', '"a b" c', '# not a comment', "'x", '0x1F', '010']) : randomValue(r, spec);
    const eq = r.pick([' = ', '=', ' =', '= ', '\t=\t']);
    lines.push(`${indent}${key}${eq}${value}${blank()}`);
  };
  const noise = (indent: string) => {
    if (r.chance(0.15)) lines.push(blank());
    if (r.chance(0.15)) lines.push(`${indent}# ${r.pick(['note', 'server x {', '}', 'a = b'])}`);
  };
  for (let i = r.int(0, 6); i > 0; i--) {
    keyLine('global', blank());
    noise('');
  }
  for (let v = r.int(0, 4); v > 0; v--) {
    lines.push(`${blank()}virtual${r.pick([' ', '  ', '\t'])}${r.pick(['web', 'big web', 'v1', 'a.b-c'])}${r.pick([' {', '{', ' { '])}`);
    for (let i = r.int(0, 5); i > 0; i--) {
      if (r.chance(0.7)) keyLine('virtual', '   ');
      else {
        lines.push(`   server ${r.pick(['s1', 's2', 'two words', ''])} {`);
        for (let k = r.int(0, 5); k > 0; k--) keyLine('server', '      ');
        noise('      ');
        lines.push(`   }${blank()}`);
      }
      noise('   ');
    }
    lines.push('}');
    if (r.chance(0.3)) keyLine('global', '');
  }
  return Buffer.from(lines.join('\n') + (r.chance(0.9) ? '\n' : ''), 'latin1');
}

test('random plain files: read, and equal to the model', () => {
  let read = 0;
  forAll('plain files', SEED, 500, randomPlainFile, (b) => void (agrees(b) && read++), (b) => JSON.stringify(b.toString('latin1')));
  // the generator makes plain files only (a value like "'x" or "=" included), so all are read
  assert.equal(read, 500);
});

test('mutated files: whenever read, equal to the model', () => {
  let read = 0;
  const seeds = corpus.map((f) => f.bytes);
  forAll('mutated files', SEED, 1500, (r) => mutate(r, r.pick(seeds), 4), (b) => void (agrees(b) && read++), (b) => JSON.stringify(b.toString('latin1')));
  // a good share of mutations stay plain: the comparison is not vacuous
  assert.ok(read > 300, `only ${read} of 1500 mutated files were read`);
});
