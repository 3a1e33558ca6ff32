/*
 * The sampler's own random numbers. Never Math.random: an app that seeds or replaces it (tests
 * with a fixed sequence, simulations) must get the same sequence with statewatch loaded.
 */
const hrtime = process.hrtime;
const imul = Math.imul;

/** A small private PRNG (SplitMix32): uniform numbers in [0, 1), independent of `Math.random`. */
export class PrivateRandom {
  private state: number;

  constructor(seed: number = seedFromClock()) {
    this.state = seed | 0;
  }

  next(): number {
    let z = (this.state = (this.state + 0x9e3779b9) | 0);
    z = imul(z ^ (z >>> 16), 0x85ebca6b);
    z = imul(z ^ (z >>> 13), 0xc2b2ae35);
    return ((z ^ (z >>> 16)) >>> 0) / 4294967296;
  }
}

function seedFromClock(): number {
  const t = hrtime(); // indexed, not destructured: no array iterator (which an app may replace)
  return (t[0]! * 1_000_003) ^ t[1]! ^ (process.pid << 16);
}
