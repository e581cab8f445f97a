// Command-line parsing (pure). Options may come before or after the command; `--opt VALUE` and
// `--opt=VALUE` both work; `--` ends the options.

import { UsageError } from './errors';
import { CommandName, isCommandName } from './usage';

export interface Options {
  readonly config?: string;
  readonly root?: string;
  /** remote mode: the router as user@host[:port], reached over SSH */
  readonly host?: string;
  /** remote mode: every path on the far side taken under this directory, as --root does locally */
  readonly remoteRoot?: string;
  readonly virtual?: string;
  readonly server?: string;
  readonly format?: string;
  /** export --format keepalived: the directory the files go to */
  readonly out?: string;
  /** apply: the lvs.cf to apply instead of the one on disk */
  readonly from?: string;
  /** status: seconds between the two samples rates are measured over */
  readonly interval?: string;
  /** test-check: seconds for each check's connect and read instead of the virtual's timeout */
  readonly timeout?: string;
  /** sync: the backup as user@host[:port] instead of the sidecar's or lvs.cf's */
  readonly to?: string;
  /** realserver-setup: sysctl | arptables | iptables; systemd | rhel6; the real server's interface; the real server to apply on */
  readonly method?: string;
  readonly platform?: string;
  readonly device?: string;
  readonly apply?: string;
  readonly dryRun: boolean;
  readonly force: boolean;
  readonly help: boolean;
  readonly version: boolean;
  readonly json: boolean;
  /** status, dashboard, tui: run on the simulated demo router */
  readonly demo: boolean;
  /** tui: open every screen read-only */
  readonly readOnly: boolean;
  /** apply: no questions */
  readonly yes: boolean;
  /** apply: reload or restart pulse afterwards */
  readonly reload: boolean;
  readonly restart: boolean;
  /** apply: sync the backup afterwards without asking */
  readonly sync?: boolean;
  /** status: add the other router's drift and role */
  readonly peer?: boolean;
}

export interface ParsedArgs {
  readonly command: CommandName | null;
  readonly positionals: readonly string[];
  readonly options: Options;
}

type ValueOption = 'config' | 'root' | 'virtual' | 'server' | 'format' | 'from' | 'interval' | 'to' | 'host' | 'remoteRoot' | 'timeout' | 'method' | 'platform' | 'device' | 'apply' | 'out';
type FlagOption = 'dryRun' | 'force' | 'help' | 'version' | 'json' | 'yes' | 'reload' | 'restart' | 'demo' | 'sync' | 'peer' | 'readOnly';

const VALUE_OPTIONS: Record<string, ValueOption> = {
  '--config': 'config',
  '--root': 'root',
  '--host': 'host',
  '--remote-root': 'remoteRoot',
  '--virtual': 'virtual',
  '--server': 'server',
  '--format': 'format',
  '--from': 'from',
  '--interval': 'interval',
  '--to': 'to',
  '--timeout': 'timeout',
  '--method': 'method',
  '--platform': 'platform',
  '--device': 'device',
  '--apply': 'apply',
  '--out': 'out',
};
const FLAG_OPTIONS: Record<string, FlagOption> = {
  '--dry-run': 'dryRun',
  '--force': 'force',
  '--help': 'help',
  '-h': 'help',
  '--version': 'version',
  '-V': 'version',
  '--json': 'json',
  '--yes': 'yes',
  '-y': 'yes',
  '--reload': 'reload',
  '--restart': 'restart',
  '--demo': 'demo',
  '--sync': 'sync',
  '--peer': 'peer',
  '--read-only': 'readOnly',
};

/** Options each command takes besides the common ones (--config --root --dry-run --force --help --version). */
const COMMAND_OPTIONS: Record<CommandName, readonly (ValueOption | FlagOption)[]> = {
  check: ['json'],
  print: [],
  list: ['json'],
  get: ['virtual', 'server'],
  set: ['virtual', 'server'],
  unset: ['virtual', 'server'],
  add: ['virtual'],
  delete: ['virtual'],
  rename: ['virtual'],
  enable: ['virtual'],
  disable: ['virtual'],
  export: ['format', 'out'],
  import: ['yes'],
  history: [],
  restore: [],
  plan: ['from', 'json'],
  apply: ['from', 'yes', 'reload', 'restart', 'sync'],
  pulse: ['yes'],
  server: ['virtual', 'server', 'yes'],
  status: ['json', 'interval', 'demo', 'peer'],
  sync: ['to', 'yes', 'restart'],
  dashboard: ['interval', 'demo'],
  tui: ['demo', 'readOnly'],
  'test-check': ['virtual', 'server', 'json', 'timeout', 'demo'],
  'realserver-setup': ['virtual', 'method', 'platform', 'device', 'json', 'apply', 'yes'],
  help: [],
};

