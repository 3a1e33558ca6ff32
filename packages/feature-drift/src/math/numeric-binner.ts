import { MISSING_BIN, numericBin } from './binning';

/** Grid cells per edge: enough that a cell of quantile edges holds one edge or none. */
const CELLS_PER_EDGE = 8;
/** Memory bound of the grid (16 KiB a feature); with far more edges, binary search takes over. */
const MAX_CELLS = 4096;
/** The grid is used only when no cell holds more edges than this (else binary search). */
const MAX_EDGES_PER_CELL = 4;

/**
 * The request-path form of `numericBin`: the same bin for every value, found faster.
 *
 * A binary search over random values mispredicts a branch at about every level (~35 ns for 10
 * bins here). Instead a uniform grid over `[e1, eK]` maps a value to a starting bin in one
 * multiply and one typed-array read; a scan of one or two steps in either direction then lands
 * on the exact bin (the scan is correct from any start, so rounding in the grid cannot change
 * a result). Edges too uneven for the grid (a cell with more than `MAX_EDGES_PER_CELL` edges)
 * fall back to binary search, so the worst case stays logarithmic.
 */
export class NumericBinner {
  private readonly edges: Float64Array;
  private readonly last: number;
  private readonly first: number;
  private readonly scale: number;
  private readonly cells: number;
  /** `start[c]`: bin of the lower end of grid cell `c`; empty when the grid is not used. */
  private readonly start: Int32Array;

  constructor(edges: readonly number[]) {
    this.edges = Float64Array.from(edges);
    const k = edges.length;
    this.first = k > 0 ? edges[0] : 0;
    this.last = k;
    this.cells = Math.min(CELLS_PER_EDGE * k, MAX_CELLS);
    const scale = this.cells / (k > 0 ? edges[k - 1] - edges[0] : 0);
    this.start = usableGrid(edges, this.cells, scale) ?? new Int32Array(0);
    this.scale = this.start.length > 0 ? scale : 0;
  }

  /** How `bin` finds a bin (for tests and the bench). */
  get strategy(): 'grid' | 'binary search' {
    return this.scale === 0 ? 'binary search' : 'grid';
  }

  /** Number of edges `e <= value`; `MISSING_BIN` for anything but a finite number. */
  bin(value: unknown): number {
    if (typeof value !== 'number' || value - value !== 0) return MISSING_BIN; // NaN and ±Infinity
    const edges = this.edges;
    if (this.scale === 0) return numericBin(edges, value);
    if (value < this.first) return 0;
    const x = (value - this.first) * this.scale;
    let bin = x < this.cells ? this.start[x | 0] : this.last;
    while (bin > 0 && edges[bin - 1] > value) bin--;
    while (bin < this.last && edges[bin] <= value) bin++;
    return bin;
  }
}

/** The grid's start bins, or `undefined` when the edges do not suit a grid. */
function usableGrid(edges: readonly number[], cells: number, scale: number): Int32Array | undefined {
  if (edges.length < 2 || !Number.isFinite(scale) || !(scale > 0)) return undefined;
  const start = new Int32Array(cells);
  for (let c = 0; c < cells; c++) start[c] = numericBin(edges, edges[0] + c / scale);
  const endOf = (c: number) => (c + 1 < cells ? start[c + 1] : edges.length);
  for (let c = 0; c < cells; c++) if (endOf(c) - start[c] > MAX_EDGES_PER_CELL) return undefined;
  return start;
}
