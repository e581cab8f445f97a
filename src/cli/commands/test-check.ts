// `lvs-tui test-check [--virtual V [--server S]] [--json] [--timeout S] [--demo]`: runs each real
// server's check now, as nanny would (src/checks), a few at a time, and reports pass/fail, latency,
// why and the first bytes received. Connections are made from where lvs-tui runs; in remote mode
// send_program runs on the router (where nanny runs it and where the script is). The demo router's
// real servers are simulated: nothing answers there, so their checks are described, not made.
//
// Exit status: 0 no check failed (inactive servers are not checked), 1 a check failed or nothing
// matched, 2 usage, 3 lvs.cf could not be read.

import { parse } from '../../config/parse';
import { buildModel } from '../../config/model';
import { CheckSpec, describeCheck, monitorSettingsOf, targetOf } from '../../checks/check-spec';
import { CheckResult, skippedResult } from '../../checks/judge';
import { runChecks } from '../../checks/run-checks';
import { checkJson, counts, renderCheckText } from '../../present/check-results';
import { checkProgramRunner, socketProbe } from '../../system/check-probe';
import { EXIT, ExitCode, RefusedError, UsageError } from '../errors';
import { CommandContext } from './context';
import { withOptionalDemo } from './demo-option';

const MAX_TIMEOUT_S = 300;

/** --timeout S: seconds for the connect and again for the read (default: the virtual's `timeout`). */
export function parseCheckTimeout(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
  if (!(n > 0) || n > MAX_TIMEOUT_S) throw new UsageError(`--timeout takes seconds, more than 0 and at most ${MAX_TIMEOUT_S} (not "${text}")`, 'test-check');
  return n;
}

/** The checks of the chosen real servers (all of them without --virtual), in lvs.cf's order. */
export function selectChecks(bytes: Buffer, virtual: string | undefined, server: string | undefined, timeoutS: number | undefined): CheckSpec[] {
  const config = buildModel(parse(bytes));
  const virtuals = config.virtuals.filter((v) => v.kind === 'virtual' && (virtual === undefined || v.name === virtual));
  if (virtual !== undefined && virtuals.length === 0) throw new RefusedError(`no virtual server "${virtual}"`);
  const specs: CheckSpec[] = [];
  for (const v of virtuals) {
    const servers = v.servers.filter((s) => server === undefined || s.name === server);
    if (server !== undefined && servers.length === 0) throw new RefusedError(`virtual server "${v.name}" has no real server "${server}"`);
    for (const s of servers) specs.push(describeCheck(monitorSettingsOf(v), targetOf(v, s), timeoutS));
  }
  return specs;
}

export function runTestCheck(ctx: CommandContext): Promise<ExitCode> {
  const { positionals, options } = ctx;
  if (positionals.length) throw new UsageError('test-check takes no arguments', 'test-check');
  const timeoutS = parseCheckTimeout(options.timeout);
  return withOptionalDemo(ctx, async ({ paths, deps }, demo) => {
    const specs = selectChecks(deps.files.read(paths.config), options.virtual, options.server, timeoutS);
    if (specs.length === 0) throw new RefusedError('no real servers to check');
    let results: CheckResult[];
    let from: string;
    if (demo) {
      from = 'nowhere: the demo router';
      results = specs.map((s) =>
        !s.target.active ? skippedResult(s, s.target.inactiveWhy ?? 'inactive') : skippedResult(s, `a simulated real server of the demo router: nothing answers at ${s.host}:${s.port ?? s.target.port}`),
      );
    } else {
      from = deps.remoteLabel ? `this machine; send_program on ${deps.remoteLabel}` : 'this machine';
      results = await runChecks(specs, { probe: deps.checkProbe ?? socketProbe, programs: checkProgramRunner(deps.runner) });
    }
    const code = counts(results).fail > 0 ? EXIT.refused : EXIT.ok;
    if (options.json) deps.stdout.write(JSON.stringify(checkJson({ results, from }, code), null, 2) + '\n');
    else deps.stdout.write(renderCheckText({ results, from }));
    return code;
  });
}
