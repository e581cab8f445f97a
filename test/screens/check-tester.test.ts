// The check tester in the TUI, in-process at 80x24 against real servers on 127.0.0.1: `t` on the
// REAL SERVER list runs the saved check, `t` on MONITORING SCRIPTS the form's unsaved values;
// results fill in while keys keep working, Esc closes, nothing gets staged.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { KEY, OpenTui, openTui } from './tui-harness';
import { LoopbackServers, startLoopbackServers } from '../helpers/loopback-servers';

let servers: LoopbackServers;
before(async () => {
  servers = await startLoopbackServers();
});
after(() => servers.close());

const config = (s: LoopbackServers) => `serial_no = 1
primary = 127.0.0.1
network = direct
virtual web {
     active = 1
     address = 127.0.0.2 lo:1
     port = 8080
     send = "GET / HTTP/1.0\\r\\n\\r\\n"
     expect = "HTTP/1.1 200"
     timeout = 1
     server good {
         address = 127.0.0.1
         active = 1
         port = ${s.httpGood}
     }
     server wrong {
         address = 127.0.0.1
         active = 1
         port = ${s.httpBad}
     }
     server silent {
         address = 127.0.0.1
         active = 1
         port = ${s.silent}
     }
}
`;

async function until(t: OpenTui, re: RegExp, ms = 5000): Promise<string> {
  const end = Date.now() + ms;
  for (;;) {
    const text = t.text();
    if (re.test(text)) return text;
    if (Date.now() > end) assert.fail(`timed out waiting for ${re}; screen:\n${text}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('TUI: t on REAL SERVER runs each check; the overlay fills in while keys work; Esc closes', { timeout: 20_000 }, async () => {
  const t = openTui({ config: config(servers), tab: 4 });
  try {
    await t.keys(KEY.enter, KEY.esc, ']');
    assert.match(t.text(), /\[REAL SERVER\]/);
    assert.match(t.text().split('\n')[23], /t test/);
    await t.keys('t');
    // the silent server takes the whole timeout: meanwhile the overlay says so and keys are served
    let text = await until(t, /PASS +good/);
    assert.match(text, /test checks: web/);
    assert.match(text, /TCP connect, send "GET \/ HTTP\/1\.0\\r\\n\\r\\n", expect "HTTP\/1\.1 200"/);
    assert.match(text, /\.\.\.\. +silent +127\.0\.0\.1:\d+ +checking…/);
    await t.keys('j', 'k');
    text = await until(t, /1 passed, 2 failed, 0 not checked/);
    assert.match(text, /FAIL +wrong +127\.0\.0\.1:\d+ +[\d.]+ ms *│\n│ {6}got "HTTP\/1\.1 500", expected "HTTP\/1\.1 200"/);
    assert.match(text, /FAIL +silent +127\.0\.0\.1:\d+ +\d+ ms *│\n│ {6}no reply within 1 s/);
    assert.match(text, /received "HTTP\/1\.1 200 OK\\r\\n/);
    for (const line of text.split('\n')) assert.ok(line.length <= 80, line);
    await t.keys(KEY.esc);
    assert.doesNotMatch(t.text(), /test checks/);
    assert.match(t.text(), /\[REAL SERVER\]/);
  } finally {
    await t.close();
  }
});

test('TUI: t on MONITORING SCRIPTS tests the form\'s unsaved values and stages nothing', { timeout: 20_000 }, async () => {
  const t = openTui({ config: config(servers), tab: 4 });
  try {
    await t.keys(KEY.enter, KEY.esc, ']', ']');
    assert.match(t.text(), /\[MONITORING SCRIPTS\]/);
    // Expect: the third field; change it to what the wrong server answers, without accepting
    await t.keys(KEY.down, KEY.down, 'e', KEY.ctrlU);
    for (const c of 'HTTP/1.1 500') await t.keys(c);
    await t.keys(KEY.esc, 't');
    const text = await until(t, /1 passed, 2 failed/);
    assert.match(text, /with the form's values \(not saved\)/);
    assert.match(text, /expect "HTTP\/1\.1 500"/);
    assert.match(text, /PASS +wrong/);
    assert.match(text, /FAIL +good .*│\n│ {6}got "HTTP\/1\.1 200", expected "HTTP\/1\.1 500"/);
    await t.keys(KEY.esc);
    assert.equal(t.session.pendingCount(), 0);
    assert.match(t.text(), /HTTP\/1\.1 500/, 'the form keeps its unsaved value');
  } finally {
    await t.close();
  }
});
