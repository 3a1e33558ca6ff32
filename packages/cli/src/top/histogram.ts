/** One cumulative histogram bucket: observations `<= le`. */
export interface Bucket {
  le: number;
  count: number;
}

/**
 * The q-quantile of a histogram by linear interpolation inside the bucket it falls in, as
 * Prometheus' `histogram_quantile` does; the highest finite bound when it falls in `+Inf`.
 * `undefined` when there are no observations.
 */
export function bucketQuantile(q: number, buckets: readonly Bucket[]): number | undefined {
  const sorted = [...buckets].sort((a, b) => a.le - b.le);
  const total = sorted.at(-1)?.count ?? 0;
  if (!(total > 0)) return undefined;
  const rank = q * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const bucket of sorted) {
    if (bucket.count >= rank) {
      if (bucket.le === Infinity) return lowerBound;
      const inBucket = bucket.count - lowerCount;
      if (inBucket <= 0) return bucket.le;
      return lowerBound + ((bucket.le - lowerBound) * (rank - lowerCount)) / inBucket;
    }
    lowerBound = bucket.le;
    lowerCount = bucket.count;
  }
  return lowerBound;
}
