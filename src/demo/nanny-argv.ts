// nanny's argument list exactly as lvsd builds it (spec lvs-cf.md §4, lvsd.c startClientMonitor):
//   nanny -c -h RIP -p VPORT -r RPORT [-f MARK] [-u] [-e PROG] [-s SEND] [-x EXPECT] [-q] [--regex]
//         [-v] -a REENTRY -I /sbin/ipvsadm -t TIMEOUT -w WEIGHT -V VIP -M m|g|i [-U LOADCMD]
//         [--nodaemon] --lvs
// --nodaemon is always there: lvsd reads each nanny's "[ active ]"/"[inactive]" lines through a pipe.

import type { RealServer, VirtualServer } from '../config/model';

const METHOD: Record<string, string> = { nat: 'm', direct: 'g', tunnel: 'i' };

export function nannyArgv(network: string, v: VirtualServer, s: RealServer): string[] {
  const get = (key: string): string | null => v.settings.get(key)?.value ?? null;
  const argv = ['/usr/sbin/nanny', '-c', '-h', s.address, '-p', v.port, '-r', s.port || v.port];
  if (v.fwmark > 0) argv.push('-f', String(v.fwmark));
  if (v.protocol === 'udp') argv.push('-u');
  const prog = get('send_program');
  const send = get('send');
  const expect = get('expect');
  if (prog) argv.push('-e', prog);
  if (send) argv.push('-s', send);
  if (expect) argv.push('-x', expect);
  if (get('quiesce_server') === '1') argv.push('-q');
  if (get('use_regex') === '1') argv.push('--regex');
  argv.push('-a', get('reentry') ?? '15', '-I', '/sbin/ipvsadm', '-t', get('timeout') ?? '10', '-w', String(s.weight), '-V', v.vip ?? '', '-M', METHOD[network] ?? 'm');
  const load = get('load_monitor');
  if (load && load !== 'none') argv.push('-U', load);
  argv.push('--nodaemon', '--lvs');
  return argv;
}
