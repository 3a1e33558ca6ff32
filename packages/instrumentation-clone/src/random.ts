/*
 * The sampler's own random numbers. Never Math.random: an app that seeds or replaces it (tests
 * with a fixed sequence, simulations) must get the same sequence with statewatch loaded.
 */
const imul = Math.imul;

/** A small private PRNG (SplitMix32): uniform numbers in [0, 1), independent of `Math.random`. */
export class PrivateRandom {
  private state: number;

  constructor(seed: number = nextSeed()) {
    this.state = seed | 0;
  }

  next(): number {
    let z = (this.state = (this.state + 0x9e3779b9) | 0);
    z = imul(z ^ (z >>> 16), 0x85ebca6b);
    z = imul(z ^ (z >>> 13), 0xc2b2ae35);
    return ((z ^ (z >>> 16)) >>> 0) / 4294967296;
  }
}

/*
 * Fixed seeds, a different stream per generator: sampling only has to be independent of the
 * program's call pattern, and a fixed seed keeps runs under `node --predictable` (instruction
 * counts) repeatable.
 */
let seedCounter = 0x5bd1e995;
function nextSeed(): number {
  seedCounter = (seedCounter + 0x6d2b79f5) | 0;
  return seedCounter;
}
