// Which real server a running nanny watches, read back from the argument list lvsd gave it
// (spec lvs-cf.md §4; lvsd.c startClientMonitor builds it in this order):
//
//   nanny -c -h RIP -p VPORT -r RPORT [-f MARK] [-u] [-e PROG] [-s SEND] [-x EXPECT] [-q] [--regex]
//         [-v] -a REENTRY -I /sbin/ipvsadm -t TIMEOUT -w WEIGHT -V VIP -M m|g|i [-U LOADCMD]
//         [--nodaemon] --lvs
//
// nanny parses with popt, so an admin starting one by hand may also write `-p80` or `--opt=value`;
// those are accepted too. Anything not understood is kept in `problems`, never thrown: the process
// list must show a nanny even when its arguments are odd.

export type NannyMethod = 'nat' | 'direct' | 'tunnel';

export interface NannyTarget {
  /** -V: the virtual IP */
  readonly vip: string | null;
  /** -p: the virtual port */
  readonly port: number | null;
  /** -h: the real server's address */
  readonly rip: string | null;
  /** -r: the real server's port (nanny falls back to -p without it) */
  readonly rport: number | null;
  /** -f: the firewall mark of a fwmark service, else null */
  readonly fwmark: number | null;
  /** -u: UDP; lvsd never passes anything for TCP */
  readonly protocol: 'tcp' | 'udp';
  /** -M m|g|i */
  readonly method: NannyMethod | null;
  /** -w: the configured weight nanny ramps up to */
  readonly weight: number | null;
  /** -t: seconds between checks (and the check's own timeout) */
  readonly timeout: number | null;
  /** -a: seconds of good checks before a failed server comes back */
  readonly reentry: number | null;
  /** -q: quiesce (weight 0) instead of removing a failed server */
  readonly quiesce: boolean;
  readonly regex: boolean;
  readonly sendProgram: string | null;
  readonly send: string | null;
  readonly expect: string | null;
  /** -U: rup, ruptime, or the rsh/ssh command for `load_monitor = uptime` */
  readonly loadMonitor: string | null;
  /** -I: the ipvsadm nanny runs */
  readonly ipvsadm: string | null;
  /** --lvs (lvsd's nannies) vs --fos (failover services) */
  readonly mode: 'lvs' | 'fos' | null;
  readonly verbose: boolean;
  readonly nodaemon: boolean;
  /** arguments that could not be understood, for the admin (never fatal) */
  readonly problems: readonly string[];
}

type ValueKey = 'vip' | 'port' | 'rip' | 'rport' | 'fwmark' | 'method' | 'weight' | 'timeout' | 'reentry' | 'sendProgram' | 'send' | 'expect' | 'loadMonitor' | 'ipvsadm';
type FlagKey = 'udp' | 'quiesce' | 'regex' | 'verbose' | 'nodaemon' | 'lvs' | 'fos' | 'check';

const SHORT_VALUE: Record<string, ValueKey> = {
  h: 'rip', p: 'port', r: 'rport', f: 'fwmark', e: 'sendProgram', s: 'send', x: 'expect',
  a: 'reentry', I: 'ipvsadm', t: 'timeout', w: 'weight', V: 'vip', M: 'method', U: 'loadMonitor',
};
const SHORT_FLAG: Record<string, FlagKey> = { c: 'check', u: 'udp', q: 'quiesce', v: 'verbose' };
// nanny.c's popt table names (nanny.8); lvsd itself only uses --regex, --nodaemon and --lvs
const LONG_VALUE: Record<string, ValueKey> = {
  host: 'rip', port: 'port', rport: 'rport', fwmark: 'fwmark', 'send-program': 'sendProgram', send: 'send', expect: 'expect',
  reentry: 'reentry', ipvsadm: 'ipvsadm', timeout: 'timeout', weight: 'weight', virtaddress: 'vip', method: 'method', 'load-monitor': 'loadMonitor',
};
const LONG_FLAG: Record<string, FlagKey> = {
  check: 'check', udp: 'udp', quiesce: 'quiesce', regex: 'regex', verbose: 'verbose', nodaemon: 'nodaemon', lvs: 'lvs', fos: 'fos',
};

