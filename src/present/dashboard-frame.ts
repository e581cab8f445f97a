// What the dashboard shows in one refresh, as plain data: the screen only draws it. Health is
// carried by words (UP, RAMPING, QUIESCED, DOWN, ...) as well as by a level, so it reads without
// colour (NO_COLOR, monochrome terminals).

export type Level = 'ok' | 'warn' | 'bad' | 'info';

export interface DashboardRow {
  /** cells, in the order of DashboardFrame.columns */
  readonly cells: readonly string[];
  readonly level: Level;
  /** the service this row belongs to (rows of its real servers share it), for selection */
  readonly serviceId: string;
  /** true for a service's own row, false for its real servers */
  readonly isService: boolean;
  /** a real server's row: its index in its service's servers (absent for service rows and notes) */
  readonly serverIndex?: number;
  /** the service's index in the view (serviceOf), absent for notes */
  readonly serviceIndex?: number;
}

export interface DashboardFrame {
  /** first line: product, DEMO label, router, time of the sample */
  readonly header: string;
  /** second line: role, pulse, IPVS state */
  readonly status: string;
  readonly statusLevel: Level;
  readonly columns: readonly { readonly title: string; readonly width: number }[];
  /** the rows built: all of them, or only a window of the (filtered) table */
  readonly rows: readonly DashboardRow[];
  /** the table row rows[0] is (0 when all are built), and how many rows the table has (absent: rows are all) */
  readonly rowsTop?: number;
  readonly rowsTotal?: number;
  /** every service the filter keeps, in table order: arrow keys move through these (absent: those in rows) */
  readonly serviceIds?: readonly string[];
  /** the service the sparklines follow, or 'all services' */
  readonly seriesTitle: string;
  /** connections/s and bytes/s (in+out) history, oldest first */
  readonly cps: readonly number[];
  readonly bps: readonly number[];
  readonly processes: readonly string[];
  readonly logs: readonly string[];
}
