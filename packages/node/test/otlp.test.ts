import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../../test/utils/ports';
import { startOtlpReceiver, type OtlpReceiver } from './otlp-receiver';
import { runApp } from './run-app';

describe('OTEL_METRICS_EXPORTER=otlp', () => {
  let receiver: OtlpReceiver | undefined;
  afterEach(async () => {
    await receiver?.close();
    receiver = undefined;
  });

  it('sends metrics as OTLP to OTEL_EXPORTER_OTLP_ENDPOINT, with OTEL_SERVICE_NAME', async () => {
    receiver = await startOtlpReceiver();
    const run = await runApp('busy-app.cjs', ['--require', '@statewatch/node/register'], {
      OTEL_METRICS_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${receiver.port}`,
      OTEL_METRIC_EXPORT_INTERVAL: '200',
      OTEL_SERVICE_NAME: 'checkout',
      APP_RUN_MS: '1200',
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(receiver.metrics.length).toBeGreaterThan(0);
    const last = receiver.metrics.at(-1)!.resourceMetrics![0];
    const serviceName = last.resource.attributes.find((a) => a.key === 'service.name');
    expect(serviceName?.value.stringValue).toBe('checkout');
    const names = last.scopeMetrics.flatMap((s) => s.metrics.map((m) => m.name));
    expect(names).toContain('fixture.requests');
  });

  it('keeps the app running and says why when the endpoint is unreachable', async () => {
    const closedPort = await freePort();
    const run = await runApp('busy-app.cjs', ['--require', '@statewatch/node/register'], {
      OTEL_METRICS_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${closedPort}`,
      OTEL_METRIC_EXPORT_INTERVAL: '200',
      APP_RUN_MS: '1500',
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('app finished its work');
    const lines = run.stderr.split('\n').filter((l) => l.startsWith('statewatch:'));
    expect(lines).toHaveLength(1); // reported once, not once per interval
    expect(lines[0]).toContain(`OTLP export to http://127.0.0.1:${closedPort}/v1/metrics failed`);
    expect(lines[0]).toMatch(/ECONNREFUSED|connect/i);
  });
});
