// One live kernel setting (sysctl) as a transaction step: set with `sysctl -w`, read back with
// `sysctl -n`, put back to the value it had. The check refuses when the key does not exist (a
// net.ipv4.vs.* key needs the ip_vs module) or when the value changed since the plan was made (the
// undo would otherwise put back a value nobody had).

import { ExecError } from '../../system/io-error';
import { Step, StepContext } from '../transaction';

export interface SysctlStepOptions {
  readonly id?: string;
  readonly title?: string;
  /** net.ipv4.ip_forward */
  readonly key: string;
  readonly value: string;
  /** the live value when the plan was made */
  readonly previous: string;
  /** sysctl (or a path to it) */
  readonly sysctlProgram: string;
}

/** Values compare by their words: `sysctl -n` prints "32768\t60999" for "32768 60999". */
export function sameSysctlValue(a: string, b: string): boolean {
  return a.trim().split(/\s+/).join(' ') === b.trim().split(/\s+/).join(' ');
}

/** The admin's message for a key the kernel does not have (pure). */
export function missingKeyMessage(key: string): string {
  const hint = /^net[./]ipv4[./]vs[./]/.test(key) ? ' (is the ip_vs module loaded?)' : '';
  return `sysctl ${key} does not exist here${hint}`;
}

export function sysctlStep(opts: SysctlStepOptions): Step {
  const { key, value, previous, sysctlProgram } = opts;

  const read = async (ctx: StepContext): Promise<string> => {
    try {
      return (await ctx.runner.run({ file: sysctlProgram, args: ['-n', key] })).stdout.replace(/\n$/, '');
    } catch (err) {
      if (err instanceof ExecError && /cannot stat|No such file|unknown key/i.test(err.stderr)) throw new Error(missingKeyMessage(key));
      throw err;
    }
  };
  const write = (ctx: StepContext, v: string) => ctx.runner.run({ file: sysctlProgram, args: ['-w', `${key}=${v}`] });

  return {
    id: opts.id ?? `sysctl:${key}`,
    title: opts.title ?? `set ${key} = ${value}`,

    async check(ctx) {
      const now = await read(ctx);
      if (!sameSysctlValue(now, previous)) throw new Error(`${key} is ${now} now but the plan was made when it was ${previous}: plan again`);
    },

    async apply(ctx) {
      await write(ctx, value);
    },

    async verify(ctx) {
      const now = await read(ctx);
      if (!sameSysctlValue(now, value)) throw new Error(`${key} reads ${now} after setting it to ${value}`);
    },

    async undo(ctx) {
      // safe whether or not apply ran: it sets the value the key had
      await write(ctx, previous);
      const now = await read(ctx);
      if (!sameSysctlValue(now, previous)) throw new Error(`${key} reads ${now} after setting it back to ${previous}`);
    },

    async manualRecovery() {
      return `${key} may be ${value} instead of ${previous}: set it back with \`${sysctlProgram} -w ${key}=${previous}\``;
    },
  };
}
