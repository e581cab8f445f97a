// The sysctl command and the persisted file lvs-tui writes, read by the real sysctl(8) inside a
// network namespace (net.ipv4.* values are per namespace, so the machine's own stay untouched).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { needProgram, needRootNamespaces } from '../helpers/require-tool';
import { withNetns } from '../helpers/netns';
import { desiredSysctl, sameSysctlValue, sysctlPath, sysctlWriteCommand } from '../../src/apply/render-sysctl';
import { editPersistedSysctl } from '../../src/apply/persist-sysctl';

const skip = needRootNamespaces() || needProgram('ip', ['-V']) || needProgram('sysctl', ['--version']);

test('sysctl -w from sysctlWriteCommand and sysctl -p of the edited file set the values in the namespace', { skip }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lvstui-sysctl-'));
  try {
    const desired = desiredSysctl(null, { 'net.ipv4.conf.all.rp_filter': 0, 'net.ipv4.ip_local_port_range': '20000\t40000' });
    await withNetns((ns) => {
      // live, one command each
      for (const [key, value] of desired) {
        const cmd = sysctlWriteCommand('sysctl', key, value);
        ns.run(cmd.file, cmd.args);
        // /proc/sys is per namespace too: read through the same path the monitor would use
        assert.ok(sameSysctlValue(ns.run('cat', [sysctlPath(key)]), value), key);
      }
    });
    await withNetns((ns) => {
      // persisted: a RHEL-style file with forwarding off, edited, then loaded as at boot
      const file = join(dir, 'sysctl.conf');
      writeFileSync(file, '# Controls IP packet forwarding\nnet.ipv4.ip_forward = 0\nnet.ipv4.conf.all.rp_filter=1\n');
      writeFileSync(file, editPersistedSysctl(readFileSync(file, 'utf8'), desired)!);
      ns.run('sysctl', ['-p', file]);
      for (const [key, value] of desired) assert.ok(sameSysctlValue(ns.run('sysctl', ['-n', key]), value), key);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
