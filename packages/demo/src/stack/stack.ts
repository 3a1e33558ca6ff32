import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { collectorBinary, startCollector, type RunningCollector } from './collector';
import type { ManagedProcess } from './managed-process';
import { freePortOr } from '../ports';
import { prometheusBinary, startPrometheus } from './prometheus';

/** The repository root, from `src/stack` and `dist/stack` alike. */
export const REPO_ROOT = resolve(__dirname, '..', '..', '..', '..');
export const SHIPPED_RULES = join(REPO_ROOT, 'dashboards', 'rules', 'statewatch.rules.yaml');
export const SHIPPED_COLLECTOR_CONFIG = join(REPO_ROOT, 'collector', 'config.yaml');
/**
 * The demo's baseline (the content of `scoringBaseline()`), kept where the collector's shipped
 * config reads its default baseline.
 */
export const EXAMPLE_BASELINE_FILE = join(
  REPO_ROOT,
  'packages',
  'feature-drift',
  'testdata',
  'scoring-baseline.json',
);

export interface StackOptions {
  /** Alert and recording rules Prometheus evaluates. @default the shipped rules */
  rulesFile?: string;
  /** Prometheus scrape and evaluation interval. @default 5 */
  intervalSeconds?: number;
  /** The collector's fleet PSI window and buckets (default: the shipped config's) and emit interval. */
  driftWindow?: string;
  driftBuckets?: number;
  emitInterval?: string;
  /** Preferred Prometheus port (another free one when taken). @default 9090 */
  prometheusPort?: number;
  /**
   * Each in its own process group, out of reach of the terminal's Ctrl-C, so the demo can stop
   * its service (which flushes to the collector) first. @default false
   */
  ownProcessGroups?: boolean;
}

export interface Stack {
  dir: string;
  collector: RunningCollector;
  prometheus: ManagedProcess & { url: string };
  /** Stops Prometheus and the collector and removes the working directory. */
  stop(): Promise<void>;
}

/** The statewatch collector and a Prometheus with the rules, wired together on loopback. */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const dir = await mkdtemp(join(tmpdir(), 'statewatch-stack-'));
  const started: ManagedProcess[] = [];
  const stop = async () => {
    for (const p of started.reverse()) await p.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const collector = await startCollector({
      dir,
      binary: collectorBinary(REPO_ROOT),
      configFile: SHIPPED_COLLECTOR_CONFIG,
      otlpHttpPort: await freePortOr(4318),
      otlpGrpcPort: await freePortOr(4317),
      prometheusPort: await freePortOr(9465),
      telemetryPort: await freePortOr(8888),
      baselineFile: EXAMPLE_BASELINE_FILE,
      emitInterval: options.emitInterval ?? '5s',
      driftWindow: options.driftWindow,
      driftBuckets: options.driftBuckets,
      ownProcessGroup: options.ownProcessGroups,
    });
    started.push(collector);
    const prometheus = await startPrometheus({
      dir,
      port: await freePortOr(options.prometheusPort ?? 9090),
      targets: [new URL(collector.metricsUrl).host],
      rulesFile: options.rulesFile ?? SHIPPED_RULES,
      binary: prometheusBinary(REPO_ROOT),
      intervalSeconds: options.intervalSeconds ?? 5,
      ownProcessGroup: options.ownProcessGroups,
    });
    started.push(prometheus);
    return { dir, collector, prometheus, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
