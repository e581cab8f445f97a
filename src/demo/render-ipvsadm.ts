// The demo's ipvsadm: its answers in ipvsadm 1.31's exact formats (spec ipvs-formats.md §2.4-§2.7,
// §2.9) computed from the demo state, and `-e` weight changes applied to the state (so live actions
// work on the demo). Pure; src/demo/fake-ipvsadm.ts is the program around it.

import type { DemoDest, DemoService, DemoState } from './demo-state';
import { ipv4ToInt } from './demo-state';
import { countConns } from './simulate';
import { IPVS_VERSION_LINE, ratesOf } from './render-proc';
import type { ForwardMethod } from '../monitor/ipvs-types';

export interface IpvsadmResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
  /** the changed state after an edit, else null */
  readonly state: DemoState | null;
}

interface Options {
  list: boolean;
  connections: boolean;
  stats: boolean;
  rate: boolean;
  exact: boolean;
  persistentConn: boolean;
  timeout: boolean;
  daemon: boolean;
  edit: boolean;
  version: boolean;
  service: { kind: 't' | 'u' | 'f'; value: string } | null;
  real: string | null;
  forward: ForwardMethod | null;
  weight: string | null;
  unknown: string[];
}

const VALUE_SHORT = new Set(['t', 'u', 'f', 'r', 'w', 's', 'p', 'M', 'x', 'y']);
const LONG: Record<string, string> = {
  '--list': 'L', '--numeric': 'n', '--connection': 'c', '--edit-server': 'e', '--tcp-service': 't', '--udp-service': 'u',
  '--fwmark-service': 'f', '--real-server': 'r', '--weight': 'w', '--masquerading': 'm', '--gatewaying': 'g', '--ipip': 'i', '--version': 'v',
};

function parseArgs(args: readonly string[]): Options {
  const o: Options = {
    list: false, connections: false, stats: false, rate: false, exact: false, persistentConn: false, timeout: false, daemon: false,
    edit: false, version: false, service: null, real: null, forward: null, weight: null, unknown: [],
  };
  // expand "-Lnc" and "-w5" into single options, long options into their short letters
  const items: { opt: string; value?: string }[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith('--')) {
      const [name, inline] = a.split('=', 2);
      const short = LONG[name];
      if (short && VALUE_SHORT.has(short)) items.push({ opt: short, value: inline ?? args[++i] });
      else items.push({ opt: short ?? name });
    } else if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const ch = a[j];
        if (VALUE_SHORT.has(ch)) {
          items.push({ opt: ch, value: j + 1 < a.length ? a.slice(j + 1) : args[++i] });
          break;
        }
        items.push({ opt: ch });
      }
    } else o.unknown.push(a);
  }
  for (const { opt, value } of items) {
    switch (opt) {
      case 'L':
      case 'l':
        o.list = true;
        break;
      case 'n':
      case '--sort':
      case '--nosort':
        break; // the demo never resolves names; order options change nothing it shows
      case 'c':
        o.connections = true;
        break;
      case '--stats':
        o.stats = true;
        break;
      case '--rate':
        o.rate = true;
        break;
      case '--exact':
        o.exact = true;
        break;
      case '--persistent-conn':
        o.persistentConn = true;
        break;
      case '--timeout':
        o.timeout = true;
        break;
      case '--daemon':
        o.daemon = true;
        break;
      case 'e':
        o.edit = true;
        break;
      case 'v':
        o.version = true;
        break;
      case 't':
      case 'u':
      case 'f':
        o.service = value === undefined ? null : { kind: opt, value };
        if (value === undefined) o.unknown.push(`-${opt}`);
        break;
      case 'r':
        o.real = value ?? null;
        break;
      case 'w':
        o.weight = value ?? null;
        break;
      case 'm':
        o.forward = 'Masq';
        break;
      case 'g':
        o.forward = 'Route';
        break;
      case 'i':
        o.forward = 'Tunnel';
        break;
      default:
        o.unknown.push(opt.length === 1 ? `-${opt}` : opt);
    }
  }
  return o;
}

const left = (v: string | number, w: number) => String(v).padEnd(w);
const right = (v: string | number, w: number) => String(v).padStart(w);

/** ipvsadm's print_largenum: exact (%*llu, width 9 or length + 1) or shortened with K/M/G/T. */
export function largenum(n: number, exact: boolean): string {
  if (exact) {
    const s = String(n);
    return right(s, s.length <= 8 ? 9 : s.length + 1);
  }
  if (n < 1e8) return right(n, 9);
  if (n < 1e9) return `${right(Math.floor(n / 1e3), 8)}K`;
  if (n < 1e11) return `${right(Math.floor(n / 1e6), 8)}M`;
  if (n < 1e14) return `${right(Math.floor(n / 1e9), 8)}G`;
  return `${right(Math.floor(n / 1e12), 8)}T`;
}

