// Host-name lookups before validation: in parallel, each bounded by a short timeout, so a dead DNS
// server delays `check` by at most that long. A name that does not answer in time counts as not
// resolving (pulse would have the same trouble when it starts).


export interface Resolver {
  /** name → true when it resolves */
  resolveAll(names: readonly string[]): Promise<Map<string, boolean>>;
}

export type LookupFn = (name: string, cb: (err: Error | null) => void) => void;

// node:dns is loaded on the first lookup: most commands never look anything up.
const defaultLookup: LookupFn = (name, cb) => (require('node:dns') as typeof import('node:dns')).lookup(name, { family: 4 }, (err) => cb(err));

export function dnsResolver(timeoutMs = 1500, lookup: LookupFn = defaultLookup): Resolver {
  const one = (name: string) =>
    new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      lookup(name, (err) => {
        clearTimeout(timer);
        resolve(!err);
      });
    });
  return {
    async resolveAll(names) {
      const answers = await Promise.all(names.map(one));
      return new Map(names.map((n, i) => [n, answers[i]]));
    },
  };
}