const OPTION_NAME: Record<ValueOption | FlagOption, string> = {
  config: '--config', root: '--root', host: '--host', remoteRoot: '--remote-root', virtual: '--virtual', server: '--server', format: '--format', from: '--from', interval: '--interval', to: '--to', timeout: '--timeout', method: '--method', platform: '--platform', device: '--device', apply: '--apply', out: '--out',
  dryRun: '--dry-run', force: '--force', help: '--help', version: '--version', json: '--json',
  yes: '--yes', reload: '--reload', restart: '--restart', demo: '--demo', sync: '--sync', peer: '--peer', readOnly: '--read-only',
};

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const values: Partial<Record<ValueOption, string>> = {};
  const flags: Record<FlagOption, boolean> = { dryRun: false, force: false, help: false, version: false, json: false, yes: false, reload: false, restart: false, demo: false, sync: false, peer: false, readOnly: false };
  const seen: Array<ValueOption | FlagOption> = [];
  const words: string[] = [];
  let endOfOptions = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (endOfOptions || !a.startsWith('-') || a === '-') {
      words.push(a);
      continue;
    }
    if (a === '--') {
      endOfOptions = true;
      continue;
    }
    const eq = a.indexOf('=');
    const name = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    const inline = a.startsWith('--') && eq > 0 ? a.slice(eq + 1) : undefined;
    const v = VALUE_OPTIONS[name];
    if (v) {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new UsageError(`option ${name} needs a value`);
      if (value === '') throw new UsageError(`option ${name} needs a non-empty value`);
      if (values[v] !== undefined) throw new UsageError(`option ${name} given twice`);
      values[v] = value;
      seen.push(v);
      continue;
    }
    const f = FLAG_OPTIONS[name];
    if (f && inline === undefined) {
      flags[f] = true;
      seen.push(f);
      continue;
    }
    if (f) throw new UsageError(`option ${name} takes no value`);
    throw new UsageError(`unknown option ${name}`);
  }
  let command: CommandName | null = null;
  if (words.length) {
    const c = words[0];
    if (!isCommandName(c)) throw new UsageError(`unknown command "${c}"`);
    command = c;
  }
  if (command) {
    const allowed = COMMAND_OPTIONS[command];
    for (const o of seen) {
      const common = o === 'config' || o === 'root' || o === 'host' || o === 'remoteRoot' || o === 'dryRun' || o === 'force' || o === 'help' || o === 'version';
      if (!common && !allowed.includes(o)) throw new UsageError(`option ${OPTION_NAME[o]} does not apply to ${command}`, command);
    }
  } else if (values.virtual !== undefined || values.server !== undefined || values.format !== undefined || flags.json) {
    throw new UsageError('missing command');
  } else {
    // no command opens the TUI: only its options apply
    for (const o of seen) {
      const common = o === 'config' || o === 'root' || o === 'host' || o === 'remoteRoot' || o === 'help' || o === 'version';
      if (!common && !COMMAND_OPTIONS.tui.includes(o)) throw new UsageError(`option ${OPTION_NAME[o]} needs a command`);
    }
  }
  if (values.server !== undefined && values.virtual === undefined) throw new UsageError('--server needs --virtual (the real server\'s virtual server)', command);
  if (values.remoteRoot !== undefined && values.host === undefined && values.apply === undefined) throw new UsageError('--remote-root needs --host (use --root for this machine)', command);
  if (values.remoteRoot !== undefined && values.host !== undefined && values.apply !== undefined) throw new UsageError('--remote-root with both --host and --apply: say which machine it is for by leaving out one', command);
  if (values.host !== undefined && values.root !== undefined) throw new UsageError('--root is for this machine: with --host, use --remote-root', command);
  if (values.remoteRoot !== undefined && !values.remoteRoot.startsWith('/')) throw new UsageError(`--remote-root takes an absolute path on the router (not "${values.remoteRoot}")`, command);
  if (values.host !== undefined && values.config !== undefined && !values.config.startsWith('/')) throw new UsageError(`with --host, --config takes an absolute path on the router (not "${values.config}")`, command);
  return { command, positionals: words.slice(1), options: { ...values, ...flags } };
}
