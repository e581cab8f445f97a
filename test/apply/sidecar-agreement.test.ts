// lvs.cf and lvs-tui.yaml together (checkAgreement), and the mark rules the firewall renderer gets
// (resolveMarks, natSubnet), on the spec's samples: NAT HTTP + FTP (fwmark 21, VIP 203.0.113.100)
// and direct routing with fwmark 80 (VIP 198.51.100.50).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '../../src/config/parse';
import { LvsConfig, buildModel } from '../../src/config/model';
import { checkAgreement, natSubnet, parseSidecar, resolveMarks } from '../../src/apply/sidecar';
import { FIXTURES, SAMPLES } from '../helpers/paths';
import { readConfigFacts } from '../../src/config/quick-facts';

const NAT = readFileSync(join(SAMPLES, 'nat-http-ftp.cf'), 'utf8');
const DIRECT = readFileSync(join(SAMPLES, 'direct-fwmark.cf'), 'utf8');
const fixture = (name: string) => readFileSync(join(FIXTURES, 'sidecar', name), 'utf8');
const model = (text: string): LvsConfig => buildModel(parse(Buffer.from(text)));
const side = (text: string) => {
  const r = parseSidecar(new TextEncoder().encode(text), 'S');
  assert.deepEqual(r.diagnostics, [], text);
  return r.sidecar;
};
/** [file, code, severity, line, column, length] */
const agree = (cf: string, yaml: string) => checkAgreement(model(cf), side(yaml), 'S', 'C').map((d) => [d.file, d.code, d.severity, d.span.line, d.span.column, d.span.length]);
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

test('agreement: the guide\'s FTP example and the fwmark-80 example agree with their sidecars', () => {
  assert.deepEqual(agree(NAT, fixture('ftp-nat.yaml')), []);
  assert.deepEqual(agree(DIRECT, fixture('http-fwmark80.yaml')), []);
});

test('resolveMarks: VIPs come from the virtual with the mark; natSubnet from nat_router + nat_nmask', () => {
  assert.deepEqual(resolveMarks(model(NAT), side(fixture('ftp-nat.yaml'))), [
    { mark: 21, protocol: 'tcp', vip: '203.0.113.100/32', ports: [{ from: 21, to: 21 }, { from: 10000, to: 20000 }] },
  ]);
  assert.deepEqual(resolveMarks(model(DIRECT), side(fixture('http-fwmark80.yaml'))), [
    { mark: 80, protocol: 'tcp', vip: '198.51.100.50/32', ports: [{ from: 80, to: 80 }, { from: 443, to: 443 }] },
  ]);
  // an explicit vip wins; a mark whose VIP is unknown is left out (checkAgreement says why)
  const both = side('firewall_marks:\n  - {mark: 80, ports: [80], vip: 192.0.2.0/24}\n  - {mark: 7, ports: [7]}\n');
  assert.deepEqual(resolveMarks(model(DIRECT), both), [{ mark: 80, protocol: 'tcp', vip: '192.0.2.0/24', ports: [{ from: 80, to: 80 }] }]);
  assert.deepEqual(natSubnet(model(NAT)), { network: '192.168.10.0', prefix: 24 });
  assert.equal(natSubnet(model(DIRECT)), null);
  assert.equal(natSubnet(model(NAT.replace('nat_nmask = 255.255.255.0', 'nat_nmask = 255.0.255.0'))), null);
  assert.deepEqual(natSubnet(model(NAT.replace('nat_nmask = 255.255.255.0', 'nat_nmask = 255.255.0.0'))), { network: '192.168.0.0', prefix: 16 });
});

test('agreement: a fwmark virtual without marked ports is a warning on lvs.cf\'s fwmark line', () => {
  const line = lineOf(NAT, 'fwmark = 21');
  assert.deepEqual(agree(NAT, ''), [['C', 'fwmark-without-ports', 'warning', line, 15, 2]]);
  // inactive too: activating it must not be the first time the admin hears of it
  assert.deepEqual(agree(DIRECT.replace('     active = 1\n     address', '     active = 0\n     address'), fixture('ftp-nat.yaml')).map((d) => d[1]), ['fwmark-without-ports', 'mark-without-virtual', 'ftp-masquerade-not-nat']);
});

test('agreement: a mark no virtual uses is a warning on its sidecar line', () => {
  const yaml = fixture('ftp-nat.yaml') + '  - mark: 99\n    ports: [99]\n';
  assert.deepEqual(agree(NAT, yaml.replace('ftp_masquerade: true\n', '')), [['S', 'mark-without-virtual', 'warning', 6, 11, 2]]);
});

