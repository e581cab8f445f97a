// `lvs-tui realserver-setup --apply USER@HOST`: the kit done on one real server over SSH (host key
// checked as for sync). Which real server it is comes from the addresses it holds; its interface,
// platform and arptables chain names are read there unless given. Then what it already holds is
// read, only what is missing is shown, the admin confirms, and one transaction does it: each change
// verified, everything undone in reverse on any failure. A second run finds nothing to do.

import type { LvsConfig } from '../../config/model';
import type { MarkRule } from '../../apply/sidecar-resolve';
import { parseSshAddress, sshAddressText } from '../../apply/sidecar';
import { describeResult, runTransaction } from '../../apply/transaction';
import { buildKit } from '../../realserver/build-kit';
import { Kit, KitAction } from '../../realserver/kit-model';
import { arpChainsOf, deviceHolding, planKit, PlannedAction } from '../../realserver/kit-state';
import { KitTarget, kitStep, readAddresses, readKitState } from '../../realserver/kit-steps';
import { actionLines, actionTitle, serverHeading } from '../../realserver/render-kit';
import { failFastOnDrop, PeerSession } from '../../sync/peer-session';
import { unifiedDiff } from '../../present/line-diff';
import { auditLogPath } from '../../system/audit-log';
import { Runner } from '../../system/runner';
import { EXIT, ExitCode, RefusedError, UsageError } from '../errors';
import { CommandContext } from './context';
import type { KitRequest } from './realserver-setup';

const COMMAND = 'realserver-setup';

/** Host keys not trusted are refusals (exit 1); everything else about the link is I/O (exit 3). */
function sshExit(err: unknown): ExitCode | null {
  if (!(err instanceof Error) || err.name !== 'SshError') return null;
  const code = String((err as { code?: unknown }).code ?? 'io');
  return code === 'host-key-unknown' || code === 'host-key-changed' ? EXIT.refused : EXIT.io;
}

/** The plan: every action of the server's kit, held (`ok`) or to do (`do`, with its commands). */
export function kitPlanText(kit: Kit, planned: readonly PlannedAction[], label: string): string {
  const server = kit.servers[0];
  const out = [...serverHeading(server), `# on ${label}: ${kit.network} routing, method ${kit.method}, platform ${kit.platform}, interface ${kit.device}`];
  let i = 0;
  for (const g of server.groups) {
    out.push(`== ${g.title}`);
    for (const _a of g.actions) {
      const p = planned[i++];
      out.push(`${p.holds ? '  ok' : '  do'}  ${actionTitle(p.action)} (${p.detail})`);
      if (p.holds) continue;
      if (p.action.kind === 'file') {
        const was = p.previous?.toString('utf8') ?? '';
        for (const l of unifiedDiff(was, p.action.content, p.previous ? p.action.path : '/dev/null', p.action.path).replace(/\n$/, '').split('\n')) out.push(`        ${l}`);
      } else if (p.action.kind !== 'save') for (const l of actionLines(p.action)) out.push(`        ${l}`);
    }
  }
  return out.join('\n') + '\n';
}

async function isDirectory(session: PeerSession, path: string): Promise<boolean> {
  const st = await session.stat(path);
  return st !== null && (st.mode & 0o170000) === 0o040000;
}

