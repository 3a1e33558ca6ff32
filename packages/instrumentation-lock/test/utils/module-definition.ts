import { diag, DiagLogLevel } from '@opentelemetry/api';
import type { InstrumentationModuleDefinition } from '@opentelemetry/instrumentation';
import { afterEach } from 'vitest';
import { LockInstrumentation } from '../../src';

/** The module definition the instrumentation gives for `name`, from a disabled instance. */
export function definitionOf(name: string): InstrumentationModuleDefinition {
  const instrumentation = new LockInstrumentation({ webLocks: false, enabled: false });
  const defs = (
    instrumentation as unknown as { getModuleDefinitions(): InstrumentationModuleDefinition[] }
  ).getModuleDefinitions();
  return defs.find((d) => d.name === name)!;
}

/** The diag errors said from now on, emptied after each test (how an integration reports a mismatch). */
export function captureDiagErrors(): string[] {
  const errors: string[] = [];
  const ignore = () => {};
  diag.setLogger(
    { error: (m: string) => errors.push(m), warn: ignore, info: ignore, debug: ignore, verbose: ignore },
    DiagLogLevel.ERROR,
  );
  afterEach(() => {
    errors.length = 0;
  });
  return errors;
}
