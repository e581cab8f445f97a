// The VIRTUAL SERVERS table's LIVE cell and its columns for a width (pure).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MergedServer, MergedService } from '../../src/monitor/merge';
import { virtualLiveCell } from '../../src/present/virtual-live';
import { maskPrefix, virtualColumnsFor } from '../../src/present/config-rows';

const server = (state: MergedServer['state']): MergedServer => ({ state } as MergedServer);
const service = (state: MergedService['state'], servers: MergedServer['state'][] = [], extra: Partial<MergedService> = {}): MergedService =>
  ({ state, servers: servers.map(server), reason: `reason of ${state}`, key: { protocol: 'TCP' }, live: state === 'live' ? {} : null, ...extra } as unknown as MergedService);
const facts = { ipvsNotLoaded: false, standby: false };

test('LIVE: counts of serving real servers, ramping, degraded, down, and the states of a missing service', () => {
  assert.deepEqual(virtualLiveCell(service('live', ['up', 'up', 'up']), facts).text, 'up 3/3');
  assert.equal(virtualLiveCell(service('live', ['up', 'up', 'up']), facts).level, 'ok');
  assert.equal(virtualLiveCell(service('live', ['up', 'ramping', 'up']), facts).text, '3/3 ramping');
  assert.equal(virtualLiveCell(service('live', ['up', 'ramping', 'down']), facts).text, '2/3 up');
  assert.equal(virtualLiveCell(service('live', ['up', 'quiesced', 'inactive']), facts).text, '1/2 up', 'an inactive server is not wanted');
  assert.equal(virtualLiveCell(service('live', ['down', 'down', 'unconfigured']), facts).text, 'down 0/2');
  assert.equal(virtualLiveCell(service('live', ['down', 'sorry']), facts).text, 'down 0/1 sorry');
  assert.equal(virtualLiveCell(service('live', ['down']), facts).level, 'bad');
  assert.equal(virtualLiveCell(service('live', []), facts).text, 'no servers');
  assert.equal(virtualLiveCell(service('missing'), facts).text, 'not in IPVS');
  assert.equal(virtualLiveCell(service('missing'), { ipvsNotLoaded: true, standby: false }).text, 'IPVS not loaded');
  assert.equal(virtualLiveCell(service('missing'), { ipvsNotLoaded: false, standby: true }).text, 'standby');
  assert.equal(virtualLiveCell(service('missing'), { ipvsNotLoaded: false, standby: true }).level, 'info');
  assert.equal(virtualLiveCell(service('inactive'), facts).text, 'off');
  assert.equal(virtualLiveCell(service('inactive', [], { live: {} as never }), facts).text, 'off, in IPVS');
  assert.equal(virtualLiveCell(service('unknown', [], { key: null }), facts).text, 'unmatched');
  assert.equal(virtualLiveCell(null, facts).text, 'not applied');
});

test('LIVE columns: Piranha\'s seven when wide, a prefix mask and short titles at 80, fewer when narrower; never wider than the line', () => {
  const titles = (w: number) => virtualColumnsFor(w).map((c) => c.title).join(' ');
  const width = (w: number) => virtualColumnsFor(w).reduce((n, c) => n + c.width + 1, -1);
  assert.equal(titles(116), 'STATUS NAME VIP NETMASK PORT PROTOCOL INTERFACE LIVE');
  assert.equal(titles(76), 'STATUS NAME VIP MASK PORT PROTO IFACE LIVE');
  assert.equal(virtualColumnsFor(76).at(-1)!.width, 15, '"IPVS not loaded" fits at 80 columns');
  assert.equal(titles(56), 'STATUS NAME VIP PORT LIVE');
  assert.equal(titles(30), 'NAME LIVE');
  for (let w = 20; w <= 200; w++) assert.ok(width(w) <= w, `${w}: ${width(w)}`);
  assert.equal(virtualColumnsFor(140)[1].width, 24, 'a wide terminal gives NAME more room');
});

test('mask prefix: dotted masks as /N; Unused as -; a non-contiguous mask as it is', () => {
  assert.equal(maskPrefix('255.255.255.0'), '/24');
  assert.equal(maskPrefix('255.255.255.255'), '/32');
  assert.equal(maskPrefix('255.255.240.0'), '/20');
  assert.equal(maskPrefix('Unused'), '-');
  assert.equal(maskPrefix('255.0.255.0'), '255.0.255.0');
});
