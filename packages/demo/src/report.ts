import { LEVELS, type Level } from './options';

interface Row {
  day: number;
  region: string;
  orders: number;
  revenue: number;
  label: string;
}

/**
 * An allocation-heavy report: builds thousands of short-lived rows per request (young-generation
 * garbage) and keeps the last reports in a cache that is constantly replaced, so old-generation
 * objects die too and major GCs have a live set to mark (GC pressure).
 */
export class ReportBuilder {
  private readonly rowsPerReport: number;
  private readonly cache: Row[][] = [];
  private readonly cacheSize: number;
  private next = 0;

  constructor(gc: Level) {
    this.rowsPerReport = Math.round(4000 * LEVELS[gc]);
    // The kept reports are the live set that every major GC marks again.
    this.cacheSize = Math.round(25 * LEVELS[gc]);
  }

  build(seed: number): { rows: number; revenue: number; topRegion: string } {
    const rows: Row[] = [];
    for (let i = 0; i < this.rowsPerReport; i++) {
      const region = `region-${(seed + i) % 17}`;
      rows.push({
        day: i % 31,
        region,
        orders: (i * 13) % 97,
        revenue: ((i * 7) % 1000) / 10,
        label: `${region}/${i}`,
      });
    }
    const byRegion = new Map<string, number>();
    for (const row of rows) byRegion.set(row.region, (byRegion.get(row.region) ?? 0) + row.revenue);
    const sorted = [...byRegion.entries()].sort((a, b) => b[1] - a[1]);
    if (this.cacheSize > 0) {
      this.cache[this.next] = rows;
      this.next = (this.next + 1) % this.cacheSize;
    }
    return {
      rows: rows.length,
      revenue: sorted.reduce((a, [, v]) => a + v, 0),
      topRegion: sorted[0]?.[0] ?? '',
    };
  }
}
