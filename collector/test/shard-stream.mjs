// The deterministic stream of test/collector-sharded-psi.test.ts: numeric features f00, f01, …
// drawn from seeded normals. The first half is the reference population (the test builds the
// baseline from it); in the second half every third feature's mean drifts by 0.5.
import { normalSampler, seededRandom } from '@statewatch/feature-drift';

export function featureNames(count) {
  return Array.from({ length: count }, (_, i) => `f${String(i).padStart(2, '0')}`);
}

export function shardStream(features, count, seed) {
  const normal = normalSampler(seededRandom(seed));
  const stream = [];
  for (let i = 0; i < count; i++) {
    const drifted = i >= count / 2;
    const record = {};
    features.forEach((name, f) => {
      record[name] = normal() + (drifted && f % 3 === 0 ? 0.5 : 0);
    });
    stream.push(record);
  }
  return stream;
}
