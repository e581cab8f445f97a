// readStatusReport with a ConfigCache (the dashboard's and the TUI monitor's refreshes): an
// unchanged lvs.cf is not parsed again, its model is reused; a changed one is parsed, and the
// reports equal those read without a cache.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emptyConfigCache, readStatusReport } from '../../src/cli/commands/status';
import { CommandContext } from '../../src/cli/commands/context';
import { realDeps } from '../../src/cli/main';
import { resolvePaths } from '../../src/cli/paths';
import { FIXTURES } from '../helpers/paths';

const sink = { write: () => true } as unknown as NodeJS.WritableStream;

function context(root: string): CommandContext {
  return { positionals: [], options: {} as CommandContext['options'], paths: resolvePaths(root, undefined), deps: { ...realDeps(), stdout: sink, stderr: sink } as CommandContext['deps'] };
}

/** The report without what changes from one read to the next (time, the sample's clock). */
function stable(r: Awaited<ReturnType<typeof readStatusReport>>['report']) {
  const { generatedAt: _g, view, rates, ...rest } = r;
  const { at: _a, serviceAt: _s, serviceOutlineAt: _o, ...v } = view;
  return { ...rest, rates: rates.basis, view: { ...v, services: view.services } };
}

test('status report: a ConfigCache reuses the model of an unchanged lvs.cf and parses a changed one; reports as without it', async () => {
  const root = mkdtempSync(join(tmpdir(), 'lvs-tui-status-cache-'));
  try {
    mkdirSync(join(root, 'proc', 'net'), { recursive: true });
    mkdirSync(join(root, 'etc', 'sysconfig', 'ha'), { recursive: true });
    copyFileSync(join(FIXTURES, 'ipvs', 'proc-ip_vs.txt'), join(root, 'proc', 'net', 'ip_vs'));
    const cf = join(root, 'etc', 'sysconfig', 'ha', 'lvs.cf');
    const text = readFileSync(join(FIXTURES, 'status', 'fixture-router.cf'), 'utf8');
    writeFileSync(cf, text);
    // pulse's state from a stand-in, not this machine's service manager
    writeFileSync(join(root, 'etc', 'sysconfig', 'ha', 'lvs-tui.yaml'), 'pulse:\n  manager: command\n  status: [/bin/true]\n  reload: [/bin/true]\n  restart: [/bin/true]\n');
    const ctx = context(root);
    const cache = emptyConfigCache();
    const first = await readStatusReport(ctx, { interval: null, configCache: cache });
    const model = cache.config;
    assert.ok(model !== null && cache.bytes !== null);
    const second = await readStatusReport(ctx, { interval: null, previous: first.sample, configCache: cache });
    assert.equal(cache.config, model, 'same bytes: the same model');
    const uncached = await readStatusReport(ctx, { interval: null, previous: first.sample });
    assert.deepEqual(stable(second.report), stable(uncached.report));
    // an admin's edit: the next refresh shows it
    const edited = text.replace(/active = 1/, 'active = 0');
    assert.notEqual(edited, text);
    writeFileSync(cf, edited);
    const third = await readStatusReport(ctx, { interval: null, previous: second.sample, configCache: cache });
    assert.notEqual(cache.config, model, 'changed bytes: parsed again');
    assert.deepEqual(stable(third.report), stable((await readStatusReport(ctx, { interval: null, previous: second.sample })).report));
    assert.notDeepEqual(stable(third.report).config, stable(second.report).config);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
