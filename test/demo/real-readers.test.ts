// The demo read by lvs-tui's real readers: parse(render(state)) gives back the state's services, and
// readSample / the process reader on a running demo see what a live router would show.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { initialState } from '../../src/demo/initial-state';
import { simulate, warmUp, countConns } from '../../src/demo/simulate';
import { makeRng } from '../../src/demo/prng';
import { renderProcIpVs } from '../../src/demo/render-proc';
import { startDemo } from '../../src/demo/index';
import type { DemoState } from '../../src/demo/demo-state';
import { parseProcIpvs } from '../../src/monitor/parse-proc-ip-vs';
import { readSample } from '../../src/monitor/sample';
import { findLvsProcesses } from '../../src/monitor/processes';
import { nodeProcFs } from '../../src/system/proc-fs';
import { readProcessTable } from '../../src/system/process-table';
import { processRunner } from '../../src/system/runner';
import { serviceId } from '../../src/monitor/ipvs-types';
import { baseSeed } from '../helpers/prng';

function expectedServices(s: DemoState) {
  const counts = countConns(s.conns);
  return s.services
    .map((svc, i) => ({
      id: serviceId({ protocol: svc.protocol, af: 4, address: svc.address, port: svc.port, fwmark: svc.fwmark }),
      scheduler: svc.scheduler,
      persistent: svc.persistentTimeout,
      netmask: svc.netmask,
      dests: svc.dests
        .filter((d) => d.inTable)
        .map((d) => ({ address: d.address, port: d.port, forward: d.forward, weight: d.weight, active: counts.get(`${i}|${d.address}`)?.active ?? 0, inact: counts.get(`${i}|${d.address}`)?.inact ?? 0 }))
        .sort((a, b) => a.address.localeCompare(b.address)),
    }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

test('round trip: parseProcIpvs(renderProcIpVs(state)) is the state\'s table, through failures and ramps (property)', () => {
  const base = baseSeed();
  const seed = base >>> 0;
  const rng = makeRng(seed);
  let s = warmUp(initialState({ epochMs: 0, seed }), 30, rng);
  for (let t = 0; t < 70; t++) {
    s = simulate(s, 3, rng);
    if (t % 4 !== 0) continue;
    const parsed = parseProcIpvs(renderProcIpVs(s));
    assert.deepEqual(parsed.issues, [], `seed ${seed} tick ${t}`);
    assert.equal(parsed.version, '1.2.1');
    assert.equal(parsed.connTabSize, 4096);
    const got = parsed.services
      .map((p) => ({
        id: serviceId(p),
        scheduler: p.scheduler,
        persistent: p.persistent_timeout,
        netmask: p.netmask,
        dests: p.dests.map((d) => ({ address: d.address, port: d.port, forward: d.forward, weight: d.weight, active: d.activeconns, inact: d.inactconns })).sort((a, b) => a.address.localeCompare(b.address)),
      }))
      .sort((a, b) => a.id.localeCompare(b.id));
    assert.deepEqual(got, expectedServices(s), `seed ${seed} tick ${t}`);
  }
});

test('a running demo through readSample (proc + the demo ipvsadm) and the process reader', async () => {
  const demo = await startDemo({ tickMs: 0, seed: 4 });
  try {
    demo.tick();
    const sample = await readSample({ proc: nodeProcFs(join(demo.root, 'proc')), runner: processRunner(), ipvsadm: demo.ipvsadmPath, now: () => performance.now() });
    assert.equal(sample.unavailable, null);
    assert.equal(sample.source, 'proc+ipvsadm', sample.notes.join('; '));
    assert.deepEqual(sample.services.map(serviceId).sort(), ['FWM 21', 'TCP 203.0.113.100:80', 'UDP 203.0.113.53:53']);
    const www = sample.services.find((x) => x.port === 80);
    const state = demo.state();
    assert.equal(www?.stats?.conns, state.services[0].stats.shown.conns);
    assert.ok((www?.rate?.cps ?? -1) >= 0);
    assert.equal(sample.total?.conns, state.total.shown.conns);
    const table = readProcessTable(join(demo.root, 'proc'));
    const lvs = findLvsProcesses(table.processes, table.uptimeSeconds);
    assert.deepEqual(lvs.filter((p) => p.role !== 'nanny').map((p) => p.role), ['pulse', 'lvsd', 'sync-master']);
    const nannies = lvs.filter((p) => p.role === 'nanny');
    assert.equal(nannies.length, 7);
    const web2 = nannies.find((p) => p.nanny?.rip === '192.168.10.12');
    assert.equal(web2?.nanny?.quiesce, true);
    assert.equal(web2?.nanny?.vip, '203.0.113.100');
    assert.deepEqual(web2?.nanny?.problems, []);
    assert.ok((lvs[0].uptimeSeconds ?? 0) >= 3 * 86400);
  } finally {
    demo.stop();
  }
});
