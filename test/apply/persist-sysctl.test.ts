import { test } from 'node:test';
import assert from 'node:assert/strict';
import { editPersistedSysctl } from '../../src/apply/persist-sysctl';
import { SysctlSetting } from '../../src/apply/render-sysctl';

const FWD: SysctlSetting[] = [['net.ipv4.ip_forward', '1']];
const BOTH: SysctlSetting[] = [['net.ipv4.ip_forward', '1'], ['net.ipv4.vs.expire_nodest_conn', '1']];

function edit(text: string | null, desired: readonly SysctlSetting[]): string | null {
  const once = editPersistedSysctl(text, desired);
  assert.equal(editPersistedSysctl(once, desired), once, 'editing the result again changes nothing');
  return once;
}

/** RHEL 6's stock /etc/sysctl.conf (head). */
const RHEL = `# Kernel sysctl configuration file for Red Hat Linux
#
# For binary values, 0 is disabled, 1 is enabled.  See sysctl(8) and
# sysctl.conf(5) for more details.

# Controls IP packet forwarding
net.ipv4.ip_forward = 0

# Controls source route verification
net.ipv4.conf.default.rp_filter = 1
`;

test('RHEL style: only the value of the ip_forward line changes', () => {
  assert.equal(edit(RHEL, FWD), RHEL.replace('net.ipv4.ip_forward = 0', 'net.ipv4.ip_forward = 1'));
});

test('key=value without blanks and odd spacing keep their style', () => {
  assert.equal(edit('net.ipv4.ip_forward=0\n', FWD), 'net.ipv4.ip_forward=1\n');
  assert.equal(edit('  net.ipv4.ip_forward  =\t0  \n', FWD), '  net.ipv4.ip_forward  =\t1  \n');
  assert.equal(edit('-net.ipv4.ip_forward = 0\n', FWD), '-net.ipv4.ip_forward = 1\n');
  assert.equal(edit('net/ipv4/ip_forward = 0\n', FWD), 'net/ipv4/ip_forward = 1\n');
  assert.equal(edit('net.ipv4.ip_forward =\n', FWD), 'net.ipv4.ip_forward = 1\n');
  assert.equal(edit('net.ipv4.ip_forward=\n', FWD), 'net.ipv4.ip_forward=1\n');
});

test('a key set several times: sysctl applies the last, so only the last changes', () => {
  const text = 'net.ipv4.ip_forward = 1\nkernel.sysrq = 0\nnet.ipv4.ip_forward = 0\n';
  assert.equal(edit(text, FWD), 'net.ipv4.ip_forward = 1\nkernel.sysrq = 0\nnet.ipv4.ip_forward = 1\n');
  const fine = 'net.ipv4.ip_forward = 0\nnet.ipv4.ip_forward = 1\n';
  assert.equal(edit(fine, FWD), fine, 'the last one already says 1: nothing to change');
});

test('commented-out settings stay comments; the key is appended under one marker line', () => {
  const text = '# Controls IP packet forwarding\n#net.ipv4.ip_forward = 1\n; net.ipv4.ip_forward = 1\nkernel.sysrq = 0\n';
  assert.equal(edit(text, FWD), text + '\n# managed by lvs-tui\nnet.ipv4.ip_forward = 1\n');
});

test('appended keys follow the file\'s key=value style; a later key joins the marker block', () => {
  const first = edit('kernel.sysrq=0\n', FWD)!;
  assert.equal(first, 'kernel.sysrq=0\n\n# managed by lvs-tui\nnet.ipv4.ip_forward=1\n');
  const withAdminAfter = first + '\n# mine\nvm.swappiness=10\n';
  assert.equal(edit(withAdminAfter, BOTH), 'kernel.sysrq=0\n\n# managed by lvs-tui\nnet.ipv4.ip_forward=1\nnet.ipv4.vs.expire_nodest_conn=1\n\n# mine\nvm.swappiness=10\n');
});

test('a missing final newline, an empty file, a missing file', () => {
  assert.equal(edit('kernel.sysrq = 0', FWD), 'kernel.sysrq = 0\n\n# managed by lvs-tui\nnet.ipv4.ip_forward = 1\n');
  assert.equal(edit('net.ipv4.ip_forward = 0', FWD), 'net.ipv4.ip_forward = 1');
  assert.equal(edit('', FWD), '# managed by lvs-tui\nnet.ipv4.ip_forward = 1\n');
  assert.equal(edit(null, BOTH), '# managed by lvs-tui\nnet.ipv4.ip_forward = 1\nnet.ipv4.vs.expire_nodest_conn = 1\n');
  assert.equal(editPersistedSysctl(null, []), null);
});

test('CRLF lines, foreign junk and other keys keep every byte', () => {
  const text = 'kernel.sysrq = 0\r\nthis is not a setting\r\nnet.ipv4.ip_forward = 0\r\n';
  assert.equal(edit(text, BOTH), 'kernel.sysrq = 0\r\nthis is not a setting\r\nnet.ipv4.ip_forward = 1\r\n\r\n# managed by lvs-tui\r\nnet.ipv4.vs.expire_nodest_conn = 1\r\n');
});

test('multi-value settings compare with blanks collapsed', () => {
  const text = 'net.ipv4.ip_local_port_range = 1024\t65000\n';
  assert.equal(edit(text, [['net.ipv4.ip_local_port_range', '1024 65000']]), text);
  assert.equal(edit(text, [['net.ipv4.ip_local_port_range', '2000 65000']]), 'net.ipv4.ip_local_port_range = 2000 65000\n');
});
