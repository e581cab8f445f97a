// Health in words as well as a level: per service from its real servers, for the table as a whole,
// and for the router once its role is known (a standby router with no services is healthy; a lone
// router with no services is down). Levels: ok, degraded (some capacity lost), down (nothing
// serves), unknown (the state could not be read).

import type { IpvsUnavailable } from './ipvs-types';
import type { MergedServer, MergedService } from './merge';
import type { RouterRole } from './router-role';

export type Health = 'ok' | 'degraded' | 'down' | 'unknown';

export interface Verdict {
  readonly health: Health;
  readonly summary: string;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** What a live service's health is judged from: its real servers counted by state. */
export interface ServerTally {
  /** configured, active servers lvs.cf wants in the table (up, ramping, down, quiesced, unknown) */
  wanted: number;
  /** up or ramping */
  serving: number;
  ramping: number;
  /** down or quiesced */
  failing: number;
  /** the sorry server is in the table */
  sorry: boolean;
  /** servers added by hand with a weight above 0 */
  extra: number;
}

export function emptyTally(): ServerTally {
  return { wanted: 0, serving: 0, ramping: 0, failing: 0, sorry: false, extra: 0 };
}

/** Counts one server into t (liveWeight: its weight in the table, for unconfigured ones). */
export function tallyServer(t: ServerTally, state: MergedServer['state'], liveWeight: number | null): void {
  switch (state) {
    case 'up':
      t.wanted++;
      t.serving++;
      break;
    case 'ramping':
      t.wanted++;
      t.serving++;
      t.ramping++;
      break;
    case 'down':
    case 'quiesced':
      t.wanted++;
      t.failing++;
      break;
    case 'unknown':
      t.wanted++;
      break;
    case 'sorry':
      t.sorry = true;
      break;
    case 'unconfigured':
      if ((liveWeight ?? 0) > 0) t.extra++;
      break;
    default:
      break;
  }
}

/** The health level alone (what judgeTally says, without making its reason). */
export function tallyHealth(t: ServerTally): Health {
  if (t.wanted === 0) return t.extra > 0 ? 'degraded' : 'down';
  if (t.serving === 0) return t.extra > 0 ? 'degraded' : 'down';
  if (t.failing > 0) return 'degraded';
  if (t.serving < t.wanted) return 'unknown';
  return 'ok';
}

/** A live service's health, and why, from its servers' tally. */
export function judgeTally(t: ServerTally): { health: Health; reason: string } {
  const { wanted, serving, ramping, failing, sorry, extra } = t;
  const rampNote = ramping ? `, ${ramping} ramping up` : '';
  if (wanted === 0) {
    if (extra > 0) return { health: 'degraded', reason: `no active real server in lvs.cf; ${plural(extra, 'real server')} added by hand serve` };
    return { health: 'down', reason: sorry ? 'no active real server in lvs.cf; the sorry server answers' : 'no active real server in lvs.cf' };
  }
  if (serving === 0) {
    if (extra > 0) return { health: 'degraded', reason: `none of ${plural(wanted, 'real server')} up; ${plural(extra, 'real server')} added by hand serve` };
    return { health: 'down', reason: `none of ${plural(wanted, 'real server')} up${sorry ? ': the sorry server answers' : ''}` };
  }
  if (failing > 0) return { health: 'degraded', reason: `${serving} of ${plural(wanted, 'real server')} up (${failing} down or quiesced)${rampNote}` };
  if (serving < wanted) return { health: 'unknown', reason: `${serving} of ${plural(wanted, 'real server')} up; the others cannot be matched` };
  return { health: 'ok', reason: `${serving} of ${plural(wanted, 'real server')} up${rampNote}` };
}

/** A live service's health from its real servers' states. */
export function judgeServers(servers: readonly MergedServer[]): { health: Health; reason: string } {
  const t = emptyTally();
  for (const s of servers) tallyServer(t, s.state, s.weight.live);
  return judgeTally(t);
}

/** The table's health from the services lvs.cf wants running (inactive and unconfigured ones do not count). */
export function judgeView(services: readonly Pick<MergedService, 'health' | 'state'>[], unavailable: IpvsUnavailable | null): Verdict {
  if (unavailable && unavailable.reason !== 'not-loaded') return { health: 'unknown', summary: `the IPVS table could not be read: ${unavailable.message}` };
  const judged = services.filter((s) => s.health !== null);
  if (judged.length === 0) return { health: 'ok', summary: 'no active virtual server in lvs.cf' };
  const count = (h: Health) => judged.filter((s) => s.health === h).length;
  const down = count('down');
  const degraded = count('degraded');
  const unknown = count('unknown');
  const missing = judged.filter((s) => s.state === 'missing').length;
  const total = plural(judged.length, 'active virtual server');
  if (missing === judged.length) {
    return { health: 'down', summary: unavailable ? `IPVS is not loaded: none of ${total} is in the table` : `none of ${total} is in the IPVS table` };
  }
  if (down === judged.length) return { health: 'down', summary: judged.length === 1 ? 'the 1 active virtual server is down' : `all ${total} are down` };
  const parts: string[] = [];
  if (down) parts.push(`${down} down`);
  if (degraded) parts.push(`${degraded} degraded`);
  if (unknown) parts.push(`${unknown} unknown`);
  if (down || degraded) return { health: 'degraded', summary: `${total}: ${parts.join(', ')}` };
  if (unknown) return { health: 'unknown', summary: `${total}: ${parts.join(', ')}` };
  return { health: 'ok', summary: `all ${total} up` };
}

/**
 * The router's health: the table's, seen through its role. On the standby the services are
 * expected to be missing; a router with no backup and no VIPs up is not a standby, it is down;
 * VIPs only partly up is an alarm whatever the table says.
 */
export function judgeRouter(
  view: { readonly health: Health; readonly summary: string; readonly services: readonly MergedService[]; readonly counts?: { readonly services: Readonly<Record<MergedService['state'], number>> } },
  role: RouterRole,
): Verdict {
  // a live service is always judged: the count says it without making every service's rows
  const live = view.counts ? view.counts.services.live : view.services.filter((s) => s.health !== null && s.state === 'live').length;
  const asIs: Verdict = { health: view.health, summary: view.summary };
  switch (role.role) {
    case 'standby':
      if (!role.redundancy) return { health: 'down', summary: `no VIP is up and lvs.cf has no backup router: pulse is not running here (${view.summary})` };
      if (view.health === 'unknown') return asIs;
      return { health: 'ok', summary: live ? `standby (${role.which}): VIPs are on the other router; ${live} services are in the table here anyway` : `standby (${role.which}): the services run on the active router` };
    case 'partial':
      return { health: view.health === 'down' ? 'down' : 'degraded', summary: `only some VIPs are up on this router (${role.reason}); ${view.summary}` };
    case 'active':
    case 'unknown':
      return asIs;
  }
}