export async function applyKit(ctx: CommandContext, req: KitRequest, config: LvsConfig, marks: readonly MarkRule[], targetText: string): Promise<ExitCode> {
  const { deps, options, paths } = ctx;
  if (options.json) throw new UsageError('--json does not go with --apply', COMMAND);
  const address = parseSshAddress(targetText);
  if (typeof address === 'string') throw new UsageError(`--apply ${address}`, COMMAND);
  const root = options.remoteRoot ?? '/';
  const probe = buildKit(config, marks, { method: req.method, platform: req.platform ?? 'systemd', virtual: req.virtual });
  for (const p of probe.problems) deps.stderr.write(`lvs-tui: warning: ${p}\n`);
  if (probe.network === 'nat') {
    deps.stdout.write(probe.notes.map((n) => `${n}\n`).join('') + 'nothing to do\n');
    return EXIT.ok;
  }
  if (!probe.servers.length) throw new RefusedError(`no real server to prepare in ${paths.config}`);
  const label = sshAddressText(address);

  let session: PeerSession;
  try {
    session = failFastOnDrop(
      await deps.connectPeer({
        target: address,
        confirmUnknownHost: async (fingerprint) => (await deps.ask(`The host key of ${label} is not known (${fingerprint}). Check it on the server (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub). Trust it and remember it?`)) === true,
      }),
    );
  } catch (err) {
    const code = sshExit(err);
    if (code === null) throw err;
    deps.stderr.write(`lvs-tui: not applied: ${(err as Error).message}; nothing was changed on ${label}\n`);
    return code;
  }
  try {
    return await applyOn(ctx, req, config, marks, probe, session, label, root);
  } catch (err) {
    const code = sshExit(err);
    if (code === null) throw err;
    deps.stderr.write(`lvs-tui: ${(err as Error).message}\n`);
    return code;
  } finally {
    await session.close().catch(() => undefined);
  }
}

async function applyOn(ctx: CommandContext, req: KitRequest, config: LvsConfig, marks: readonly MarkRule[], probe: Kit, session: PeerSession, label: string, root: string): Promise<ExitCode> {
  const { deps, options, paths } = ctx;
  const out = deps.stdout;
  const runner: Runner = { run: (cmd) => session.run(cmd) };

  // Which real server this is: the one whose address it holds.
  const addresses = await readAddresses(runner);
  const server = probe.servers.find((s) => deviceHolding(addresses, s.address) !== null);
  if (!server) throw new RefusedError(`${label} holds none of the real servers' addresses (${probe.servers.map((s) => s.address).join(', ')}): nothing was changed`);
  const device = req.device ?? deviceHolding(addresses, server.address)!;
  const platform = req.platform ?? ((await isDirectory(session, '/run/systemd/system')) ? 'systemd' : 'rhel6');
  const arpChains = req.method === 'arptables' ? arpChainsOf((await runner.run({ file: 'arptables', args: ['-L', '-n'] })).stdout) : undefined;
  const full = buildKit(config, marks, { method: req.method, platform, device, virtual: req.virtual, arpChains });
  const kit: Kit = { ...full, servers: full.servers.filter((s) => s.address === server.address) };
  const actions: KitAction[] = kit.servers[0].groups.flatMap((g) => g.actions);

  const target: KitTarget = { host: session, root };
  const planned = planKit(actions, await readKitState(runner, target, actions));
  out.write(kitPlanText(kit, planned, label));
  const todo = planned.filter((p) => !p.holds);
  if (!todo.length) {
    out.write(`nothing to do: ${label} already holds all of it\n`);
    return EXIT.ok;
  }
  if (options.dryRun) {
    out.write(`dry run: nothing was changed on ${label}\n`);
    return EXIT.ok;
  }
  if (!options.yes) {
    const answer = await deps.ask(`Make these ${todo.length} change${todo.length === 1 ? '' : 's'} on ${label}?`);
    if (answer === null) throw new UsageError('there is no terminal to ask on: give --yes to apply without asking', COMMAND);
    if (!answer) {
      deps.stderr.write(`lvs-tui: not applied: nothing was changed on ${label}\n`);
      return EXIT.refused;
    }
  }
  const result = await runTransaction(
    { steps: todo.map((p) => kitStep(p, target)) },
    {
      runner,
      files: deps.stager,
      audit: deps.auditLog(auditLogPath(paths.root)),
      user: deps.user(),
      argv: ['lvs-tui', COMMAND, '--apply', label, '--method', req.method, ...(options.yes ? ['--yes'] : [])],
      warn: (m) => deps.stderr.write(`${m}\n`),
    },
  );
  if (result.ok) {
    out.write(`applied on ${label}: ${todo.length} change${todo.length === 1 ? '' : 's'}, each verified (a second run finds nothing to do)\n`);
    return EXIT.ok;
  }
  deps.stderr.write(describeResult(result).map((l) => `lvs-tui: ${l.replace('the router is back where it was', `${label} is back where it was`)}\n`).join(''));
  return sshExit(result.error) ?? EXIT.refused;
}
