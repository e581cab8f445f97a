// readSample on a big table: `ipvsadm --persistent-conn` is read again only every LIST_MAX_AGE_MS
// when the table holds the same rows; in between PersistConn and the scheduler flags come from the
// previous sample, and a note says how old they are. A changed table, or a small one, reads it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IpvsSample } from '../../src/monitor/ipvs-types';
import { LIST_EVERY_SERVICES, LIST_MAX_AGE_MS, readSample } from '../../src/monitor/sample';
import { ProcFs } from '../../src/system/proc-fs';
import { Command, Runner } from '../../src/system/runner';

const hex = (n: number, w: number) => n.toString(16).toUpperCase().padStart(w, '0');
const quad = (n: number) => `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;

/** n persistent sh services of one server each; `persist` is every server's PersistConn. */
function router(n: number, persist: number) {
  const ipvs = ['IP Virtual Server version 1.2.1 (size=4096)', 'Prot LocalAddress:Port Scheduler Flags', '  -> RemoteAddress:Port Forward Weight ActiveConn InActConn'];
  const list = ['IP Virtual Server version 1.2.1 (size=4096)', 'Prot LocalAddress:Port            Weight    PersistConn ActiveConn InActConn ', '  -> RemoteAddress:Port'];
  const stats = ['IP Virtual Server version 1.2.1 (size=4096)', 'Prot LocalAddress:Port               Conns   InPkts  OutPkts  InBytes OutBytes', '  -> RemoteAddress:Port'];
  for (let s = 0; s < n; s++) {
    const vip = 0x0a000001 + s;
    const rip = 0xac100001 + s;
    ipvs.push(`TCP  ${hex(vip, 8)}:0050 sh  persistent 300 FFFFFFFF`, `  -> ${hex(rip, 8)}:0050      Route   1      0          0         `);
    list.push(`TCP  ${quad(vip)}:80 sh (sh-port) persistent 300`, `  -> ${quad(rip)}:80`.padEnd(33) + ` 1         ${String(persist).padEnd(11)} 0          0         `);
    stats.push(`TCP  ${quad(vip)}:80`.padEnd(33) + '        1        1        0       60        0', `  -> ${quad(rip)}:80`.padEnd(33) + '        1        1        0       60        0');
  }
  return { ipvs: ipvs.join('\n') + '\n', list: list.join('\n') + '\n', stats: stats.join('\n') + '\n' };
}

function deps(texts: ReturnType<typeof router>, at: number, calls: string[], previous: IpvsSample | null) {
  const proc: ProcFs = { root: '/proc', read: async (p) => (p === 'net/ip_vs' ? texts.ipvs : null) };
  const runner: Runner = {
    run: async (cmd: Command) => {
      const a = cmd.args.join(' ');
      calls.push(a);
      return { stdout: a === '-Ln --persistent-conn' ? texts.list : texts.stats, stderr: '' };
    },
  };
  return { proc, runner, ipvsadm: 'ipvsadm', now: () => at, kernelRates: false, previous };
}

const persistOf = (s: IpvsSample) => s.services.map((x) => x.dests[0].persistconns);

test('sample: on a big table --persistent-conn is carried over for LIST_MAX_AGE_MS, said in a note, then read again', async () => {
  const n = LIST_EVERY_SERVICES + 1;
  const calls: string[] = [];
  const first = await readSample(deps(router(n, 3), 0, calls, null));
  assert.ok(calls.includes('-Ln --persistent-conn'));
  assert.deepEqual(persistOf(first), new Array(n).fill(3));
  assert.deepEqual(first.services[0].sched_flags, ['sh-port']);

  calls.length = 0;
  const second = await readSample(deps(router(n, 5), 2000, calls, first));
  assert.ok(!calls.includes('-Ln --persistent-conn'));
  assert.deepEqual(persistOf(second), new Array(n).fill(3), 'carried over from the previous sample');
  assert.deepEqual(second.services[n - 1].sched_flags, ['sh-port']);
  assert.ok(second.notes.some((x) => /--persistent-conn is read every 10 s .* 2 s old/.test(x)), second.notes.join('\n'));

  // older than LIST_MAX_AGE_MS (from the read, not from the last sample): read again
  calls.length = 0;
  const third = await readSample(deps(router(n, 5), LIST_MAX_AGE_MS + 1, calls, second));
  assert.ok(calls.includes('-Ln --persistent-conn'));
  assert.deepEqual(persistOf(third), new Array(n).fill(5));
  assert.ok(!third.notes.some((x) => x.includes('--persistent-conn')));

  // a table that changed (one service more) is read in full
  calls.length = 0;
  const grown = await readSample(deps(router(n + 1, 7), LIST_MAX_AGE_MS + 2000, calls, third));
  assert.ok(calls.includes('-Ln --persistent-conn'));
  assert.deepEqual(persistOf(grown), new Array(n + 1).fill(7));
});

test('sample: a table of LIST_EVERY_SERVICES services or fewer reads --persistent-conn every tick', async () => {
  const calls: string[] = [];
  const first = await readSample(deps(router(LIST_EVERY_SERVICES, 3), 0, calls, null));
  calls.length = 0;
  const second = await readSample(deps(router(LIST_EVERY_SERVICES, 4), 2000, calls, first));
  assert.ok(calls.includes('-Ln --persistent-conn'));
  assert.deepEqual(persistOf(second), new Array(LIST_EVERY_SERVICES).fill(4));
});
