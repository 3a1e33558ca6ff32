import { describe, expect, it } from 'vitest';
import { parsePrometheusText, sumSamples } from '../../../test/utils/prometheus-text';
import { getStatewatchInstrumentations } from '../src';
import { runApp } from './run-app';

describe('getStatewatchInstrumentations in a user-built NodeSDK', () => {
  it('returns the gc, lock and clone instrumentations, and leaves out the ones set to false', () => {
    const names = getStatewatchInstrumentations().map((i) => i.instrumentationName);
    expect(names).toEqual([
      '@statewatch/instrumentation-gc',
      '@statewatch/instrumentation-lock',
      '@statewatch/instrumentation-clone',
    ]);
    for (const i of getStatewatchInstrumentations()) i.disable();
    const some = getStatewatchInstrumentations({ gc: false, clone: false });
    expect(some.map((i) => i.instrumentationName)).toEqual(['@statewatch/instrumentation-lock']);
    some.forEach((i) => i.disable());
  });

  it('records locks, clones and GCs through the NodeSDK MeterProvider', async () => {
    const run = await runApp('nodesdk-app.cjs', ['--expose-gc'], {
      OTEL_TRACES_EXPORTER: 'none',
      OTEL_LOGS_EXPORTER: 'none',
    });
    expect(run.code, run.stderr).toBe(0);
    const exposition = parsePrometheusText(run.stdout);
    expect(sumSamples(exposition, 'statewatch_lock_acquisitions_total', { lock_kind: 'mutex' })).toBe(3);
    expect(sumSamples(exposition, 'statewatch_clone_duration_count', { clone_strategy: 'rfdc' })).toBe(3);
    expect(
      sumSamples(exposition, 'statewatch_clone_duration_count', { clone_strategy: 'structured_clone' }),
    ).toBe(1);
    expect(sumSamples(exposition, 'statewatch_gc_pause_duration_count')).toBeGreaterThanOrEqual(1);
  });

  it('in producer mode serves locks and clones on StatewatchPrometheusReader given metricProducersOf (the README recipe)', async () => {
    const run = await runApp('nodesdk-producer-app.cjs', [], {
      OTEL_TRACES_EXPORTER: 'none',
      OTEL_LOGS_EXPORTER: 'none',
    });
    expect(run.code, run.stderr).toBe(0);
    const exposition = parsePrometheusText(run.stdout);
    expect(sumSamples(exposition, 'statewatch_lock_acquisitions_total', { lock_kind: 'mutex' })).toBe(3);
    expect(
      sumSamples(exposition, 'statewatch_clone_duration_seconds_count', { clone_strategy: 'rfdc' }),
    ).toBe(3);
  });
});
