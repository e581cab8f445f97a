import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalSysctlKey, desiredSysctl, sameSysctlValue, sysctlPath, sysctlWriteCommand } from '../../src/apply/render-sysctl';
import { RenderError } from '../../src/apply/render-error';

test('desiredSysctl: ip_forward = 1 first, then the managed ones in order (record or map)', () => {
  assert.deepEqual(desiredSysctl(null, {}), [['net.ipv4.ip_forward', '1']]);
  assert.deepEqual(desiredSysctl(null, { 'net.ipv4.vs.expire_nodest_conn': 1, 'net/ipv4/vs/expire_quiescent_template': '1', 'net.ipv4.ip_local_port_range': '1024\t65000' }), [
    ['net.ipv4.ip_forward', '1'],
    ['net.ipv4.vs.expire_nodest_conn', '1'],
    ['net.ipv4.vs.expire_quiescent_template', '1'],
    ['net.ipv4.ip_local_port_range', '1024 65000'],
  ]);
  assert.deepEqual(desiredSysctl(null, new Map([['net.ipv4.vs.conntrack', '1']])), [['net.ipv4.ip_forward', '1'], ['net.ipv4.vs.conntrack', '1']]);
});

test('desiredSysctl: a managed ip_forward cannot turn forwarding off', () => {
  assert.deepEqual(desiredSysctl(null, { 'net.ipv4.ip_forward': 0 }), [['net.ipv4.ip_forward', '1']]);
});

test('sysctlPath: dots to slashes under /proc/sys; a slash in a dotted key is a dot in a name', () => {
  assert.equal(sysctlPath('net.ipv4.ip_forward'), '/proc/sys/net/ipv4/ip_forward');
  assert.equal(sysctlPath('net/ipv4/ip_forward'), '/proc/sys/net/ipv4/ip_forward');
  assert.equal(sysctlPath('net.ipv4.conf.eth0/100.rp_filter'), '/proc/sys/net/ipv4/conf/eth0.100/rp_filter');
  assert.equal(sysctlPath('net.ipv4.ip_forward', '/tmp/root/proc/sys'), '/tmp/root/proc/sys/net/ipv4/ip_forward');
  assert.equal(canonicalSysctlKey('net/ipv4/conf/eth0.100/rp_filter'), 'net.ipv4.conf.eth0/100.rp_filter');
});

test('sysctlPath: keys that would leave /proc/sys are refused', () => {
  for (const bad of ['net..ipv4', '../../etc/shadow', 'net/../../etc/passwd', 'ip_forward', '', 'net.ipv4.ip forward']) {
    assert.throws(() => sysctlPath(bad), (e: unknown) => e instanceof RenderError && e.code === 'invalid-sysctl-key', bad);
  }
});

test('sysctlWriteCommand: sysctl -w key=value as an argument array', () => {
  assert.deepEqual(sysctlWriteCommand('/sbin/sysctl', 'net.ipv4.ip_forward', 1), { file: '/sbin/sysctl', args: ['-w', 'net.ipv4.ip_forward=1'] });
  assert.deepEqual(sysctlWriteCommand('sysctl', 'net.ipv4.ip_local_port_range', '1024   65000'), { file: 'sysctl', args: ['-w', 'net.ipv4.ip_local_port_range=1024 65000'] });
  assert.throws(() => sysctlWriteCommand('sysctl', 'net.ipv4.ip_forward', '1\n'), (e: unknown) => e instanceof RenderError && e.code === 'invalid-sysctl-value');
});

test('sameSysctlValue: live values read from /proc compare with blanks collapsed', () => {
  assert.ok(sameSysctlValue('1\n', 1));
  assert.ok(sameSysctlValue('32768\t60999\n', '32768 60999'));
  assert.ok(!sameSysctlValue('0\n', '1'));
});
