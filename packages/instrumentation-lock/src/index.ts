export {
  LockInstrumentation,
  SUPPORTED_ASYNC_LOCK_VERSIONS,
  SUPPORTED_ASYNC_MUTEX_VERSIONS,
  SUPPORTED_ASYNC_SEMA_VERSIONS,
  SUPPORTED_BOTTLENECK_VERSIONS,
  SUPPORTED_P_LIMIT_VERSIONS,
  SUPPORTED_P_QUEUE_VERSIONS,
  SUPPORTED_REDLOCK_VERSIONS,
} from './instrumentation';
export type { LockInstrumentationConfig } from './types';
export { nameLock, lockNameOf } from './names';
export { instrumentLock, defaultOutcomeOf } from './custom';
export type { InstrumentLockOptions, OutcomeOfError } from './custom';
export { isWrapped } from './wrap';
export { DEFAULT_ATTRIBUTE_VALUE_LIMIT } from '@statewatch/semconv';
