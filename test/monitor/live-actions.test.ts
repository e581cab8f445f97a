// Live actions as command data: the exact ipvsadm argument lists (this kernel has no IPVS to run
// them against) and every refusal. The live sample is the spec scenario's table.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ForwardMethod, IpvsProtocol, IpvsSample, LiveDest, LiveService } from '../../src/monitor/ipvs-types';
import { TEMPORARY_NOTE, commandText, ipvsadmEditArgs, normalizeAddress, planLiveAction, serviceArgs } from '../../src/monitor/live-actions';

function dest(address: string, port: number, forward: ForwardMethod, weight: number): LiveDest {
  return { address, port, forward, weight, activeconns: 1, inactconns: 0, persistconns: null, stats: null, rate: null };
}
function service(protocol: IpvsProtocol, address: string, port: number, dests: LiveDest[], opts: { fwmark?: number; af?: 4 | 6 } = {}): LiveService {
  return {
    protocol, af: opts.af ?? (address.includes(':') ? 6 : 4), address, port, fwmark: opts.fwmark ?? 0, scheduler: 'wlc', sched_flags: [], persistent_timeout: null, netmask: null, ops: false, stats: null, rate: null, dests,
  };
}

const SAMPLE: IpvsSample = {
  at: 0, unavailable: null, version: '1.2.1', connTabSize: 4096, total: null, totalRate: null, source: 'proc', notes: [],
  services: [
    service('TCP', '10.0.0.10', 80, [dest('10.0.1.11', 80, 'Route', 100), dest('10.0.1.12', 80, 'Route', 100), dest('10.0.1.13', 80, 'Route', 0)]),
    service('TCP', '10.0.0.20', 8080, [dest('192.168.10.21', 8080, 'Masq', 1), dest('192.168.10.22', 8081, 'Masq', 1)]),
    service('UDP', '10.0.0.53', 53, [dest('192.168.10.31', 53, 'Masq', 3), dest('192.168.10.32', 53, 'Masq', 1)]),
    service('UDP', '10.0.0.60', 514, [dest('10.0.2.41', 514, 'Tunnel', 1)]),
    service('SCTP', '10.0.0.70', 3868, [dest('192.168.10.71', 3868, 'Masq', 1)]),
    service('TCP', '2001:db8:10::10', 80, [dest('2001:db8:20::11', 80, 'Route', 1)]),
    service('FWM', '', 0, [dest('10.0.1.21', 0, 'Route', 1), dest('10.0.1.22', 0, 'Route', 1)], { fwmark: 100, af: 4 }),
    service('FWM', '', 0, [dest('2001:db8:20::31', 0, 'Local', 5)], { fwmark: 200, af: 6 }),
  ],
};

const key = (protocol: IpvsProtocol, address: string, port: number, fwmark = 0, af: 4 | 6 = 4) => ({ protocol, address, port, fwmark, af });

function argsOf(r: ReturnType<typeof planLiveAction>): readonly string[] {
  assert.ok(r.ok, r.ok ? '' : r.reason);
  return r.action.command.args;
}

test('drain: TCP direct routing → ipvsadm -e -t VIP:PORT -r RIP:RPORT -g -w 0', () => {
  const r = planLiveAction({ kind: 'drain', service: key('TCP', '10.0.0.10', 80), dest: { address: '10.0.1.11', port: 80 } }, SAMPLE, '/sbin/ipvsadm');
  assert.ok(r.ok);
  assert.deepEqual(r.action.command, { file: '/sbin/ipvsadm', args: ['-e', '-t', '10.0.0.10:80', '-r', '10.0.1.11:80', '-g', '-w', '0'], timeoutMs: 10_000 });
  assert.equal(r.action.fromWeight, 100);
  assert.equal(r.action.toWeight, 0);
  assert.equal(r.action.temporary, TEMPORARY_NOTE);
  assert.match(r.action.summary, /^drain 10\.0\.1\.11:80 in TCP 10\.0\.0\.10:80 .*weight 100 → 0$/);
  assert.equal(commandText(r.action.command), '/sbin/ipvsadm -e -t 10.0.0.10:80 -r 10.0.1.11:80 -g -w 0');
});

