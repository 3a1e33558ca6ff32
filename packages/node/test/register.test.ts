import { createServer, type Server } from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../../test/utils/ports';
import { parsePrometheusText, sumSamples } from '../../../test/utils/prometheus-text';
import { runApp } from './run-app';

describe('node --import / --require @statewatch/node/register', () => {
  it.each([
    ['ESM app with --import', 'esm-app.mjs', ['--import', '@statewatch/node/register']],
    ['CJS app with --require', 'cjs-app.cjs', ['--require', '@statewatch/node/register']],
    ['CJS app with --import', 'cjs-app.cjs', ['--import', '@statewatch/node/register']],
  ])('%s exposes the Prometheus endpoint', async (_label, fixture, args) => {
    const port = await freePort();
    const run = await runApp(fixture, args, { STATEWATCH_PROMETHEUS_PORT: String(port) });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const exposition = parsePrometheusText(run.stdout);
    expect(exposition.types.get('fixture_requests_total')).toBe('counter');
    expect(exposition.samples.find((s) => s.name === 'fixture_requests_total')?.value).toBe(3);
    expect(exposition.samples.find((s) => s.name === 'target_info')?.labels.service_instance_id).toMatch(
      /^[0-9a-f-]{36}$/,
    );
  });

  // register records locks and copies in process (`recording: 'producer'`); its endpoint must
  // serve them exactly, through statewatchMetricProducer.
  it.each([
    ['ESM app with --import', 'work-app.mjs', ['--import', '@statewatch/node/register']],
    ['CJS app with --require', 'work-app.cjs', ['--require', '@statewatch/node/register']],
  ])('%s: the endpoint serves every lock acquisition and copy', async (_label, fixture, args) => {
    const port = await freePort();
    const run = await runApp(fixture, args, { STATEWATCH_PROMETHEUS_PORT: String(port) });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const exposition = parsePrometheusText(run.stdout);
    expect(exposition.types.get('statewatch_lock_wait_duration_seconds')).toBe('histogram');
    expect(sumSamples(exposition, 'statewatch_lock_acquisitions_total', { lock_kind: 'mutex' })).toBe(3);
    expect(sumSamples(exposition, 'statewatch_lock_acquisitions_total', { lock_contended: 'true' })).toBe(2);
    expect(
      sumSamples(exposition, 'statewatch_clone_duration_seconds_count', { clone_strategy: 'rfdc' }),
    ).toBe(3);
    expect(
      sumSamples(exposition, 'statewatch_clone_duration_seconds_count', {
        clone_strategy: 'structured_clone',
      }),
    ).toBe(1);
  });

  it('names a bad STATEWATCH_* value once, and the app still runs', async () => {
    const run = await runApp('busy-app.cjs', ['--require', '@statewatch/node/register'], {
      STATEWATCH_PROMETHEUS_PORT: 'ninety',
      APP_RUN_MS: '200',
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('app finished its work');
    expect(run.stderr.trim().split('\n')).toEqual([
      'statewatch: not started: STATEWATCH_PROMETHEUS_PORT="ninety": expected a whole number from 0 to 65535',
    ]);
  });

  it('names an unknown STATEWATCH_* variable', async () => {
    const port = await freePort();
    const run = await runApp('busy-app.cjs', ['--require', '@statewatch/node/register'], {
      STATEWATCH_PROMETHEUS_PORT: String(port),
      STATEWATCH_PROMETHEUS_PROT: '1',
      APP_RUN_MS: '200',
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^statewatch: unknown variable STATEWATCH_PROMETHEUS_PROT \(known: /);
  });

  it('names the port when it is in use, and the app still runs', async () => {
    const port = await freePort();
    const squatter: Server = createServer();
    await new Promise<void>((r) => squatter.listen(port, '127.0.0.1', r));
    try {
      const run = await runApp('busy-app.cjs', ['--require', '@statewatch/node/register'], {
        STATEWATCH_PROMETHEUS_PORT: String(port),
        APP_RUN_MS: '500',
      });
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('app finished its work');
      const lines = run.stderr
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('statewatch:'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`cannot serve metrics on 127.0.0.1:${port} (the port is in use)`);
    } finally {
      squatter.close();
    }
  });

  it('stays off with OTEL_SDK_DISABLED=true', async () => {
    const port = await freePort();
    const run = await runApp('busy-app.cjs', ['--require', '@statewatch/node/register'], {
      STATEWATCH_PROMETHEUS_PORT: String(port),
      OTEL_SDK_DISABLED: 'true',
      APP_RUN_MS: '100',
    });
    expect(run.code).toBe(0);
    await expect(fetch(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow();
  });
});
