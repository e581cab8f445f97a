// `lvs-tui realserver-setup`: what each real server of a direct-routing or tunnelling service needs
// (src/realserver/), printed to paste, or with --apply done on one real server over SSH as one
// transaction (realserver-apply.ts).

import { parse } from '../../config/parse';
import { buildModel, LvsConfig } from '../../config/model';
import { readSidecar } from '../../apply/sidecar';
import { resolveMarks } from '../../apply/sidecar';
import { buildKit } from '../../realserver/build-kit';
import { KIT_METHODS, KIT_PLATFORMS, KitMethod, KitOptions, KitPlatform } from '../../realserver/kit-model';
import { kitJson, kitText } from '../../realserver/render-kit';
import { EXIT, ExitCode, RefusedError, UsageError } from '../errors';
import { readIfPresent } from '../read-if-present';
import { CommandContext } from './context';

const COMMAND = 'realserver-setup';

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], option: string): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${option} ${value}: not one of ${allowed.join(', ')}`, COMMAND);
  return value as T;
}

/** lvs.cf's model and the resolved firewall marks, read from the files here. */
export function readKitInputs(ctx: CommandContext): { config: LvsConfig; marks: ReturnType<typeof resolveMarks> } {
  const { deps, paths } = ctx;
  const config = buildModel(parse(deps.files.read(paths.config)));
  const { sidecar } = readSidecar(readIfPresent(deps, paths.sidecar), paths.sidecar);
  return { config, marks: resolveMarks(config, sidecar) };
}

export interface KitRequest {
  readonly method: KitMethod;
  /** undefined: the default (systemd) when printing, found on the server with --apply */
  readonly platform: KitPlatform | undefined;
  readonly device: string | undefined;
  readonly virtual: string | undefined;
}

export function kitRequest(ctx: CommandContext): KitRequest {
  const { options } = ctx;
  if (ctx.positionals.length) throw new UsageError(`${COMMAND} takes no arguments`, COMMAND);
  if (options.device !== undefined && !/^[A-Za-z0-9_.:-]{1,15}$/.test(options.device)) throw new UsageError(`--device ${options.device}: not an interface name`, COMMAND);
  return {
    method: oneOf(options.method, KIT_METHODS, '--method') ?? 'sysctl',
    platform: oneOf(options.platform, KIT_PLATFORMS, '--platform'),
    device: options.device,
    virtual: options.virtual,
  };
}

export async function runRealserverSetup(ctx: CommandContext): Promise<ExitCode> {
  const req = kitRequest(ctx);
  const { config, marks } = readKitInputs(ctx);
  if (req.virtual !== undefined && !config.virtuals.some((v) => v.kind === 'virtual' && v.name === req.virtual)) throw new RefusedError(`no virtual server named "${req.virtual}" in ${ctx.paths.config}`);
  if (ctx.options.apply !== undefined) {
    const { applyKit } = require('./realserver-apply') as typeof import('./realserver-apply');
    return applyKit(ctx, req, config, marks, ctx.options.apply);
  }
  if (ctx.options.yes) throw new UsageError('--yes goes with --apply', COMMAND);
  const opts: KitOptions = { method: req.method, platform: req.platform ?? 'systemd', device: req.device, virtual: req.virtual };
  const kit = buildKit(config, marks, opts);
  for (const p of kit.problems) ctx.deps.stderr.write(`lvs-tui: warning: ${p}\n`);
  ctx.deps.stdout.write(ctx.options.json ? JSON.stringify(kitJson(kit), null, 2) + '\n' : kitText(kit));
  return EXIT.ok;
}