test('NAT keeps -m, with the real server its own port (8081 behind VIP port 8080)', () => {
  assert.deepEqual(argsOf(planLiveAction({ kind: 'weight', weight: 5, service: key('TCP', '10.0.0.20', 8080), dest: { address: '192.168.10.22', port: 8081 } }, SAMPLE)), ['-e', '-t', '10.0.0.20:8080', '-r', '192.168.10.22:8081', '-m', '-w', '5']);
});

test('UDP -u; tunnel -i', () => {
  assert.deepEqual(argsOf(planLiveAction({ kind: 'drain', service: key('UDP', '10.0.0.53', 53), dest: { address: '192.168.10.31', port: 53 } }, SAMPLE)), ['-e', '-u', '10.0.0.53:53', '-r', '192.168.10.31:53', '-m', '-w', '0']);
  assert.deepEqual(argsOf(planLiveAction({ kind: 'weight', weight: 2, service: key('UDP', '10.0.0.60', 514), dest: { address: '10.0.2.41', port: 514 } }, SAMPLE)), ['-e', '-u', '10.0.0.60:514', '-r', '10.0.2.41:514', '-i', '-w', '2']);
});

test('SCTP uses --sctp-service (ipvsadm has no short option for it)', () => {
  assert.deepEqual(argsOf(planLiveAction({ kind: 'drain', service: key('SCTP', '10.0.0.70', 3868), dest: { address: '192.168.10.71', port: 3868 } }, SAMPLE)), ['-e', '--sctp-service', '10.0.0.70:3868', '-r', '192.168.10.71:3868', '-m', '-w', '0']);
});

test('IPv6 addresses in brackets; any spelling of the address finds the entry', () => {
  const want = ['-e', '-t', '[2001:db8:10::10]:80', '-r', '[2001:db8:20::11]:80', '-g', '-w', '7'];
  assert.deepEqual(argsOf(planLiveAction({ kind: 'weight', weight: 7, service: key('TCP', '2001:db8:10::10', 80, 0, 6), dest: { address: '2001:db8:20::11', port: 80 } }, SAMPLE)), want);
  assert.deepEqual(argsOf(planLiveAction({ kind: 'weight', weight: 7, service: key('TCP', '2001:0DB8:0010:0000:0000:0000:0000:0010', 80, 0, 6), dest: { address: '2001:db8:20:0::11', port: 80 } }, SAMPLE)), want);
});

test('FWM: -f MARK, the server found by address (the kernel keeps port 0), -6 for an IPv6 mark service, Local saved as -g', () => {
  assert.deepEqual(argsOf(planLiveAction({ kind: 'drain', service: key('FWM', '', 0, 100), dest: { address: '10.0.1.21', port: 80 } }, SAMPLE)), ['-e', '-f', '100', '-r', '10.0.1.21:0', '-g', '-w', '0']);
  assert.deepEqual(argsOf(planLiveAction({ kind: 'restore', configuredWeight: 9, service: key('FWM', '', 0, 200, 6), dest: { address: '2001:db8:20::31', port: 0 } }, SAMPLE)), ['-e', '-f', '200', '-6', '-r', '[2001:db8:20::31]:0', '-g', '-w', '9']);
});

test('restore: to the configured weight; an unchanged weight still plans (and says so)', () => {
  const r = planLiveAction({ kind: 'restore', configuredWeight: 100, service: key('TCP', '10.0.0.10', 80), dest: { address: '10.0.1.13', port: 80 } }, SAMPLE);
  assert.ok(r.ok);
  assert.deepEqual([r.action.fromWeight, r.action.toWeight, r.action.command.args.slice(-2)], [0, 100, ['-w', '100']]);
  const same = planLiveAction({ kind: 'restore', configuredWeight: 100, service: key('TCP', '10.0.0.10', 80), dest: { address: '10.0.1.11', port: 80 } }, SAMPLE);
  assert.ok(same.ok && same.action.summary.endsWith('(already)'));
});

