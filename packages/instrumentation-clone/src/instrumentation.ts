import { InstrumentationBase } from '@opentelemetry/instrumentation';
import type { InstrumentationNodeModuleDefinition } from '@opentelemetry/instrumentation';
import { DEFAULT_ATTRIBUTE_VALUE_LIMIT } from '@statewatch/semconv';
import { libraryDefinitions } from './libraries';
import { patchStructuredClone, unpatchStructuredClone } from './integrations/structured-clone';
import type { Gate } from './measure';
import { PACKAGE_NAME, PACKAGE_VERSION } from './names';
import { cloneMetrics, DEFAULT_SIZE_SAMPLE_RATE } from './recording';
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
 * patched are measured with `measureClone` and the typed helpers.
 */
export class CloneInstrumentation extends InstrumentationBase<CloneInstrumentationConfig> {
  // Set lazily: the base constructor calls init(), enable() and _updateMetricInstruments()
  // before this class's field initializers run.
  declare private _gate: Gate | undefined;

  constructor(config: CloneInstrumentationConfig = {}) {
    super(PACKAGE_NAME, PACKAGE_VERSION, { ...DEFAULT_CONFIG, ...config });
  }

  override setConfig(config: CloneInstrumentationConfig = {}): void {
    const merged = { ...DEFAULT_CONFIG, ...config };
    cloneMetrics.configure(merged);
    super.setConfig(merged);
  }

  protected init(): InstrumentationNodeModuleDefinition[] {
    return libraryDefinitions(this.gate());
  }

  override enable(): void {
    this.gate().on = true;
    super.enable();
    cloneMetrics.bind(this, this.meter);
    if (this.getConfig().structuredClone !== false) patchStructuredClone(this.gate());
  }

  override disable(): void {
    this.gate().on = false;
    unpatchStructuredClone();
    super.disable();
    cloneMetrics.flush();
    cloneMetrics.release(this);
  }

  protected override _updateMetricInstruments(): void {
    if (this._gate?.on) cloneMetrics.bind(this, this.meter);
  }

  private gate(): Gate {
    return (this._gate ??= { on: false });
  }
}
