// A router for the end-to-end TUI tests: a network namespace of the test's own (so an apply runs
// the real iptables-restore and sysctl there, never on this machine), a temp --root holding lvs.cf,
// lvs-tui.yaml (pulse is the stand-in service script), the saved iptables rules and sysctl.conf,
// and a TMPDIR of its own. `tui(...)` is the command an admin types: `lvs-tui --root ROOT`.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN } from '../helpers/paths';
import { Netns, withNetns } from '../helpers/netns';
import { PulseStandin, pulseStandin } from '../helpers/pulse-standin';
import { needProgram, needRootNamespaces } from '../helpers/require-tool';

/** node:test skip reason (throws under CI=true when something is missing). */
export function skipUnlessTuiE2e(): string | false {
  return (
    needProgram('tmux', ['-V']) ||
    needRootNamespaces() ||
    needProgram('ip', ['-V']) ||
    needProgram('iptables-restore', ['--version']) ||
    needProgram('sysctl', ['--version'])
  );
}

export const SAVED_RULES = "# admin's saved rules\n*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\nCOMMIT\n";
export const SYSCTL_CONF = '# kernel settings\nnet.ipv4.ip_forward = 0\nkernel.panic = 10\n';

export interface E2eRouter {
  readonly ns: Netns;
  readonly root: string;
  /** ROOT/etc/sysconfig/ha/lvs.cf */
  readonly cfg: string;
  readonly sidecar: string;
  readonly pulse: PulseStandin;
  /** the TMPDIR the TUI runs with (empty afterwards: no temp file left) */
  readonly tmp: string;
  /** argv of `lvs-tui --root ROOT ARGS...` (run it inside ns) */
  tui(...args: string[]): string[];
  /** the pane environment: TERM, a UTF-8 locale, TMPDIR */
  env(extra?: Readonly<Record<string, string>>): Record<string, string>;
  /** iptables-save of the namespace without comments and counters */
  rules(): string;
  forward(): string;
  read(): string;
}

function yamlList(argv: readonly string[]): string {
  return `[${argv.map((a) => JSON.stringify(a)).join(', ')}]`;
}

export interface RouterSetup {
  readonly lvsCf: string | Buffer;
  /** sidecar text before the pulse settings (firewall marks, ...) */
  readonly sidecarBody?: string;
}

export async function withE2eRouter<T>(setup: RouterSetup, fn: (r: E2eRouter) => T | Promise<T>): Promise<T> {
  const pulse = pulseStandin({ running: true });
  const base = mkdtempSync(join(tmpdir(), 'lvs-tui-e2e-'));
  try {
    return await withNetns(async (ns) => {
      ns.run('ip', ['link', 'set', 'lo', 'up']);
      const root = join(base, 'root');
      const ha = join(root, 'etc', 'sysconfig', 'ha');
      mkdirSync(ha, { recursive: true });
      const cfg = join(ha, 'lvs.cf');
      writeFileSync(cfg, setup.lvsCf);
      const sidecar = join(ha, 'lvs-tui.yaml');
      const c = pulse.commands;
      writeFileSync(
        sidecar,
        `# lvs-tui's own settings\n${setup.sidecarBody ?? ''}pulse:\n  manager: command\n  status: ${yamlList(c.status)}\n  reload: ${yamlList(c.reload)}\n  restart: ${yamlList(c.restart)}\n`,
      );
      writeFileSync(join(root, 'etc', 'sysconfig', 'iptables'), SAVED_RULES, { mode: 0o600 });
      writeFileSync(join(root, 'etc', 'sysctl.conf'), SYSCTL_CONF);
      ns.run('sysctl', ['-w', 'net.ipv4.ip_forward=0']);
      const tmp = join(base, 'tmp');
      mkdirSync(tmp);
      const router: E2eRouter = {
        ns,
        root,
        cfg,
        sidecar,
        pulse,
        tmp,
        tui: (...args) => [process.execPath, BIN, '--root', root, ...args],
        env: (extra = {}) => ({ TERM: 'xterm-256color', LANG: 'C.UTF-8', TMPDIR: tmp, ...extra }),
        rules: () =>
          ns
            .run('iptables-save', [])
            .split('\n')
            .filter((l) => l !== '' && !l.startsWith('#'))
            .map((l) => l.replace(/ \[\d+:\d+\]$/, ''))
            .join('\n'),
        forward: () => ns.run('sysctl', ['-n', 'net.ipv4.ip_forward']).trim(),
        read: () => readFileSync(cfg, 'utf8'),
      };
      return await fn(router);
    }, 'lvstui-e2e');
  } finally {
    pulse.remove();
    rmSync(base, { recursive: true, force: true });
  }
}