test('refusals: weight range, unknown service or server, no IPVS, Bypass entries, no weight', () => {
  const reason = (r: ReturnType<typeof planLiveAction>) => (r.ok ? 'planned' : r.reason);
  const web = key('TCP', '10.0.0.10', 80);
  const rs = { address: '10.0.1.11', port: 80 };
  assert.match(reason(planLiveAction({ kind: 'weight', weight: 65536, service: web, dest: rs }, SAMPLE)), /weight 65536 is out of range: 0 to 65535/);
  assert.match(reason(planLiveAction({ kind: 'weight', weight: -1, service: web, dest: rs }, SAMPLE)), /out of range/);
  assert.match(reason(planLiveAction({ kind: 'weight', weight: 1.5, service: web, dest: rs }, SAMPLE)), /out of range/);
  assert.equal(reason(planLiveAction({ kind: 'weight', weight: 65535, service: web, dest: rs }, SAMPLE)), 'planned');
  assert.match(reason(planLiveAction({ kind: 'weight', service: web, dest: rs }, SAMPLE)), /no weight given/);
  assert.match(reason(planLiveAction({ kind: 'restore', service: web, dest: rs }, SAMPLE)), /configured weight is not known/);
  assert.match(reason(planLiveAction({ kind: 'drain', service: key('TCP', '10.0.0.10', 81), dest: rs }, SAMPLE)), /^TCP 10\.0\.0\.10:81 is not in the live IPVS table/);
  assert.match(reason(planLiveAction({ kind: 'drain', service: key('UDP', '10.0.0.10', 80), dest: rs }, SAMPLE)), /not in the live IPVS table/);
  assert.match(reason(planLiveAction({ kind: 'drain', service: web, dest: { address: '10.0.1.99', port: 80 } }, SAMPLE)), /^10\.0\.1\.99:80 is not a real server of TCP 10\.0\.0\.10:80/);
  assert.match(reason(planLiveAction({ kind: 'drain', service: web, dest: { address: '10.0.1.11', port: 8080 } }, SAMPLE)), /not a real server/);
  assert.match(reason(planLiveAction({ kind: 'drain', service: key('FWM', '', 0, 101), dest: rs }, SAMPLE)), /^FWM 101 is not in the live IPVS table/);
  const none: IpvsSample = { ...SAMPLE, services: [], unavailable: { reason: 'not-loaded', message: 'IPVS is not loaded (no /proc/net/ip_vs)' } };
  assert.match(reason(planLiveAction({ kind: 'drain', service: web, dest: rs }, none)), /^IPVS is not loaded .*no live table/);
  const bypass: IpvsSample = { ...SAMPLE, services: [service('TCP', '10.0.0.10', 80, [dest('10.0.1.11', 80, 'Bypass', 1)])] };
  assert.match(reason(planLiveAction({ kind: 'drain', service: web, dest: rs }, bypass)), /forwards by Bypass/);
  assert.throws(() => ipvsadmEditArgs(web, { address: '10.0.1.11', port: 80, forward: 'Bypass' }, 0), RangeError);
});

test('helpers: service options, address normalisation, shell-safe display', () => {
  assert.deepEqual(serviceArgs(key('FWM', '', 0, 4294967295)), ['-f', '4294967295']);
  assert.equal(normalizeAddress('2001:DB8::1'), '2001:0db8:0000:0000:0000:0000:0000:0001');
  assert.equal(normalizeAddress('[::ffff:10.0.0.1]'), '0000:0000:0000:0000:0000:ffff:0a00:0001');
  assert.equal(normalizeAddress('::'), '0000:0000:0000:0000:0000:0000:0000:0000');
  assert.equal(normalizeAddress('10.0.0.1'), '10.0.0.1');
  assert.equal(commandText({ file: 'systemctl', args: ['restart', "it's here"] }), `systemctl restart 'it'\\''s here'`);
});
