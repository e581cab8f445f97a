// The merge with lvs.cf and `lvs-tui status --json` on a big router: 10,000 virtual services x 10
// real servers, all in lvs.cf and in a generated /proc/net/ip_vs (one real server in ten quiesced,
// one missing, every 50th service missing). Times mergeLive in process (warm, median of runs) and
// `status --json` as a whole process on a temp root (node's start-up included). Targets (issue 4):
// parse + merge + rates per tick under 40 ms (the merge's share is printed here; the parsers' and
// rates' in monitor-bench), `status --json` under 0.5 s.
//
//   npx tsc -p . && node dist/bench/status-bench.js

import { performance } from 'node:perf_hooks';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildModel } from '../src/config/model';
import { parse } from '../src/config/parse';
import { IpvsSample } from '../src/monitor/ipvs-types';
import { mergeLive } from '../src/monitor/merge';
import { scanProcIpvs } from '../src/monitor/scan-proc-columns';
import { sampleFromColumns } from '../src/monitor/sample';
import { median, timeProcess } from './measure';

const SERVICES = Number(process.env.BENCH_SERVICES ?? 10000) || 10000;
const SERVERS = 10;
const RUNS = 15;

const hex = (n: number, w: number) => n.toString(16).toUpperCase().padStart(w, '0');
const quad = (n: number) => `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
const pad = (s: string, n: number) => s.padEnd(n);

function generate(): { cf: string; ipvs: string } {
  const cf: string[] = ['serial_no = 1', 'primary = 192.0.2.1', 'service = lvs', 'network = direct'];
  const ipvs: string[] = ['IP Virtual Server version 1.2.1 (size=4096)', 'Prot LocalAddress:Port Scheduler Flags', '  -> RemoteAddress:Port Forward Weight ActiveConn InActConn'];
  for (let s = 0; s < SERVICES; s++) {
    const vip = 0x0a000001 + s;
    cf.push(`virtual v${s} {`, '     active = 1', `     address = ${quad(vip)} eth0:${s % 100}`, '     port = 80', '     scheduler = wlc', '     protocol = tcp');
    if (s % 50 !== 7) ipvs.push(`TCP  ${hex(vip, 8)}:0050 wlc  `);
    for (let d = 0; d < SERVERS; d++) {
      const rip = 0xac100000 + s * 16 + d;
      cf.push(`     server r${d} {`, `         address = ${quad(rip)}`, '         active = 1', '         weight = 10', '     }');
      if (s % 50 === 7 || d === 9) continue;
      const weight = d === 8 ? 0 : 10;
      ipvs.push(`  -> ${hex(rip, 8)}:0050      ${pad('Route', 7)} ${pad(String(weight), 6)} ${pad(String(d), 10)} ${pad('3', 10)}`);
    }
    cf.push('}');
  }
  return { cf: cf.join('\n') + '\n', ipvs: ipvs.join('\n') + '\n' };
}

function main(): void {
  const { cf, ipvs } = generate();
  const config = buildModel(parse(Buffer.from(cf)));
  const sample: IpvsSample = sampleFromColumns({ at: 0, unavailable: null, version: '1.2.1', connTabSize: 4096, total: null, totalRate: null, source: 'proc', notes: [] }, scanProcIpvs(ipvs).columns);
  const ms: number[] = [];
  let view = mergeLive(config, sample);
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    view = mergeLive(config, sample);
    ms.push(performance.now() - t0);
  }
  console.log(`mergeLive (states, counts, health), ${SERVICES} services x ${SERVERS} real servers: median ${median(ms).toFixed(1)} ms, min ${Math.min(...ms).toFixed(1)} ms (${view.counts.servers.up} up, ${view.counts.servers.quiesced} quiesced, ${view.counts.servers.down} down, ${view.counts.services.missing} services missing)`);
  const all: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    mergeLive(config, sample).services.length;
    all.push(performance.now() - t0);
  }
  console.log(`mergeLive + every service object made (what status --json reads): median ${median(all).toFixed(1)} ms, min ${Math.min(...all).toFixed(1)} ms`);

  const root = mkdtempSync(join(tmpdir(), 'lvs-tui-status-bench-'));
  try {
    mkdirSync(join(root, 'proc', 'net'), { recursive: true });
    mkdirSync(join(root, 'etc', 'sysconfig', 'ha'), { recursive: true });
    writeFileSync(join(root, 'proc', 'net', 'ip_vs'), ipvs);
    writeFileSync(join(root, 'etc', 'sysconfig', 'ha', 'lvs.cf'), cf);
    writeFileSync(join(root, 'etc', 'sysconfig', 'ha', 'lvs-tui.yaml'), 'pulse:\n  manager: command\n  status: [/bin/true]\n  reload: [/bin/true]\n  restart: [/bin/true]\n');
    const bin = join(__dirname, '..', '..', 'bin', 'lvs-tui');
    const t = timeProcess(process.execPath, [bin, '--root', root, 'status', '--json'], 5);
    console.log(`lvs-tui status --json as a process on that router: median ${t.medianMs.toFixed(0)} ms, min ${t.minMs.toFixed(0)} ms (target < 500 ms; exit ${t.status})`);
  } finally {
    // BENCH_KEEP_ROOT=1 keeps the generated router for profiling `status` by hand
    if (process.env.BENCH_KEEP_ROOT) console.log(`root kept: ${root}`);
    else rmSync(root, { recursive: true, force: true });
  }
}

main();