/** ipvsadm 1.29-1.31 read a real server's conns/packets/rates with nla_get_u32: the low 32 bits. */
const u32 = (n: number) => n % 2 ** 32;

/** The service comparison of libipvs ipvs_cmp_services, signed subtraction quirk included. */
function cmpServices(a: DemoService, b: DemoService): number {
  const proto = (s: DemoService) => (s.protocol === 'UDP' ? 17 : s.protocol === 'TCP' ? 6 : 0);
  return (a.fwmark - b.fwmark) || (proto(a) - proto(b)) || ((ipv4ToInt(a.address || '0.0.0.0') - ipv4ToInt(b.address || '0.0.0.0')) | 0) || a.port - b.port;
}

function cmpDests(a: DemoDest, b: DemoDest): number {
  return ((ipv4ToInt(a.address) - ipv4ToInt(b.address)) | 0) || a.port - b.port;
}

function serviceName(s: DemoService): string {
  return s.protocol === 'FWM' ? `FWM  ${s.fwmark}` : `${left(s.protocol, 4)} ${s.address}:${s.port}`;
}

function findService(state: DemoState, spec: { kind: 't' | 'u' | 'f'; value: string }): number {
  if (spec.kind === 'f') return state.services.findIndex((s) => s.protocol === 'FWM' && String(s.fwmark) === spec.value);
  const proto = spec.kind === 't' ? 'TCP' : 'UDP';
  return state.services.findIndex((s) => s.protocol === proto && `${s.address}:${s.port}` === spec.value);
}

function listing(state: DemoState, o: Options, only: number | null): string {
  const counts = countConns(state.conns);
  const out: string[] = [IPVS_VERSION_LINE(state.connTabSize)];
  if (o.stats) out.push(`${left('Prot LocalAddress:Port', 33)}    Conns   InPkts  OutPkts  InBytes OutBytes`, '  -> RemoteAddress:Port');
  else if (o.rate) out.push(`${left('Prot LocalAddress:Port', 33)}      CPS    InPPS   OutPPS    InBPS   OutBPS`, '  -> RemoteAddress:Port');
  else if (o.persistentConn) out.push(`${left('Prot LocalAddress:Port', 33)} ${left('Weight', 9)} ${left('PersistConn', 11)} ${left('ActiveConn', 10)} ${left('InActConn', 10)}`, '  -> RemoteAddress:Port');
  else out.push('Prot LocalAddress:Port Scheduler Flags', '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn');
  const order = state.services.map((svc, i) => ({ svc, i })).filter(({ i }) => only === null || i === only);
  order.sort((a, b) => cmpServices(a.svc, b.svc));
  for (const { svc, i } of order) {
    const dests = svc.dests.filter((d) => d.inTable).sort(cmpDests);
    if (o.stats) {
      const c = svc.stats.shown;
      out.push(`${left(serviceName(svc), 33)}${[c.conns, c.inpkts, c.outpkts, c.inbytes, c.outbytes].map((n) => largenum(n, o.exact)).join('')}`);
      for (const d of dests) {
        const x = d.stats.shown;
        out.push(`  -> ${left(`${d.address}:${d.port}`, 28)}${[u32(x.conns), u32(x.inpkts), u32(x.outpkts), x.inbytes, x.outbytes].map((n) => largenum(n, o.exact)).join('')}`);
      }
      continue;
    }
    if (o.rate) {
      const r = ratesOf(svc.stats.avg);
      out.push(`${left(serviceName(svc), 33)}${[r.conns, r.inpkts, r.outpkts, r.inbytes, r.outbytes].map((n) => largenum(n, o.exact)).join('')}`);
      for (const d of dests) {
        const x = ratesOf(d.stats.avg);
        // server CPS/PPS: plain %8u, never shortened; only the byte rates go through print_largenum
        out.push(`  -> ${left(`${d.address}:${d.port}`, 28)} ${right(u32(x.conns), 8)} ${right(u32(x.inpkts), 8)} ${right(u32(x.outpkts), 8)}${largenum(x.inbytes, o.exact)}${largenum(x.outbytes, o.exact)}`);
      }
      continue;
    }
    let line = `${serviceName(svc)} ${svc.scheduler}`;
    if (svc.persistentTimeout !== null) {
      line += ` persistent ${svc.persistentTimeout}`;
      if (svc.netmask !== null && svc.netmask !== '255.255.255.255') line += ` mask ${svc.netmask}`;
    }
    out.push(line);
    for (const d of dests) {
      const n = counts.get(`${i}|${d.address}`);
      if (o.persistentConn) out.push(`  -> ${left(`${d.address}:${d.port}`, 28)} ${left(d.weight, 9)} ${left(n?.persist ?? 0, 11)} ${left(n?.active ?? 0, 10)} ${left(n?.inact ?? 0, 10)}`);
      else out.push(`  -> ${left(`${d.address}:${d.port}`, 28)} ${left(d.forward, 7)} ${left(d.weight, 6)} ${left(n?.active ?? 0, 10)} ${left(n?.inact ?? 0, 10)}`);
    }
  }
  return out.join('\n') + '\n';
}

