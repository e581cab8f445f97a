// `--demo`: run a command on the demo router (a temporary root, removed afterwards). Its own small
// module so that the TUI's start does not load the status command to get it.

import { UsageError } from '../errors';
import { resolvePaths } from '../paths';
import { CommandContext } from './context';

type DemoRouter = import('../../demo').DemoRouter;

/** Runs `fn` on the demo router when --demo is given (the root removed afterwards), else as is. */
export async function withOptionalDemo<T>(ctx: CommandContext, fn: (ctx: CommandContext, demo: DemoRouter | null) => Promise<T>): Promise<T> {
  if (!ctx.options.demo) return fn(ctx, null);
  if (ctx.options.root !== undefined || ctx.options.config !== undefined) throw new UsageError('--demo makes its own root: give neither --root nor --config with it');
  const { startDemo } = require('../../demo') as typeof import('../../demo');
  const demo = await startDemo({ tickMs: 1000, speed: 1 });
  try {
    return await fn({ ...ctx, paths: resolvePaths(demo.root, undefined) }, demo);
  } finally {
    demo.stop();
  }
}
