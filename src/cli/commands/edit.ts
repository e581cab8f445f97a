// The editing commands (set, unset, add, delete, rename, enable, disable): argv → EditCommand, then
// the safe write of write-flow.ts.

import { parse } from '../../config/parse';
import { print } from '../../config/print';
import { BlockPath } from '../../config/edit';
import { EditCommand, applyEdit, parsePair, touchesSerial } from '../edit-plan';
import { ExitCode, UsageError } from '../errors';
import { commitChange } from '../write-flow';
import { CommandContext } from './context';
import { CommandName } from '../usage';

export type EditCommandName = 'set' | 'unset' | 'add' | 'delete' | 'rename' | 'enable' | 'disable';

export function isEditCommand(c: CommandName): c is EditCommandName {
  return c === 'set' || c === 'unset' || c === 'add' || c === 'delete' || c === 'rename' || c === 'enable' || c === 'disable';
}

/** `virtual NAME...` or `server --virtual V NAME...`: the noun, checked against --virtual. */
function noun(cmd: EditCommandName, ctx: CommandContext): 'virtual' | 'server' {
  const n = ctx.positionals[0];
  if (n !== 'virtual' && n !== 'server') throw new UsageError(n === undefined ? `${cmd} what? (virtual or server)` : `${cmd} takes "virtual" or "server", not "${n}"`, cmd);
  if (n === 'server' && ctx.options.virtual === undefined) throw new UsageError(`${cmd} server needs --virtual V`, cmd);
  if (n === 'virtual' && ctx.options.virtual !== undefined) throw new UsageError(`${cmd} virtual takes the name as an argument, not --virtual`, cmd);
  return n;
}

function exactly(cmd: EditCommandName, args: readonly string[], n: number, what: string): void {
  if (args.length < n) throw new UsageError(`missing ${what}`, cmd);
  if (args.length > n) throw new UsageError(`too many arguments: ${args.slice(n).join(' ')}`, cmd);
}

export function editCommandFrom(cmd: EditCommandName, ctx: CommandContext): EditCommand {
  const { positionals: args, options } = ctx;
  const path: BlockPath = { virtual: options.virtual, server: options.server };
  switch (cmd) {
    case 'set':
      if (!args.length) throw new UsageError('missing KEY=VALUE', cmd);
      return { kind: 'set', path, pairs: args.map((a) => parsePair(a, cmd)) };
    case 'unset':
      if (!args.length) throw new UsageError('missing KEY', cmd);
      return { kind: 'unset', path, keys: args };
    case 'add': {
      const n = noun(cmd, ctx);
      if (args.length < 2) throw new UsageError(`missing NAME`, cmd);
      const pairs = args.slice(2).map((a) => parsePair(a, cmd));
      return { kind: 'add', path: n === 'virtual' ? {} : { virtual: options.virtual }, name: args[1], pairs };
    }
    case 'delete': {
      const n = noun(cmd, ctx);
      exactly(cmd, args.slice(1), 1, 'NAME');
      return { kind: 'delete', path: n === 'virtual' ? { virtual: args[1] } : { virtual: options.virtual, server: args[1] } };
    }
    case 'rename': {
      const n = noun(cmd, ctx);
      exactly(cmd, args.slice(1), 2, args.length < 2 ? 'OLD and NEW names' : 'NEW name');
      const p = n === 'virtual' ? { virtual: args[1] } : { virtual: options.virtual, server: args[1] };
      return { kind: 'rename', path: p, newName: args[2] };
    }
    case 'enable':
    case 'disable': {
      const n = noun(cmd, ctx);
      exactly(cmd, args.slice(1), 1, 'NAME');
      const p = n === 'virtual' ? { virtual: args[1] } : { virtual: options.virtual, server: args[1] };
      return { kind: 'activate', path: p, active: cmd === 'enable' };
    }
  }
}

export function runEdit(cmd: EditCommandName, ctx: CommandContext): Promise<ExitCode> {
  const edit = editCommandFrom(cmd, ctx);
  if (ctx.options.server !== undefined && (cmd === 'add' || cmd === 'delete' || cmd === 'rename' || cmd === 'enable' || cmd === 'disable')) {
    throw new UsageError(`${cmd} takes the server's name as an argument, not --server`, cmd);
  }
  return commitChange(
    {
      compute: (current) => print(applyEdit(parse(current), edit, ctx.options.force)),
      serial: touchesSerial(edit) ? 'keep' : 'bump',
    },
    ctx.paths,
    ctx.options,
    ctx.deps,
  );
}
