// `realserver-setup --apply`: reading what a real server holds (over the SSH session's runner and
// SFTP) and one transaction step per action still to do, each with apply, verify and an undo that
// puts back exactly what was there (the sysctl's old value, the file's old bytes, the rule or
// address removed). I/O only through the interfaces passed in: the transaction's recording runner
// and the session's files.

import { posix } from 'node:path';
import type { Step, StepContext } from '../apply/transaction';
import type { Command, Runner } from '../system/runner';
import { KitAction } from './kit-model';
import { actionTitle } from './render-kit';
import { KIT_FILE_MARK, KitState, PlannedAction, arpRuleHolds, iptRuleHolds, parseAddresses, parseLinks } from './kit-state';

/** The files of the real server (the SSH session's SFTP side). */
export interface KitHost {
  readonly label: string;
  readFile(path: string): Promise<Buffer | null>;
  writeFileAtomic(path: string, bytes: Uint8Array, opts?: { mode?: number }): Promise<void>;
}

export interface KitTarget {
  readonly host: KitHost;
  /** every file path of the kit is taken under this directory ("/" on a real server; tests use a temp one) */
  readonly root: string;
}

const rooted = (root: string, path: string) => (root === '/' ? path : posix.join(root, path));
const procSysPath = (key: string) => `/proc/sys/${key.replace(/[./]/g, (c) => (c === '.' ? '/' : '.'))}`;

/** Runs a command; null instead of throwing when it exits non-zero or is missing (a reading that says "no"). */
async function tryRun(runner: Runner, cmd: Command): Promise<string | null> {
  try {
    return (await runner.run(cmd)).stdout;
  } catch (err) {
    if (err instanceof Error && (err.name === 'ExecError' || (err as { code?: string }).code === 'ENOENT')) return null;
    throw err;
  }
}

async function readSysctl(runner: Runner, host: KitHost, key: string): Promise<string | null> {
  const bytes = await host.readFile(procSysPath(key)).catch(() => null);
  if (bytes !== null) return bytes.toString('utf8').trim();
  const out = await tryRun(runner, { file: 'sysctl', args: ['-n', key] });
  return out === null ? null : out.trim();
}

function systemctlArgs(root: string, ...args: string[]): string[] {
  return root === '/' ? args : [`--root=${root}`, ...args];
}

async function isEnabled(runner: Runner, root: string, a: Extract<KitAction, { kind: 'enable' }>): Promise<boolean> {
  if (a.manager === 'systemctl') return (await tryRun(runner, { file: 'systemctl', args: systemctlArgs(root, 'is-enabled', a.service) }))?.trim() === 'enabled';
  const out = await tryRun(runner, { file: 'chkconfig', args: ['--list', a.service] });
  return out !== null && /\b3:on\b/.test(out);
}

/** `ip -o addr show` of the server (for finding which real server it is, and its interface). */
export async function readAddresses(runner: Runner): Promise<KitState['addresses']> {
  return parseAddresses((await runner.run({ file: 'ip', args: ['-o', 'addr', 'show'] })).stdout);
}

/** Everything the kit's actions are compared with, read in parallel. */
export async function readKitState(runner: Runner, target: KitTarget, actions: readonly KitAction[]): Promise<KitState> {
  const { host, root } = target;
  const has = (k: KitAction['kind']) => actions.some((a) => a.kind === k);
  const saves = (tool: 'arptables' | 'iptables') => actions.some((a) => a.kind === tool || (a.kind === 'save' && a.tool === tool));
  const sysctlKeys = [...new Set(actions.flatMap((a) => (a.kind === 'sysctl' ? [a.key] : [])))];
  const filePaths = [...new Set(actions.flatMap((a) => (a.kind === 'file' || a.kind === 'save' ? [a.path] : [])))];
  const enables = actions.filter((a): a is Extract<KitAction, { kind: 'enable' }> => a.kind === 'enable');
  const [addresses, links, modules, sysctl, arptablesSave, iptablesSave, files, enabled] = await Promise.all([
    readAddresses(runner),
    runner.run({ file: 'ip', args: ['-o', 'link', 'show'] }).then((r) => parseLinks(r.stdout)),
    has('module') ? host.readFile('/proc/modules').then((b) => new Set((b?.toString('utf8') ?? '').split('\n').map((l) => l.split(' ')[0]))) : Promise.resolve(new Set<string>()),
    Promise.all(sysctlKeys.map(async (k) => [k, await readSysctl(runner, host, k)] as const)).then((e) => new Map(e)),
    saves('arptables') ? runner.run({ file: 'arptables-save', args: [] }).then((r) => r.stdout) : Promise.resolve(null),
    saves('iptables') ? runner.run({ file: 'iptables-save', args: [] }).then((r) => r.stdout) : Promise.resolve(null),
    Promise.all(filePaths.map(async (p) => [p, await host.readFile(rooted(root, p))] as const)).then((e) => new Map(e)),
    Promise.all(enables.map(async (a) => [a.service, await isEnabled(runner, root, a)] as const)).then((e) => new Map(e)),
  ]);
  return { addresses, links, modules, sysctl, arptablesSave, iptablesSave, files, enabled };
}

