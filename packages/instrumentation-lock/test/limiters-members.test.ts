import type { InstrumentationModuleDefinition } from '@opentelemetry/instrumentation';
import { describe, expect, it } from 'vitest';
import { captureDiagErrors, definitionOf } from './utils/module-definition';

// A release whose members differ from what an integration relies on: nothing is patched, and
// the mismatch is said once (diag error naming the library, version and member).
function patchThrough(def: InstrumentationModuleDefinition, exports: unknown, version: string): unknown {
  const patch = def.patch ?? def.files.find((f) => f.name.endsWith('index.js'))!.patch;
  return patch(exports, version);
}

const errors = captureDiagErrors();

describe('an unknown release of a lock library', () => {
  it('p-limit without pendingCount: the export is returned as it is, reported once', () => {
    const pLimit = (n: number) => Object.assign(() => n, { activeCount: 0 });
    expect(patchThrough(definitionOf('p-limit'), pLimit, '3.9.9')).toBe(pLimit);
    expect(patchThrough(definitionOf('p-limit'), pLimit, '3.9.9')).toBe(pLimit);
    expect(errors.filter((e) => e.includes('p-limit 3.9.9'))).toHaveLength(1);
    expect(errors[0]).toMatch(/pLimit\(1\)\.activeCount \(a getter\)/);
  });

  it.each([
    [
      'async-sema',
      {
        Sema: class {
          acquire() {}
        },
      },
      'Sema.prototype.release',
    ],
    ['async-lock', class AsyncLock {}, 'AsyncLock.prototype.acquire'],
    [
      'p-queue',
      {
        default: class PQueue {
          add() {}
        },
      },
      'PQueue.prototype.clear',
    ],
  ])('%s: nothing is patched, reported once', (name, exports, member) => {
    const proto = (
      typeof exports === 'function'
        ? exports
        : ((exports as Record<string, unknown>).Sema ?? (exports as Record<string, unknown>).default)
    ) as { prototype: object };
    const before = Object.getOwnPropertyDescriptors(proto.prototype);
    patchThrough(definitionOf(name), exports, '1.99.0');
    patchThrough(definitionOf(name), exports, '1.99.0');
    expect(Object.getOwnPropertyDescriptors(proto.prototype)).toEqual(before);
    const mine = errors.filter((e) => e.includes(`${name} 1.99.0`));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toContain(member);
  });
});
