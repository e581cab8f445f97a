// The one user@host[:port] parser: the same spellings accepted and refused for --host, --to and the
// sidecar's routers.*.ssh (each caller is checked to go through it: a bad address gets its message).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSshAddress, sshAddressText } from '../../src/apply/ssh-address';
import { parseSidecar } from '../../src/apply/sidecar';
import { lvsTui } from '../cli/harness';

test('ssh address: accepted spellings, host names in lower case, IPv6 in brackets (zone kept as written)', () => {
  const ok: Array<[string, { user: string; host: string; port: number }]> = [
    ['root@192.0.2.2', { user: 'root', host: '192.0.2.2', port: 22 }],
    ['admin@lvs2.example.net:2222', { user: 'admin', host: 'lvs2.example.net', port: 2222 }],
    ['admin@Router.Example.COM:2222', { user: 'admin', host: 'router.example.com', port: 2222 }],
    ['root@[2001:DB8::2]:22022', { user: 'root', host: '2001:db8::2', port: 22022 }],
    ['root@[fe80::1%eth0]', { user: 'root', host: 'fe80::1%eth0', port: 22 }],
    ['  root@lvs2  ', { user: 'root', host: 'lvs2', port: 22 }],
    ['svc$@lvs2:65535', { user: 'svc$', host: 'lvs2', port: 65535 }],
  ];
  for (const [text, want] of ok) assert.deepEqual(parseSshAddress(text), want, text);
  for (const [bad, why] of [
    ['', /empty/],
    ['lvs2', /no user/],
    ['root@', /no host/],
    ['root@2001:db8::2', /brackets, root@\[2001:db8::2\]:22/],
    ['root@lvs2:0', /port "0"/],
    ['root@lvs2:65536', /port "65536"/],
    ['root@lvs2:ssh', /port "ssh"/],
    ['root@lvs2:', /port ""/],
    ['root@[2001:db8::2', /without closing/],
    ['root@[2001:db8::2]22', /should be :PORT/],
    ['root@[lvs2]:22', /not an IPv6/],
    ['root@lvs 2', /not a host name/],
    ['ro ot@lvs2', /not a user name/],
    ['root@-lvs2', /not a host name/],
    ['root@lvs..2', /not a host name/],
  ] as const) {
    const r = parseSshAddress(bad);
    assert.equal(typeof r, 'string', bad);
    assert.match(r as string, why, bad);
  }
  for (const a of [{ user: 'root', host: '2001:db8::2', port: 2222 }, { user: 'root', host: '192.0.2.2', port: 22 }, { user: 'x', host: 'fe80::1%eth0', port: 22 }]) {
    assert.deepEqual(parseSshAddress(sshAddressText(a)), a, 'text reads back');
  }
  assert.equal(sshAddressText({ user: 'root', host: '2001:db8::2', port: 2222 }), 'root@[2001:db8::2]:2222');
});

test('ssh address: --host, --to and the sidecar give the same answer for the same text', () => {
  const bare = 'root@2001:db8::2';
  const host = lvsTui(['--host', bare, 'check']);
  assert.equal(host.status, 2, host.stderr);
  assert.match(host.stderr, /--host "2001:db8::2" looks like an IPv6 address: write it in brackets/);
  const to = lvsTui(['sync', '--to', bare, '--config', '/nonexistent/lvs.cf']);
  assert.match(to.stderr, /--to "2001:db8::2" looks like an IPv6 address: write it in brackets/);
  const side = parseSidecar(Buffer.from(`routers:\n  backup:\n    ssh: ${bare}\n`), 'lvs-tui.yaml');
  assert.ok(side.diagnostics.some((d) => /routers\.backup\.ssh: "2001:db8::2" looks like an IPv6 address: write it in brackets/.test(d.message)), JSON.stringify(side.diagnostics));
});
