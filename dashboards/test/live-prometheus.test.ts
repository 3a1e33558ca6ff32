// Path (a), the default: Prometheus 3 scrapes statewatch's embedded endpoint of a real OTel process
// that records every registry metric, loads the generated rule file, and then answers every panel
// query, every variable query, every rule expression and every Grafana alert query (checks in
// test/utils/dashboard-queries.ts). The OTLP and collector paths: test/e2e-paths.test.ts.
import { afterAll, beforeAll, describe } from 'vitest';
import { loadPrometheusRules } from '../src';
import { describeEveryQuery, waitForRecordingRules } from '../../test/utils/dashboard-queries';
import { startEmitter, type Emitter } from '../../test/utils/emitter';
import { freePort } from '../../test/utils/ports';
import { requirePrometheus } from '../../test/utils/prometheus-binary';
import { startPrometheus, type PrometheusServer } from '../../test/utils/prometheus-server';

const available = requirePrometheus('live-Prometheus query test');

describe.skipIf(!available)('(a) embedded endpoint scraped by Prometheus 3: every query returns data', () => {
  let emitter: Emitter | undefined;
  let prometheus: PrometheusServer | undefined;

  beforeAll(async () => {
    emitter = await startEmitter({ port: await freePort() });
    prometheus = await startPrometheus({
      port: await freePort(),
      scrapeTargets: [`127.0.0.1:${emitter.port}`],
      ruleFiles: [loadPrometheusRules().path],
      scrapeInterval: '1s',
    });
    await waitForRecordingRules(prometheus);
  }, 90_000);

  afterAll(async () => {
    await prometheus?.stop();
    await emitter?.stop();
  });

  describeEveryQuery(() => prometheus!, { statewatchCollector: false });
});
