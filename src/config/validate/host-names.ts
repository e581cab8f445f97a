// Values that may be host names (pulse resolves them when it starts). The caller looks them up and
// passes the answers to validate() as ValidateContext.resolved; the validator itself does no I/O.

import { LvsConfig } from '../model';

const DOTTED_QUAD = /^\d+\.\d+\.\d+\.\d+$/;
const GLOBAL_HOST_KEYS = ['primary', 'primary_private', 'backup', 'backup_private', 'primary_shared', 'backup_shared', 'nat_router'];

/** Distinct words that stand where a host name is allowed and are not dotted quads. */
export function hostNamesToResolve(config: LvsConfig): string[] {
  const names = new Set<string>();
  const add = (v: string | null | undefined) => {
    const word = v?.split(' ')[0];
    if (word && !DOTTED_QUAD.test(word) && !word.includes(':')) names.add(word);
  };
  for (const k of GLOBAL_HOST_KEYS) add(config.global.settings.get(k)?.value);
  for (const v of config.virtuals) {
    add(v.settings.get('address')?.value);
    for (const s of v.servers) add(s.settings.get('address')?.value);
  }
  return [...names];
}
