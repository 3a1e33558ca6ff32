export { GcInstrumentation } from './instrumentation';
export type { AllocationSource, GcInstrumentationConfig } from './types';
