// The sidecar's routers: settings: user@host[:port] in every accepted spelling (and why others are
// refused), and how each router is reached when the sidecar does not say (root@ lvs.cf's address).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel } from '../../src/config/model';
import { parse } from '../../src/config/parse';
import { NO_ROUTERS, parseSidecar, parseSshAddress, routerAccess, sshAddressText } from '../../src/apply/sidecar';

const model = (text: string) => buildModel(parse(Buffer.from(text)));

test('routers: user@host[:port] spellings', () => {
  assert.deepEqual(parseSshAddress('root@192.0.2.2'), { user: 'root', host: '192.0.2.2', port: 22 });
  assert.deepEqual(parseSshAddress('admin@lvs2.example.net:2222'), { user: 'admin', host: 'lvs2.example.net', port: 2222 });
  assert.deepEqual(parseSshAddress('root@[2001:db8::2]:22022'), { user: 'root', host: '2001:db8::2', port: 22022 });
  assert.deepEqual(parseSshAddress('root@[fe80::1%eth0]'), { user: 'root', host: 'fe80::1%eth0', port: 22 });
  for (const [bad, why] of [
    ['', /empty/],
    ['lvs2', /no user/],
    ['root@2001:db8::2', /brackets/],
    ['root@lvs2:0', /port "0"/],
    ['root@lvs2:65536', /port "65536"/],
    ['root@lvs2:ssh', /port "ssh"/],
    ['root@[2001:db8::2', /without closing/],
    ['root@[lvs2]:22', /not an IPv6/],
    ['root@lvs 2', /not a host name/],
    ['ro ot@lvs2', /not a user name/],
    ['root@-lvs2', /not a host name/],
  ] as const) {
    const r = parseSshAddress(bad);
    assert.equal(typeof r, 'string', bad);
    assert.match(r as string, why, bad);
  }
  assert.equal(sshAddressText({ user: 'root', host: '2001:db8::2', port: 2222 }), 'root@[2001:db8::2]:2222');
  assert.equal(sshAddressText({ user: 'root', host: '192.0.2.2', port: 22 }), 'root@192.0.2.2');
});

const LVS = 'serial_no = 1\nprimary = 192.0.2.1\nprimary_private = 10.0.0.1\nservice = lvs\nbackup_active = 1\nbackup = 192.0.2.2\nbackup_private = 10.0.0.2\n';

test('routers: without a sidecar entry, root@ lvs.cf\'s address, port 22; the public address first', () => {
  const a = routerAccess(model(LVS), NO_ROUTERS, 'backup');
  assert.deepEqual(a, { target: { user: 'root', host: '192.0.2.2', port: 22 }, identityFile: null, knownHosts: null, remoteRoot: '/', from: 'lvs.cf backup' });
  const p = routerAccess(model(LVS), NO_ROUTERS, 'primary');
  assert.deepEqual(typeof p !== 'string' && p.target, { user: 'root', host: '192.0.2.1', port: 22 });
  const privateOnly = routerAccess(model(LVS.replace('backup = 192.0.2.2\n', '')), NO_ROUTERS, 'backup');
  assert.deepEqual(typeof privateOnly !== 'string' && privateOnly.target.host, '10.0.0.2');
  const none = routerAccess(model('serial_no = 1\nprimary = 192.0.2.1\nservice = lvs\n'), NO_ROUTERS, 'backup');
  assert.match(none as string, /names no backup router.*routers\.backup\.ssh/);
});

test('routers: the sidecar entry wins, and its files and remote root come along', () => {
  const text = 'routers:\n  backup:\n    ssh: sync@[2001:db8::2]:2200\n    identity_file: /etc/lvs-tui/id_ed25519\n    known_hosts: /etc/lvs-tui/known_hosts\n    remote_root: /srv/backup-root\n';
  const r = parseSidecar(Buffer.from(text), 'lvs-tui.yaml');
  assert.deepEqual(r.diagnostics, []);
  const a = routerAccess(model(LVS), r.sidecar.routers, 'backup');
  assert.deepEqual(a, {
    target: { user: 'sync', host: '2001:db8::2', port: 2200 },
    identityFile: '/etc/lvs-tui/id_ed25519',
    knownHosts: '/etc/lvs-tui/known_hosts',
    remoteRoot: '/srv/backup-root',
    from: 'lvs-tui.yaml routers.backup.ssh',
  });
  // an entry without ssh: lvs.cf's address, with the entry's key files
  const r2 = parseSidecar(Buffer.from('routers:\n  backup:\n    identity_file: /k\n'), 'lvs-tui.yaml');
  const a2 = routerAccess(model(LVS), r2.sidecar.routers, 'backup');
  assert.deepEqual(typeof a2 !== 'string' && [a2.target.host, a2.identityFile, a2.from], ['192.0.2.2', '/k', 'lvs.cf backup']);
});
