// Reloading or restarting pulse as the last transaction step. Neither can be undone (a restart has
// already cleared the IPVS table), so the engine runs it only after every other step was applied
// and verified; when it fails, the other steps are undone and the admin is told pulse's state.

import { PulseCommands, readPulseStatus } from '../../system/pulse-service';
import { Step } from '../transaction';

export interface PulseStepOptions {
  readonly action: 'reload' | 'restart';
  readonly service: PulseCommands;
}

export function pulseStep({ action, service }: PulseStepOptions): Step {
  const cmd = service.actions[action];
  const restartText = () => {
    const r = service.actions.restart;
    return r ? `\`${[r.file, ...r.args].join(' ')}\`` : 'a restart of pulse';
  };
  return {
    id: `pulse:${action}`,
    title: `${action} pulse`,
    irreversible: `a pulse ${action} cannot be undone`,

    async check(ctx) {
      if (!cmd) throw new Error(`no command is configured to ${action} pulse`);
      const st = await readPulseStatus(ctx.runner, service);
      ctx.note(`pulse before the ${action}: ${st.detail}`);
      if (!st.installed) throw new Error(`${st.detail}: there is nothing to ${action}`);
      if (action === 'reload' && st.running === false) throw new Error(`pulse is not running (${st.detail}): there is nothing to reload; start it, or ask for a restart`);
    },

    async apply(ctx) {
      if (!cmd) throw new Error(`no command is configured to ${action} pulse`);
      await ctx.runner.run(cmd);
    },

    async verify(ctx) {
      const st = await readPulseStatus(ctx.runner, service);
      if (st.running !== true) throw new Error(`pulse is not running after the ${action} (${st.detail})`);
    },

    async manualRecovery(ctx) {
      const st = await readPulseStatus(ctx.runner, service);
      const state = st.running === true ? 'pulse is running' : st.running === false ? 'pulse is NOT running' : 'pulse is in an unknown state';
      return `${state} (${st.detail}); the other steps were put back, so ${restartText()} brings pulse up with the previous configuration`;
    },
  };
}
