// The LIVE cell of the VIRTUAL SERVERS table (pure): what the router does with a virtual server now,
// from the monitor's merge of the IPVS table with the lvs.cf pulse runs, in a few words that read
// without colour: "up 3/3", "2/3 ramping", "1/3 up", "down 0/3", "not in IPVS", "IPVS not loaded",
// "standby", "off". A virtual staged in this session but not in the file pulse runs is "not applied".

import type { MergedService } from '../monitor/merge';

export type LiveLevel = 'ok' | 'warn' | 'bad' | 'off' | 'info';

export interface LiveCell {
  readonly text: string;
  readonly level: LiveLevel;
  /** the longer story, for the help line of the selected row */
  readonly why: string;
}

export interface LiveFacts {
  /** the IPVS module is not loaded (no table at all) */
  readonly ipvsNotLoaded: boolean;
  /** this router is the standby: its services are expected to be missing */
  readonly standby: boolean;
}

/** The cell for a virtual (null: lvs.cf on disk has no virtual of that name). */
export function virtualLiveCell(svc: MergedService | null, facts: LiveFacts): LiveCell {
  if (svc === null) return { text: 'not applied', level: 'info', why: 'staged in this session; the lvs.cf pulse runs has no virtual of this name' };
  switch (svc.state) {
    case 'inactive':
      return svc.live ? { text: 'off, in IPVS', level: 'warn', why: svc.reason } : { text: 'off', level: 'off', why: svc.reason };
    case 'unknown':
      return { text: svc.key === null ? 'unmatched' : 'unreadable', level: 'info', why: svc.reason };
    case 'missing':
      if (facts.ipvsNotLoaded) return { text: 'IPVS not loaded', level: facts.standby ? 'info' : 'bad', why: svc.reason };
      if (facts.standby) return { text: 'standby', level: 'info', why: 'this router is the standby: the services run on the active one' };
      return { text: 'not in IPVS', level: 'bad', why: svc.reason };
    case 'unconfigured':
      return { text: 'unconfigured', level: 'warn', why: svc.reason };
    case 'live':
      break;
  }
  let wanted = 0;
  let serving = 0;
  let ramping = 0;
  let failing = 0;
  let sorry = false;
  for (const s of svc.servers) {
    if (s.state === 'up' || s.state === 'ramping' || s.state === 'down' || s.state === 'quiesced' || s.state === 'unknown') wanted++;
    if (s.state === 'up' || s.state === 'ramping') serving++;
    if (s.state === 'ramping') ramping++;
    if (s.state === 'down' || s.state === 'quiesced') failing++;
    if (s.state === 'sorry') sorry = true;
  }
  const n = `${serving}/${wanted}`;
  if (wanted === 0) return { text: sorry ? 'sorry only' : 'no servers', level: 'bad', why: svc.reason };
  if (serving === 0) return { text: sorry ? `down ${n} sorry` : `down ${n}`, level: 'bad', why: svc.reason };
  if (failing > 0) return { text: `${n} up`, level: 'warn', why: svc.reason };
  if (ramping > 0) return { text: `${n} ramping`, level: 'warn', why: svc.reason };
  if (serving < wanted) return { text: `${n} up?`, level: 'info', why: svc.reason };
  return { text: `up ${n}`, level: 'ok', why: svc.reason };
}
