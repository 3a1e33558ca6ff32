import { describe, expect, it } from 'vitest';
import { freePort } from '../../../test/utils/ports';
import { resolveOptions } from '../src';
import { rejection } from './config-rejection';
import { runApp } from './run-app';

describe('environment per the OpenTelemetry configuration spec', () => {
  describe('booleans are case-insensitive', () => {
    it.each(['TRUE', 'True', 'true'])('OTEL_SDK_DISABLED=%s keeps statewatch off', async (value) => {
      const port = await freePort();
      const run = await runApp('busy-app.cjs', ['--require', '@statewatch/node/register'], {
        STATEWATCH_PROMETHEUS_PORT: String(port),
        OTEL_SDK_DISABLED: value,
        APP_RUN_MS: '400',
        PROBE_URL: `http://127.0.0.1:${port}/metrics`,
      });
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.stdout).toContain('probe: unreachable');
    });

    it('a value neither true nor false is read as false (statewatch starts), and said once', async () => {
      const port = await freePort();
      const run = await runApp('busy-app.cjs', ['--require', '@statewatch/node/register'], {
        STATEWATCH_PROMETHEUS_PORT: String(port),
        OTEL_SDK_DISABLED: 'yes',
        APP_RUN_MS: '400',
        PROBE_URL: `http://127.0.0.1:${port}/metrics`,
      });
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('probe: 200');
      expect(run.stderr).toBe('statewatch: OTEL_SDK_DISABLED="yes" is not true or false; read as false\n');
    });
  });

  describe('endpoint URLs are validated, never replaced by localhost:4318', () => {
    it.each([
      ['OTEL_EXPORTER_OTLP_ENDPOINT', 'collector:4318'],
      ['OTEL_EXPORTER_OTLP_ENDPOINT', 'not a url'],
      ['OTEL_EXPORTER_OTLP_METRICS_ENDPOINT', 'ftp://collector/v1/metrics'],
      ['OTEL_EXPORTER_OTLP_METRICS_ENDPOINT', '/v1/metrics'],
    ])('%s=%s is a ConfigError naming the variable', (name, value) => {
      const err = rejection({ OTEL_METRICS_EXPORTER: 'otlp', [name]: value });
      expect(err.variable).toBe(name);
      expect(err.message).toBe(
        `${name}=${JSON.stringify(value)}: expected an absolute http:// or https:// URL`,
      );
    });

    it('the otlp.url option is checked too, and named as the option', () => {
      expect(rejection({}, { exporters: ['otlp'], otlp: { url: 'localhost' } }).variable).toBe('otlp.url');
    });

    it('the base endpoint gets v1/metrics appended; the per-signal one is used as is', () => {
      const url = (env: Record<string, string>) =>
        resolveOptions({}, { OTEL_METRICS_EXPORTER: 'otlp', ...env }).otlp.url;
      expect(url({})).toBe('http://localhost:4318/v1/metrics');
      expect(url({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' })).toBe('http://c:4318/v1/metrics');
      expect(url({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://p:9090/api/v1/otlp/' })).toBe(
        'http://p:9090/api/v1/otlp/v1/metrics',
      );
      expect(
        url({
          OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318',
          OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'https://m/x',
        }),
      ).toBe('https://m/x');
    });

    it('an OTLP variable is not checked while the otlp exporter is off (it may be for traces)', () => {
      expect(resolveOptions({}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }).exporters).toEqual([
        'prometheus',
      ]);
    });
  });

  describe('integers are strict', () => {
    it.each(['0x6396', '25e3', '9464.0', '9464ms', ' ', '1_000'])(
      'STATEWATCH_PROMETHEUS_PORT=%j',
      (value) => {
        if (value.trim() === '') {
          expect(resolveOptions({}, { STATEWATCH_PROMETHEUS_PORT: value }).prometheus.port).toBe(9464);
          return;
        }
        const err = rejection({ STATEWATCH_PROMETHEUS_PORT: value });
        expect(err.message).toBe(
          `STATEWATCH_PROMETHEUS_PORT=${JSON.stringify(value)}: expected a whole number from 0 to 65535`,
        );
      },
    );

    it.each([
      ['OTEL_METRIC_EXPORT_INTERVAL', '6e4'],
      ['OTEL_EXPORTER_OTLP_TIMEOUT', '0x10'],
      ['OTEL_EXPORTER_OTLP_METRICS_TIMEOUT', '1.5'],
      ['STATEWATCH_ATTRIBUTE_VALUE_LIMIT', '2e2'],
    ])('%s=%s is rejected', (name, value) => {
      expect(rejection({ OTEL_METRICS_EXPORTER: 'otlp', [name]: value }).variable).toBe(name);
    });

    it('accepts plain decimal digits, with surrounding spaces', () => {
      const o = resolveOptions(
        {},
        { STATEWATCH_PROMETHEUS_PORT: ' 25494 ', OTEL_METRIC_EXPORT_INTERVAL: '60000' },
      );
      expect(o.prometheus.port).toBe(25494);
      expect(o.otlp.exportIntervalMillis).toBe(60000);
    });
  });

  describe('an empty list is unset', () => {
    it.each(['', ' ', ',', ' , '])('OTEL_METRICS_EXPORTER=%j gives the default exporter', (value) => {
      expect(resolveOptions({}, { OTEL_METRICS_EXPORTER: value }).exporters).toEqual(['prometheus']);
    });

    it('OTEL_METRICS_EXPORTER=none still turns every exporter off', () => {
      expect(resolveOptions({}, { OTEL_METRICS_EXPORTER: 'none' }).exporters).toEqual([]);
    });
  });

  describe('host errors name the host', () => {
    it.each(['local host', 'http://0.0.0.0', 'bad_host!', '::1::2'])(
      'STATEWATCH_PROMETHEUS_HOST=%j',
      (value) => {
        const err = rejection({ STATEWATCH_PROMETHEUS_HOST: value });
        expect(err.message).toBe(
          `STATEWATCH_PROMETHEUS_HOST=${JSON.stringify(value)}: expected an IP address or a host name`,
        );
      },
    );

    it('accepts IPv4, IPv6 and host names', () => {
      for (const host of ['0.0.0.0', '::1', 'localhost', 'metrics.internal']) {
        expect(resolveOptions({}, { STATEWATCH_PROMETHEUS_HOST: host }).prometheus.host).toBe(host);
      }
    });

    it('an address this machine does not have is blamed on STATEWATCH_PROMETHEUS_HOST, not the port', async () => {
      const run = await runApp('busy-app.cjs', ['--require', '@statewatch/node/register'], {
        STATEWATCH_PROMETHEUS_HOST: '192.0.2.1', // TEST-NET-1: never assigned to a host
        STATEWATCH_PROMETHEUS_PORT: String(await freePort()),
        APP_RUN_MS: '300',
      });
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('app finished its work');
      const lines = run.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^statewatch: cannot serve metrics on 192\.0\.2\.1:\d+ \(no such address on this machine\); set STATEWATCH_PROMETHEUS_HOST/,
      );
      expect(lines[0]).not.toContain('STATEWATCH_PROMETHEUS_PORT');
    });
  });
});
