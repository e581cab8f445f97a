// Every keepalived.conf `lvs-tui export --format keepalived` writes, for every sample and fixture
// lvs.cf, passes Debian's `keepalived -t -f FILE` (2.2.7: exit 0 only when it has nothing to say),
// run inside a network namespace holding interfaces named as in the file (keepalived checks them,
// and the scripts' security).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { needProgram, needRootNamespaces } from '../helpers/require-tool';
import { Netns, withNetns } from '../helpers/netns';
import { FIXTURES, SAMPLES, SPEC_SAMPLES } from '../helpers/paths';
import { lvsTui } from '../cli/harness';

const skip = needRootNamespaces() || needProgram('ip', ['-V']) || needProgram('keepalived', ['--version']);

function cfFiles(dir: string): string[] {
  try {
    return readdirSync(dir).filter((n) => n.endsWith('.cf')).map((n) => join(dir, n));
  } catch {
    return [];
  }
}

/** Interface names a keepalived.conf uses: `interface X`, `dev X`, lvs_sync_daemon's, track_interface's. */
function interfacesOf(conf: string): string[] {
  const names = new Set<string>();
  for (const m of conf.matchAll(/^\s*(?:interface|lvs_sync_daemon)\s+(\S+)/gm)) names.add(m[1]);
  for (const m of conf.matchAll(/\sdev\s+(\S+)/g)) names.add(m[1]);
  for (const m of conf.matchAll(/track_interface \{\n((?:\s+\S+\n)*?)\s*\}/g)) for (const n of m[1].split(/\s+/).filter(Boolean)) names.add(n);
  return [...names];
}

/** Adds the interfaces the namespace lacks: dummy ones, or bridges where the kernel has no dummy module. */
function ensureInterfaces(ns: Netns, names: readonly string[]): void {
  const have = ns.run('ip', ['-o', 'link', 'show']);
  for (const name of names) {
    if (new RegExp(`^\\d+: ${name.replace(/[.]/g, '\\.')}[:@]`, 'm').test(have)) continue;
    if (ns.exec('ip', ['link', 'add', name, 'type', 'dummy']).status !== 0) ns.run('ip', ['link', 'add', name, 'type', 'bridge']);
    ns.run('ip', ['link', 'set', name, 'up']);
  }
}

function configTest(ns: Netns, path: string) {
  ensureInterfaces(ns, interfacesOf(readFileSync(path, 'utf8')));
  return ns.exec('keepalived', ['-t', '-f', path]);
}

test('keepalived -t accepts every exported file of every sample and fixture lvs.cf', { skip }, async () => {
  const sources = [...cfFiles(SPEC_SAMPLES), ...cfFiles(SAMPLES), ...cfFiles(join(FIXTURES, 'corpus')), ...cfFiles(join(FIXTURES, 'keepalived'))];
  assert.ok(sources.length >= 40, `only ${sources.length} lvs.cf files found`);
  const out = mkdtempSync(join(tmpdir(), 'lvstui-keepalived-'));
  try {
    await withNetns((ns) => {
      let checked = 0;
      let withScripts = 0;
      sources.forEach((src, i) => {
        const dir = join(out, `${i}`);
        // --force: broken fixtures are exported as far as they can be read
        const r = lvsTui(['export', '--format', 'keepalived', '--out', dir, '--config', src, '--force']);
        assert.equal(r.status, 0, `${src}: ${r.stderr}`);
        for (const name of readdirSync(dir).filter((n) => n.endsWith('.conf'))) {
          const path = join(dir, name);
          const t = configTest(ns, path);
          assert.equal(t.status, 0, `keepalived -t -f ${path} (from ${src}) exited ${t.status}:\n${t.stderr}${t.stdout}\n${readFileSync(path, 'utf8')}`);
          checked++;
          if (/MISC_CHECK/.test(readFileSync(path, 'utf8'))) withScripts++;
        }
      });
      assert.ok(checked >= sources.length, `${checked} files checked`);
      assert.ok(withScripts >= 3, `only ${withScripts} files with MISC_CHECK`);
    });
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('keepalived -t fails on the same file without script security or without its interface (the test can fail)', { skip }, async () => {
  const out = mkdtempSync(join(tmpdir(), 'lvstui-keepalived-'));
  try {
    const r = lvsTui(['export', '--format', 'keepalived', '--out', out, '--config', join(SAMPLES, 'nat-http-ftp.cf')]);
    assert.equal(r.status, 0, r.stderr);
    const path = join(out, 'keepalived-primary.conf');
    const good = readFileSync(path, 'utf8');
    await withNetns((ns) => {
      assert.notEqual(ns.exec('keepalived', ['-t', '-f', path]).status, 0, 'no eth0/eth1 in the namespace yet');
      assert.equal(configTest(ns, path).status, 0);
      writeFileSync(path, good.replace(/\s+enable_script_security\n\s+script_user root\n/, '\n'));
      assert.notEqual(ns.exec('keepalived', ['-t', '-f', path]).status, 0, 'MISC_CHECK without enable_script_security');
    });
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
