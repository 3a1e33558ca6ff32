/** Seeded pseudo-random numbers (mulberry32): the same seed gives the same data everywhere. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws from a uniform source (Box–Muller). */
export function normalSampler(uniform: () => number): () => number {
  return () => {
    const u = 1 - uniform(); // (0, 1]: log stays finite
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
  };
}

/** Index drawn with the given probabilities (they sum to 1). */
export function categoricalSampler(uniform: () => number, probabilities: readonly number[]): () => number {
  const cumulative: number[] = [];
  let total = 0;
  for (const p of probabilities) cumulative.push((total += p));
  return () => {
    const u = uniform();
    for (let i = 0; i < cumulative.length - 1; i++) if (u < cumulative[i]) return i;
    return cumulative.length - 1;
  };
}