function number(text: string): number | null {
  // strtol(…, 0) in nanny: decimal, 0x hex, 0 octal
  const t = text.trim();
  if (/^[+]?\d+$/.test(t)) return /^0\d/.test(t) ? parseInt(t, 8) : parseInt(t, 10);
  if (/^0x[0-9a-f]+$/i.test(t)) return parseInt(t.slice(2), 16);
  return null;
}

const METHODS: Record<string, NannyMethod> = { m: 'nat', g: 'direct', i: 'tunnel' };

/** Reads nanny's arguments (argv[0] included or not: a leading word that is not an option is skipped). */
export function parseNannyArgs(argv: readonly string[]): NannyTarget {
  const values: Partial<Record<ValueKey, string>> = {};
  const flags = new Set<FlagKey>();
  const problems: string[] = [];
  const start = argv.length && !argv[0].startsWith('-') ? 1 : 0;
  const take = (key: ValueKey, value: string | undefined, name: string) => {
    if (value === undefined) problems.push(`${name} has no value`);
    else values[key] = value;
  };
  for (let i = start; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
      const v = LONG_VALUE[name];
      if (v) take(v, eq > 0 ? a.slice(eq + 1) : argv[++i], `--${name}`);
      else if (LONG_FLAG[name] && eq < 0) flags.add(LONG_FLAG[name]);
      else problems.push(`unknown argument ${a}`);
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      // a cluster of flags (-cq) or one option with its value attached (-p80)
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        const v = SHORT_VALUE[c];
        if (v) {
          take(v, j + 1 < a.length ? a.slice(j + 1) : argv[++i], `-${c}`);
          break;
        }
        const f = SHORT_FLAG[c];
        if (f) flags.add(f);
        else {
          problems.push(`unknown argument ${a}`);
          break;
        }
      }
      continue;
    }
    problems.push(`unexpected argument ${JSON.stringify(a)}`);
  }
  const num = (key: ValueKey): number | null => {
    const s = values[key];
    if (s === undefined) return null;
    const n = number(s);
    if (n === null) problems.push(`${key} is not a number: ${JSON.stringify(s)}`);
    return n;
  };
  const methodText = values.method;
  const method = methodText === undefined ? null : (METHODS[methodText] ?? null);
  if (methodText !== undefined && method === null) problems.push(`unknown forwarding method -M ${methodText}`);
  const fwmark = num('fwmark');
  return {
    vip: values.vip ?? null,
    port: num('port'),
    rip: values.rip ?? null,
    rport: num('rport'),
    fwmark: fwmark === 0 ? null : fwmark,
    protocol: flags.has('udp') ? 'udp' : 'tcp',
    method,
    weight: num('weight'),
    timeout: num('timeout'),
    reentry: num('reentry'),
    quiesce: flags.has('quiesce'),
    regex: flags.has('regex'),
    sendProgram: values.sendProgram ?? null,
    send: values.send ?? null,
    expect: values.expect ?? null,
    loadMonitor: values.loadMonitor ?? null,
    ipvsadm: values.ipvsadm ?? null,
    mode: flags.has('lvs') ? 'lvs' : flags.has('fos') ? 'fos' : null,
    verbose: flags.has('verbose'),
    nodaemon: flags.has('nodaemon'),
    problems,
  };
}

/** "TCP 10.0.0.10:80 -> 10.0.1.11:80" or "FWM 100 -> 10.0.1.21:80", for the process list. */
export function describeNannyTarget(t: NannyTarget): string {
  const rport = t.rport ?? t.port;
  const real = `${t.rip ?? '?'}:${rport ?? '?'}`;
  const svc = t.fwmark !== null ? `FWM ${t.fwmark}` : `${t.protocol.toUpperCase()} ${t.vip ?? '?'}:${t.port ?? '?'}`;
  return `${svc} -> ${real}`;
}
