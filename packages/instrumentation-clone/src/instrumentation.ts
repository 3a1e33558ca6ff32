import { InstrumentationBase } from '@opentelemetry/instrumentation';
import type { InstrumentationNodeModuleDefinition } from '@opentelemetry/instrumentation';
import type { MetricProducer, MetricProducerSource } from '@statewatch/instrumentation-common';
import { DEFAULT_ATTRIBUTE_VALUE_LIMIT } from '@statewatch/semconv';
import { disabledMetrics, enabledMetrics } from './current';
import { patchStructuredClone, unpatchStructuredClone } from './integrations/structured-clone';
import { libraryDefinitions } from './libraries';
import type { Gate } from './measure';
import { PACKAGE_NAME, PACKAGE_VERSION } from './names';
import { CloneMetrics, DEFAULT_SIZE_SAMPLE_RATE } from './recording';
import type { CloneInstrumentationConfig } from './types';

const DEFAULT_CONFIG = {
  attributeValueLimit: DEFAULT_ATTRIBUTE_VALUE_LIMIT,
  sizeSampleRate: DEFAULT_SIZE_SAMPLE_RATE,
  structuredClone: true,
  recording: 'sdk',
} as const satisfies CloneInstrumentationConfig;

/**
 * Measures deep copies: rfdc, klona (and its /full, /json, /lite entries), lodash's cloneDeep,
 * lodash.clonedeep, fast-copy and the global `structuredClone`, in CommonJS and ESM apps
 * (ESM needs the `@opentelemetry/instrumentation/hook.mjs` loader hook). Copies that cannot be
 * patched are measured with `measureClone` and the typed helpers. Each instance records through
 * its own recorder (`@statewatch/instrumentation-common`).
 */
export class CloneInstrumentation
  extends InstrumentationBase<CloneInstrumentationConfig>
  implements MetricProducerSource
{
  // Set lazily: the base constructor calls setConfig(), init(), enable() and
  // _updateMetricInstruments() before this class's field initializers would run.
  declare private _gate: Gate | undefined;

  constructor(config: CloneInstrumentationConfig = {}) {
    super(PACKAGE_NAME, PACKAGE_VERSION, { ...DEFAULT_CONFIG, ...config });
  }

  override setConfig(config: CloneInstrumentationConfig = {}): void {
    const merged = { ...DEFAULT_CONFIG, ...config };
    this.gate().metrics.configure(merged);
    super.setConfig(merged);
  }

  /**
   * `recording: 'producer'`: the producer of this instance's metrics, for every metric reader
   * (`metricProducers: [instrumentation.getMetricProducer()]`). `undefined` in `sdk` mode. A
   * `setConfig` that changes `recording` or `attributeValueLimit` starts a new recorder: ask again.
   */
  getMetricProducer(): MetricProducer | undefined {
    return this.gate().metrics.recorder.metricProducer;
  }

  protected init(): InstrumentationNodeModuleDefinition[] {
    return libraryDefinitions(this.gate());
  }

  override enable(): void {
    const gate = this.gate();
    gate.on = true;
    super.enable();
    gate.metrics.bind(this.meter);
    enabledMetrics(gate.metrics);
    if (this.getConfig().structuredClone !== false) patchStructuredClone(gate);
  }

  override disable(): void {
    const gate = this.gate();
    gate.on = false;
    unpatchStructuredClone();
    super.disable();
    gate.metrics.flush();
    disabledMetrics(gate.metrics);
  }

  protected override _updateMetricInstruments(): void {
    this._gate?.metrics.bind(this.meter);
  }

  private gate(): Gate {
    return (this._gate ??= { on: false, metrics: new CloneMetrics() });
  }
}
