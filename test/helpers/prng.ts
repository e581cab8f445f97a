// A small seeded PRNG (mulberry32) for property tests: the same seed replays the same cases, so a
// failure printed with its seed can be reproduced with LVS_PROPERTY_SEED=<seed>.

export interface Rng {
  readonly seed: number;
  /** uniform in [0, 1) */
  next(): number;
  /** integer in [lo, hi] */
  int(lo: number, hi: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

export function rng(seed: number): Rng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  return {
    seed,
    next,
    int,
    pick: <T>(items: readonly T[]) => items[int(0, items.length - 1)],
    chance: (p: number) => next() < p,
  };
}

/** The run's base seed: LVS_PROPERTY_SEED when set (to replay a failure), else a fresh one. */
export function baseSeed(): number {
  const env = process.env.LVS_PROPERTY_SEED;
  if (env !== undefined && env !== '') return Number(env) >>> 0;
  return Math.floor(Math.random() * 2 ** 32) >>> 0;
}

/**
 * Runs `check` on `runs` generated cases. Case i uses seed (base + i) so each case replays alone;
 * a failure names the base seed, the case and the input.
 */
export function forAll<T>(name: string, base: number, runs: number, gen: (r: Rng) => T, check: (input: T) => void, show: (input: T) => string): void {
  for (let i = 0; i < runs; i++) {
    const seed = (base + i) >>> 0;
    const input = gen(rng(seed));
    try {
      check(input);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new Error(`${name}: case ${i} failed (reproduce with LVS_PROPERTY_SEED=${base}; case seed ${seed})\ninput: ${show(input)}\n${why}`, { cause: err });
    }
  }
}
