import pLimit = require('p-limit');
import type { CallSites } from './call-sites';
import type { Level } from './options';
import type { ReportBuilder } from './report';
import { sleep } from './sleep';

/** Exports the warehouse runs at once. */
const EXPORT_SLOTS = 2;
/** Mean export time; with the build inside the slot, each slot ~5% busy at normal, ~35% at high (22 reports/s). */
const EXPORT_MS: Record<Level, number> = { off: 0, low: 1, normal: 2, high: 20 };

/**
 * Report requests queue behind p-limit: the warehouse takes two exports at a time, so reports
 * wait for a free slot (a limiter's wait) and hold it while their export runs.
 */
export class ReportQueue {
  private readonly limit: pLimit.Limit | undefined;
  private readonly exportMs: number;

  constructor(
    private readonly reports: ReportBuilder,
    sites: CallSites,
    locks: Level,
  ) {
    this.exportMs = EXPORT_MS[locks];
    this.limit = locks === 'off' ? undefined : sites.nameLock(pLimit(EXPORT_SLOTS), 'warehouse-export');
  }

  async build(seed: number): Promise<ReturnType<ReportBuilder['build']>> {
    const run = async () => {
      await sleep(this.exportMs * (0.5 + Math.random()));
      return this.reports.build(seed);
    };
    return this.limit ? this.limit(run) : run();
  }
}