function stepId(a: KitAction): string {
  switch (a.kind) {
    case 'module':
      return `module:${a.name}`;
    case 'link-up':
      return `link:${a.dev}`;
    case 'address':
      return `address:${a.dev}:${a.address}/${a.prefix}`;
    case 'sysctl':
      return `sysctl:${a.key}`;
    case 'arptables':
      return `arptables:${a.chain}:${a.rule.join(' ')}`;
    case 'iptables':
      return `iptables:${a.table}:${a.chain}:${a.rule.join(' ')}`;
    case 'file':
      return `file:${a.path}`;
    case 'save':
      return `save:${a.tool}:${a.path}`;
    case 'enable':
      return `enable:${a.service}`;
  }
}

/** A file step's apply, verify and undo (also used for the saved rules, whose bytes come at apply time). */
function fileStep(target: KitTarget, id: string, title: string, path: string, previous: Buffer | null, mode: number, bytesAt: (ctx: StepContext) => Promise<Buffer>): Step {
  const full = rooted(target.root, path);
  let written: Buffer | null = null;
  return {
    id,
    title,
    async check() {
      if (previous !== null && !previous.toString('utf8').startsWith(KIT_FILE_MARK) && !id.startsWith('save:')) {
        throw new Error(`${target.host.label}:${path} exists and was not written by lvs-tui: move it away (or merge it by hand with \`lvs-tui realserver-setup\`'s output) and run again`);
      }
    },
    async apply(ctx) {
      const bytes = await bytesAt(ctx);
      await ctx.runner.run({ file: 'mkdir', args: ['-p', '--', posix.dirname(full)] });
      written = bytes;
      await target.host.writeFileAtomic(full, bytes, { mode: previous === null ? mode : undefined });
    },
    async verify() {
      const now = await target.host.readFile(full);
      if (now === null || written === null || !now.equals(written)) throw new Error(`${target.host.label}:${path} does not hold what was written`);
    },
    async undo(ctx) {
      if (written === null) return;
      if (previous === null) await ctx.runner.run({ file: 'rm', args: ['-f', '--', full] });
      else await target.host.writeFileAtomic(full, previous);
    },
    async manualRecovery() {
      return previous === null ? `remove ${target.host.label}:${path} if it is there` : `check ${target.host.label}:${path} by hand`;
    },
  };
}