const two = (n: number) => String(n).padStart(2, '0');

function connections(state: DemoState): string {
  const out = ['IPVS connection entries', 'pro expire state       source             virtual            destination'];
  for (const c of state.conns) {
    const e = Math.max(0, Math.floor(c.expires));
    out.push(`${left(c.proto, 3)} ${left(`${two(Math.floor(e / 60))}:${two(e % 60)}`, 6)} ${left(c.state, 11)} ${left(`${c.caddr}:${c.cport}`, 18)} ${left(`${c.vaddr}:${c.vport}`, 18)} ${c.daddr}:${c.dport}`);
  }
  return out.join('\n') + '\n';
}

const fail = (message: string, code = 2): IpvsadmResult => ({ stdout: '', stderr: `${message}\n`, code, state: null });

function edit(state: DemoState, o: Options): IpvsadmResult {
  if (!o.service) return fail('ipvsadm: -e needs a service (-t, -u or -f)');
  if (!o.real) return fail('ipvsadm: -e needs a real server (-r)');
  // ipvsadm's defaults when -w or a forwarding option is left out: weight 1, direct routing
  // (an `ipvsadm -e ... -w 0` without -m really turns a NAT server into a DR one)
  const weight = o.weight === null ? 1 : /^\d+$/.test(o.weight) ? Number(o.weight) : NaN;
  if (!(weight >= 0 && weight <= 65535)) return fail('illegal weight specified');
  const si = findService(state, o.service);
  if (si < 0) return fail('Service not defined', 1);
  const svc = state.services[si];
  const m = /^(\d{1,3}(?:\.\d{1,3}){3})(?::(\d+))?$/.exec(o.real);
  if (!m) return fail('illegal real server address[:port] specified');
  const port = m[2] !== undefined ? Number(m[2]) : svc.port;
  const next: DemoState = structuredClone(state);
  const dest = next.services[si].dests.find((d) => d.inTable && d.address === m[1] && d.port === port);
  if (!dest) return fail('No such destination', 1);
  dest.weight = weight;
  dest.forward = o.forward ?? 'Route';
  return { stdout: '', stderr: '', code: 0, state: next };
}

/** Runs one ipvsadm command line against the state. */
export function runIpvsadm(state: DemoState, args: readonly string[]): IpvsadmResult {
  const o = parseArgs(args);
  if (o.unknown.length) return fail(`ipvsadm (lvs-tui demo): not simulated: ${o.unknown.join(' ')}\nThe demo answers -L/-l listings (-n, -c, --stats, --rate, --exact, --persistent-conn, --timeout, --daemon), -e and --version.`);
  if (o.version) return { stdout: 'ipvsadm v1.31 2019/12/24 (compiled with popt and IPVS v1.2.1)\n', stderr: '', code: 0, state: null };
  if (o.edit) return edit(state, o);
  if (!o.list) return fail('ipvsadm (lvs-tui demo): only listings (-L), -e and --version are simulated');
  if (o.timeout) return { stdout: 'Timeout (tcp tcpfin udp): 900 120 300\n', stderr: '', code: 0, state: null };
  if (o.daemon) return { stdout: 'master sync daemon (mcast=eth1, syncid=7, maxlen=1472, group=224.0.0.81, port=8848, ttl=1)\n', stderr: '', code: 0, state: null };
  if (o.connections) return { stdout: connections(state), stderr: '', code: 0, state: null };
  let only: number | null = null;
  if (o.service) {
    only = findService(state, o.service);
    if (only < 0) return fail('No such service', 1);
  }
  return { stdout: listing(state, o, only), stderr: '', code: 0, state: null };
}

/** The text form of an ipvsadm answer for tests and callers that want one string. */
export function renderIpvsadm(state: DemoState, args: readonly string[]): string {
  const r = runIpvsadm(state, args);
  return r.stdout + r.stderr;
}
