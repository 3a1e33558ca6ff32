// The naming rule against the cases of github.com/prometheus/otlptranslator v1.0.0
// (metric_namer_test.go, label_namer_test.go), which Prometheus v0.316.0 runs on OTLP input.
import { describe, expect, it } from 'vitest';
import { prometheusMetricName, toPrometheusLabel, type PrometheusNamingKind } from '../src';

describe('the OTel → Prometheus naming rule (underscore escaping with suffixes)', () => {
  it.each<[string, string, PrometheusNamingKind, string]>([
    ['simple_metric', '', 'gauge', 'simple_metric'],
    ['metric@with#special$chars', '', 'gauge', 'metric_with_special_chars'],
    ['123metric', '', 'gauge', '_123metric'],
    ['metric@@##$$name', '', 'gauge', 'metric_name'],
    ['requests', '', 'counter', 'requests_total'],
    ['cpu_usage', '1', 'gauge', 'cpu_usage_ratio'],
    ['items', '1', 'counter', 'items_total'],
    ['response_time', 'ms', 'gauge', 'response_time_milliseconds'],
    ['memory_usage', 'By', 'gauge', 'memory_usage_bytes'],
    ['requests', '1/s', 'gauge', 'requests_per_second'],
    ['throughput', 'By/s', 'gauge', 'throughput_bytes_per_second'],
    ['custom_metric', 'custom_unit', 'gauge', 'custom_metric_custom_unit'],
    ['custom_metric', '{custom}', 'gauge', 'custom_metric'],
    ['custom_metric', 'By/{custom}', 'gauge', 'custom_metric_bytes'],
    ['requests_total', '', 'counter', 'requests_total'],
    ['cpu_usage_ratio', '1', 'gauge', 'cpu_usage_ratio'],
    ['response_time_seconds', 's', 'gauge', 'response_time_seconds'],
    ['cpu_seconds_total', 's', 'counter', 'cpu_seconds_total'],
    ['otelcol_process_cpu_seconds', 's', 'counter', 'otelcol_process_cpu_seconds_total'],
    [
      'metric__with__multiple__underscores',
      'unit__multiple__underscores',
      'gauge',
      'metric_with_multiple_underscores_unit_multiple_underscores',
    ],
    ['custom_metric', 'unit@with#special/chars', 'gauge', 'custom_metric_unit_with_special_per_chars'],
    ['http.server.request.duration', 's', 'histogram', 'http_server_request_duration_seconds'],
    ['statewatch.lock.waiter.count', '{waiter}', 'updowncounter', 'statewatch_lock_waiter_count'],
    ['ratio.of.things', '1', 'updowncounter', 'ratio_of_things'],
  ])('%s [%s] %s → %s', (name, unit, kind, expected) => {
    expect(prometheusMetricName(name, unit, kind)).toBe(expected);
  });

  it.each([
    ['http.method', 'http_method'],
    ['lock.contended', 'lock_contended'],
    ['123invalid', 'key_123invalid'],
    ['a..b', 'a_b'],
  ])('label %s → %s', (attribute, label) => {
    expect(toPrometheusLabel(attribute)).toBe(label);
  });
});
