import { spawnSync } from 'node:child_process';
import { metrics } from '@opentelemetry/api';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { parsePrometheusText } from '../../../test/utils/prometheus-text';
import { registerStatewatchMetrics, type StatewatchHandle } from '../src';

const inCI = process.env.CI === 'true';
const hasPromtool = spawnSync('sh', ['-c', 'command -v promtool']).status === 0;

describe('registerStatewatchMetrics (prom-client interop)', () => {
  let handle: StatewatchHandle | undefined;
  afterEach(async () => {
    await handle?.shutdown();
    handle = undefined;
  });

  it('serves prom-client default metrics and statewatch metrics in one valid response', async () => {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    handle = await registerStatewatchMetrics(registry, {
      instrumentations: { gc: false, lock: false, clone: false },
    });
    metrics
      .getMeter('interop-test')
      .createHistogram('interop.latency', { unit: 's' })
      .record(0.02, { route: '/a' });

    const text = await registry.metrics();
    const exposition = parsePrometheusText(text);
    expect(exposition.types.get('process_cpu_user_seconds_total')).toBe('counter');
    expect(exposition.types.get('nodejs_heap_size_used_bytes')).toBe('gauge');
    expect(exposition.types.get('interop_latency_seconds')).toBe('histogram');
    expect(exposition.samples.find((s) => s.name === 'interop_latency_seconds_count')?.value).toBe(1);
    const names = [...exposition.types.keys()];
    expect(new Set(names).size).toBe(names.length); // no metric family twice

    // A real Prometheus parser: promtool exits 1 on a parse error (3 only for lint advice).
    if (!hasPromtool && !inCI) return;
    const check = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    expect(check.error, 'promtool must be installed in CI').toBeUndefined();
    expect(check.stderr + check.stdout).not.toMatch(/parsing error/);
    expect([0, 3]).toContain(check.status);
  });

  it('restores the registry on shutdown', async () => {
    const registry = new Registry();
    const original = registry.metrics;
    handle = await registerStatewatchMetrics(registry, {
      instrumentations: { gc: false, lock: false, clone: false },
    });
    expect(registry.metrics).not.toBe(original);
    await handle.shutdown();
    handle = undefined;
    expect(registry.metrics).toBe(original);
  });
});