/** One step for an action still to do. */
export function kitStep(p: PlannedAction, target: KitTarget): Step {
  const a = p.action;
  const id = stepId(a);
  const title = actionTitle(a);
  const run = (ctx: StepContext, file: string, args: string[]) => ctx.runner.run({ file, args });
  let applied = false;
  const simple = (apply: (ctx: StepContext) => Promise<unknown>, verify: (ctx: StepContext) => Promise<boolean>, undo: (ctx: StepContext) => Promise<unknown>): Step => ({
    id,
    title,
    async apply(ctx) {
      applied = true;
      await apply(ctx);
    },
    async verify(ctx) {
      if (!(await verify(ctx))) throw new Error(`${title}: not in place after it was done`);
    },
    async undo(ctx) {
      if (applied) await undo(ctx);
    },
  });
  switch (a.kind) {
    case 'module':
      return simple(
        (ctx) => run(ctx, 'modprobe', [a.name]),
        async (ctx) => (await ctx.runner.run({ file: 'ip', args: ['-o', 'link', 'show'] })).stdout.includes('tunl0') || a.name !== 'ipip',
        (ctx) => run(ctx, 'modprobe', ['-r', a.name]),
      );
    case 'link-up':
      return simple(
        (ctx) => run(ctx, 'ip', ['link', 'set', 'dev', a.dev, 'up']),
        async (ctx) => parseLinks((await ctx.runner.run({ file: 'ip', args: ['-o', 'link', 'show', 'dev', a.dev] })).stdout).get(a.dev) === true,
        (ctx) => run(ctx, 'ip', ['link', 'set', 'dev', a.dev, 'down']),
      );
    case 'address': {
      const cidr = `${a.address}/${a.prefix}`;
      return simple(
        (ctx) => run(ctx, 'ip', ['addr', 'add', cidr, 'dev', a.dev, ...(a.label ? ['label', a.label] : [])]),
        async (ctx) => parseAddresses((await ctx.runner.run({ file: 'ip', args: ['-o', 'addr', 'show', 'dev', a.dev] })).stdout).some((x) => x.cidr === cidr),
        (ctx) => run(ctx, 'ip', ['addr', 'del', cidr, 'dev', a.dev]),
      );
    }
    case 'sysctl': {
      const step = simple(
        (ctx) => run(ctx, 'sysctl', ['-w', `${a.key}=${a.value}`]),
        async (ctx) => (await readSysctl(ctx.runner, target.host, a.key)) === a.value,
        async (ctx) => {
          if (p.before !== null && p.before !== undefined) await run(ctx, 'sysctl', ['-w', `${a.key}=${p.before}`]);
        },
      );
      // tunl0's keys appear with the ipip module, loaded by an earlier step; any other missing key
      // is a wrong interface name: refused before anything changes
      const iface = /^net\.ipv4\.conf\.([^.]+)\./.exec(a.key)?.[1];
      if (p.before !== null || iface === 'tunl0') return step;
      return {
        ...step,
        async check() {
          throw new Error(`${target.host.label} has no sysctl ${a.key}${iface && iface !== 'all' ? ` (no interface ${iface}: give --device, the one holding the real server's address)` : ''}`);
        },
      };
    }
    case 'arptables':
      return simple(
        (ctx) => run(ctx, 'arptables', ['-A', a.chain, ...a.rule]),
        async (ctx) => arpRuleHolds((await ctx.runner.run({ file: 'arptables-save', args: [] })).stdout, a.chain, a.rule),
        (ctx) => run(ctx, 'arptables', ['-D', a.chain, ...a.rule]),
      );
    case 'iptables':
      return simple(
        (ctx) => run(ctx, 'iptables', ['-t', a.table, '-A', a.chain, ...a.rule]),
        async (ctx) => iptRuleHolds((await ctx.runner.run({ file: 'iptables-save', args: ['-t', a.table] })).stdout, a.table, a.chain, a.rule),
        (ctx) => run(ctx, 'iptables', ['-t', a.table, '-D', a.chain, ...a.rule]),
      );
    case 'file':
      return fileStep(target, id, title, a.path, p.previous ?? null, a.mode, async () => Buffer.from(a.content));
    case 'save':
      // what `service arptables_jf save` (or iptables) does, without needing the service script
      return fileStep(target, id, title, a.path, p.previous ?? null, 0o600, async (ctx) => Buffer.from((await ctx.runner.run({ file: `${a.tool}-save`, args: [] })).stdout));
    case 'enable': {
      const args = (verb: string) => (a.manager === 'systemctl' ? systemctlArgs(target.root, verb, a.service) : [a.service, verb === 'enable' ? 'on' : 'off']);
      return simple(
        (ctx) => run(ctx, a.manager, args('enable')),
        (ctx) => isEnabled(ctx.runner, target.root, a),
        (ctx) => run(ctx, a.manager, args('disable')),
      );
    }
  }
}
