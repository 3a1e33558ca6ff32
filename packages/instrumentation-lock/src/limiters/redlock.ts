import {
  InstrumentationNodeModuleDefinition,
  InstrumentationNodeModuleFile,
} from '@opentelemetry/instrumentation';
import { checkMembers } from '../integration';
import type { LockMetrics } from '../lock-metrics';
import type { MethodWrapper } from '../wrap';
import { RedlockLeases } from './redlock-leases';
import { patchRedlockV4, redlockV4Members, REDLOCK_V4_VERSIONS, unpatchRedlockV4 } from './redlock-v4';
import { patchRedlockV5, redlockV5Members, REDLOCK_V5_VERSIONS, unpatchRedlockV5 } from './redlock-v5';

/**
 * redlock 4.2.0 and two betas of 5 (npm's `latest` is still 4.2.0). Not 4.0, 4.1 and older: they
 * call the program's Redis clients directly (see redlock-v4.ts).
 */
export const SUPPORTED_REDLOCK_VERSIONS = [REDLOCK_V4_VERSIONS, ...REDLOCK_V5_VERSIONS];
const LIBRARY = 'redlock';

/** The Redlock class of a CommonJS `module.exports`, a v5 `exports.default`, or an ESM namespace. */
function redlockClass(exports: unknown): unknown {
  if (typeof exports === 'function') return exports;
  const d = (exports as { default?: unknown } | null | undefined)?.default;
  if (typeof d === 'function') return d;
  return (d as { default?: unknown } | null | undefined)?.default; // v5's CommonJS build imported from ESM
}

const major4 = (version: string | undefined) => version?.startsWith('4.') === true;

/*
 * redlock, lock.kind `distributed_lock`: `lock.name` is the resource key (an array of keys: joined
 * by commas), user data through the name cap. What is recorded: redlock-leases.ts; how each major
 * is followed: redlock-v4.ts, redlock-v5.ts.
 */
export class RedlockIntegration {
  private leases: RedlockLeases | undefined;

  constructor(
    private readonly metrics: LockMetrics,
    private readonly wrapper: MethodWrapper,
  ) {}

  definition(): InstrumentationNodeModuleDefinition {
    const v = SUPPORTED_REDLOCK_VERSIONS;
    const patch = (exports: unknown, version?: string) => {
      const Redlock = redlockClass(exports);
      const v4 = major4(version);
      const members = v4 ? redlockV4Members(Redlock) : redlockV5Members(Redlock);
      if (checkMembers(LIBRARY, version, members)) {
        const proto = (Redlock as { prototype: object }).prototype;
        this.leases ??= new RedlockLeases(this.metrics);
        if (v4) patchRedlockV4(proto, this.leases, this.wrapper);
        else patchRedlockV5(proto, this.leases, this.wrapper);
      }
      return exports;
    };
    const unpatch = (exports: unknown, version?: string) => {
      const proto = (redlockClass(exports) as { prototype?: object } | undefined)?.prototype;
      if (proto === undefined) return;
      if (major4(version)) unpatchRedlockV4(proto, this.wrapper);
      else unpatchRedlockV5(proto, this.wrapper);
    };
    // By name, and its entry files (what import-in-the-middle names for an absolute path or file URL).
    return new InstrumentationNodeModuleDefinition(LIBRARY, v, patch, unpatch, [
      new InstrumentationNodeModuleFile(`${LIBRARY}/redlock.js`, [REDLOCK_V4_VERSIONS], patch, unpatch),
      new InstrumentationNodeModuleFile(`${LIBRARY}/dist/cjs/index.js`, REDLOCK_V5_VERSIONS, patch, unpatch),
      new InstrumentationNodeModuleFile(`${LIBRARY}/dist/esm/index.js`, REDLOCK_V5_VERSIONS, patch, unpatch),
    ]);
  }
}