test('agreement: a mark without vip whose virtual has no IPv4 VIP is an error', () => {
  const hostVip = NAT.replace('     address = 203.0.113.100 eth0:1\n     vip_nmask = 255.255.255.0\n     fwmark', '     address = ftp.example.com eth0:1\n     vip_nmask = 255.255.255.0\n     fwmark');
  assert.notEqual(hostVip, NAT);
  assert.deepEqual(agree(hostVip, fixture('ftp-nat.yaml')), [['S', 'mark-without-vip', 'error', 3, 11, 2]]);
  // with vip: given, fine
  assert.deepEqual(agree(hostVip, fixture('ftp-nat.yaml').replace('    protocol: tcp\n', '    protocol: tcp\n    vip: 203.0.113.100\n')), []);
});

test('agreement: ftp_masquerade outside NAT is a warning; without the NAT subnet an error', () => {
  const yaml = fixture('http-fwmark80.yaml') + 'ftp_masquerade: true\n';
  assert.deepEqual(agree(DIRECT, yaml), [['S', 'ftp-masquerade-not-nat', 'warning', 6, 17, 4]]);
  const noSubnet = NAT.replace('nat_nmask = 255.255.255.0\n', '');
  assert.deepEqual(agree(noSubnet, fixture('ftp-nat.yaml')), [['S', 'ftp-masquerade-no-subnet', 'error', 6, 17, 4]]);
});

test("agreement: the virtual's own port not among its mark's ports is a warning", () => {
  assert.deepEqual(agree(NAT, fixture('ftp-nat.yaml').replace('[21, "10000:20000"]', '["10000:20000"]')), [['S', 'port-not-marked', 'warning', 5, 12, 15]]);
  // a udp entry does not cover a tcp virtual
  assert.deepEqual(agree(DIRECT, fixture('http-fwmark80.yaml').replace('protocol: tcp', 'protocol: udp')).map((d) => d[1]), ['port-not-marked']);
});

test('agreement: two marks for the same packets are an error; a mark hiding a plain virtual a warning', () => {
  const twice = 'firewall_marks:\n  - mark: 21\n    ports: [21]\n  - mark: 22\n    ports: ["20:21"]\n    vip: 203.0.113.100\n';
  assert.deepEqual(agree(NAT, twice), [
    ['S', 'mark-without-virtual', 'warning', 4, 11, 2],
    ['S', 'mark-port-conflict', 'error', 5, 12, 9],
  ]);
  // other VIPs or protocols: no conflict
  assert.deepEqual(agree(NAT, twice.replace('vip: 203.0.113.100', 'vip: 203.0.113.101')).map((d) => d[1]), ['mark-without-virtual']);
  // port 80 of the FTP VIP marked 21: the plain "www" virtual on 203.0.113.100:80 would get nothing
  assert.deepEqual(agree(NAT, 'firewall_marks:\n  - mark: 21\n    ports: [21, 80]\n'), [['S', 'mark-shadows-virtual', 'warning', 3, 12, 8]]);
});

test('agreement on the quick reader\'s values (sync plans with them): the same diagnostics, lvs.cf\'s at their line', () => {
  const hostVip = NAT.replace('address = 203.0.113.100 eth0:1\n     vip_nmask = 255.255.255.0\n     fwmark', 'address = ftp.example.com eth0:1\n     vip_nmask = 255.255.255.0\n     fwmark');
  const cases: Array<[string, string]> = [
    [NAT, ''],
    [NAT, fixture('ftp-nat.yaml')],
    [DIRECT, fixture('http-fwmark80.yaml') + 'ftp_masquerade: true\n'],
    [NAT.replace('nat_nmask = 255.255.255.0\n', ''), fixture('ftp-nat.yaml')],
    [hostVip, fixture('ftp-nat.yaml')],
    [NAT, fixture('ftp-nat.yaml').replace('[21, "10000:20000"]', '["10000:20000"]')],
    [NAT, 'firewall_marks:\n  - mark: 21\n    ports: [21]\n  - mark: 22\n    ports: ["20:21"]\n    vip: 203.0.113.100\n'],
    [NAT, 'firewall_marks:\n  - mark: 21\n    ports: [21, 80]\n'],
  ];
  let compared = 0;
  for (const [cf, yaml] of cases) {
    const facts = readConfigFacts(Buffer.from(cf));
    assert.ok(facts, 'the samples are plain');
    const fromTree = checkAgreement(model(cf), side(yaml), 'S', 'C');
    const fromFacts = checkAgreement(facts, side(yaml), 'S', 'C');
    const what = (d: (typeof fromTree)[number]) => [d.file, d.code, d.severity, d.message, d.span.line, ...(d.file === 'S' ? [d.span.column, d.span.length] : [])];
    assert.deepEqual(fromFacts.map(what), fromTree.map(what));
    compared += fromTree.length;
  }
  assert.ok(compared >= 8, `only ${compared} diagnostics compared`);
});
