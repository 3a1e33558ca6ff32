/** Smallest double greater than `x` (for the two edges of a constant column). */
export function nextUp(x: number): number {
  if (x === Number.MAX_VALUE) return x;
  if (x === 0) return Number.MIN_VALUE;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigInt64(0);
  view.setBigInt64(0, x > 0 ? bits + 1n : bits - 1n);
  return view.getFloat64(0);
}

/**
 * Bin edges from the quantiles of a reference sample, frozen at baseline time.
 *
 * Candidate edge `i` (1 … bins−1) is the sorted value at rank `ceil(i·n/bins)`, so about
 * `i/bins` of the sample lies below it. A candidate is kept only when it is greater than the
 * smallest value and than the previous edge. Every edge is a value of the sample, so each bin
 * `[e_i, e_{i+1})` holds at least `e_i` and `(-inf, e_1)` holds the minimum: ties merge bins,
 * they never make empty or duplicate ones. When every candidate ties with the minimum, the one
 * edge is the smallest value above the minimum. A constant column `c` gets edges
 * `[c, nextUp(c)]`: below, equal, above (its two open ends are the only empty reference bins).
 *
 * @param sorted finite values in ascending order, at least one.
 */
export function quantileEdges(sorted: ArrayLike<number>, bins: number): number[] {
  const n = sorted.length;
  if (n === 0) throw new RangeError('cannot bin an empty sample');
  if (!Number.isInteger(bins) || bins < 2) throw new RangeError(`bins must be an integer >= 2 (got ${bins})`);
  const min = sorted[0];
  const edges: number[] = [];
  for (let i = 1; i < bins; i++) {
    const rank = Math.min(n - 1, Math.ceil((i * n) / bins));
    const candidate = sorted[rank];
    const previous = edges.length > 0 ? edges[edges.length - 1] : min;
    if (candidate > previous) edges.push(candidate);
  }
  if (edges.length === 0) {
    // Every candidate tied with the minimum: split at the next distinct value, if there is one.
    for (let i = 1; i < n; i++) if (sorted[i] > min) return [sorted[i]];
    const above = nextUp(min);
    return above > min ? [min, above] : [min];
  }
  return edges;
}
