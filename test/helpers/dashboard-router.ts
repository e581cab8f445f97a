// A router for the dashboard's tests: lvs.cf text and a live table merged as the ticker merges
// them, and a status report around the view with the fields the dashboard reads.

import { LiveService } from '../../src/monitor/ipvs-types';
import { columnsFromServices } from '../../src/monitor/ipvs-columns';
import { MonitorView, mergeLive } from '../../src/monitor/merge';
import { sampleFromColumns } from '../../src/monitor/sample';
import { StatusReport } from '../../src/present/status-report';
import { emptySample, model } from '../monitor/merge-helpers';

export interface Router {
  readonly cf: string;
  readonly live: LiveService[];
}

export function viewOf(router: Router): MonitorView {
  const { services, columns: _c, ...fields } = { ...emptySample(), at: 1000 };
  void services;
  return mergeLive(model(router.cf), sampleFromColumns(fields, columnsFromServices(router.live)));
}

/** The fields dashboardFrame reads; the rest of a status report plays no part here. */
export function reportOf(view: MonitorView): StatusReport {
  return {
    view,
    verdict: { health: view.health, summary: view.summary },
    router: { role: 'active', which: 'primary' },
    pulse: { installed: true, running: true },
    processes: { problem: null, list: [] },
    log: { source: null, note: null, lines: [] },
  } as unknown as StatusReport;
}

/** lvs.cf with n virtuals svc0.. of three real servers rs0..rs2 each (none of them in the table). */
export function manyServices(n: number): string {
  const cf: string[] = ['primary = 192.0.2.1\nnetwork = direct\n'];
  for (let i = 0; i < n; i++) {
    cf.push(`virtual svc${i} {\n     active = 1\n     address = 10.1.${i % 250}.${1 + Math.floor(i / 250)} eth0:1\n     port = 80\n     protocol = tcp\n`);
    for (let j = 0; j < 3; j++) cf.push(`     server rs${j} {\n         address = 172.16.${i % 250}.${j + 1 + 4 * Math.floor(i / 250)}\n         active = 1\n         weight = 1\n     }\n`);
    cf.push('}\n');
  }
  return cf.join('');
}
