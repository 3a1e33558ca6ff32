import { metrics } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../../test/utils/ports';
import { parsePrometheusText } from '../../../test/utils/prometheus-text';
import { ConfigError, resolveOptions, startStatewatch, type StatewatchHandle } from '../src';

describe('startStatewatch', () => {
  let handle: StatewatchHandle | undefined;
  afterEach(async () => {
    await handle?.shutdown();
    handle = undefined;
  });

  it('serves /metrics on the chosen loopback port and stops on shutdown', async () => {
    const port = await freePort();
    handle = await startStatewatch({ serviceName: 'orders', prometheus: { port } });
    expect(handle.metricsUrl).toBe(`http://127.0.0.1:${port}/metrics`);
    metrics.getMeter('start-test').createCounter('orders.placed').add(2);
    const exposition = parsePrometheusText(await fetch(handle.metricsUrl!).then((r) => r.text()));
    expect(exposition.samples.find((s) => s.name === 'orders_placed_total')?.value).toBe(2);
    expect(exposition.samples.find((s) => s.name === 'target_info')?.labels.service_name).toBe('orders');
    await handle.shutdown();
    handle = undefined;
    await expect(fetch(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow();
  });
});

describe('resolveOptions', () => {
  it('fills defaults: prometheus on 127.0.0.1:9464/metrics', () => {
    const o = resolveOptions({}, {});
    expect(o.exporters).toEqual(['prometheus']);
    expect(o.prometheus).toEqual({ host: '127.0.0.1', port: 9464, endpoint: '/metrics' });
    expect(o.attributeValueLimit).toBe(200);
  });

  it('reads OTEL_METRICS_EXPORTER as a list, and none means no exporter', () => {
    expect(resolveOptions({}, { OTEL_METRICS_EXPORTER: 'otlp, prometheus' }).exporters).toEqual([
      'otlp',
      'prometheus',
    ]);
    expect(resolveOptions({}, { OTEL_METRICS_EXPORTER: 'none' }).exporters).toEqual([]);
  });

  it('lets code options win over the environment', () => {
    const o = resolveOptions({ prometheus: { port: 1234 } }, { STATEWATCH_PROMETHEUS_PORT: '5678' });
    expect(o.prometheus.port).toBe(1234);
  });

  it('turns instrumentations off with STATEWATCH_DISABLED_INSTRUMENTATIONS', () => {
    const o = resolveOptions({}, { STATEWATCH_DISABLED_INSTRUMENTATIONS: 'gc,clone' });
    expect(o.instrumentations).toEqual({ gc: false, clone: false });
  });

  it.each([
    ['OTEL_METRICS_EXPORTER', 'zipkin', /unknown exporter 'zipkin'/],
    ['STATEWATCH_PROMETHEUS_PORT', '70000', /whole number from 0 to 65535/],
    ['STATEWATCH_ATTRIBUTE_VALUE_LIMIT', '0', /whole number from 1/],
    ['STATEWATCH_DISABLED_INSTRUMENTATIONS', 'gc,locks', /unknown instrumentation 'locks'/],
    ['STATEWATCH_PROMETHEUS_ENDPOINT', 'metrics', /must start with '\/'/],
  ])('rejects %s=%s, naming the variable and value', (name, value, reason) => {
    let error: unknown;
    try {
      resolveOptions({}, { [name]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain(`${name}=${JSON.stringify(value)}`);
    expect((error as ConfigError).message).toMatch(reason);
  });

  it('lists unknown STATEWATCH_* variables as problems', () => {
    const problems: string[] = [];
    resolveOptions({}, { STATEWATCH_PORT: '1' }, problems);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('STATEWATCH_PORT');
  });
});
