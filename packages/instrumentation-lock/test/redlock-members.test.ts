import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isWrapped } from '../src';
import { captureDiagErrors, definitionOf } from './utils/module-definition';

// A redlock whose members differ from what the integration relies on (redlock-v4.ts,
// redlock-v5.ts): nothing is patched, and the mismatch is said once, naming the member.
const rootRequire = createRequire(join(__dirname, '../../../package.json'));

const redlockDefinition = () => definitionOf('redlock');

const errors = captureDiagErrors();

describe('a redlock release the integration does not know', () => {
  it('4.x without _executeScript (the real 4.0.0, as if it were a later 4.x): left as it is, said once', () => {
    const Redlock = rootRequire('redlock-v4-oldest') as { prototype: Record<string, unknown> };
    const before = Object.getOwnPropertyDescriptors(Redlock.prototype);
    const def = redlockDefinition();
    expect(def.patch!(Redlock, '4.9.0')).toBe(Redlock);
    def.patch!(Redlock, '4.9.0');
    expect(Object.getOwnPropertyDescriptors(Redlock.prototype)).toEqual(before);
    expect(isWrapped(Redlock.prototype.lock)).toBe(false);
    const mine = errors.filter((e) => e.includes('redlock 4.9.0'));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toContain('Redlock.prototype._executeScript');
  });

  it('5.x without _attemptOperation: left as it is, said once', () => {
    class Redlock {
      scripts = { acquireScript: {}, extendScript: {}, releaseScript: {} };
      acquire() {}
      release() {}
      extend() {}
      using() {}
      _execute() {}
    }
    const exports = { default: Redlock };
    const before = Object.getOwnPropertyDescriptors(Redlock.prototype);
    const def = redlockDefinition();
    expect(def.patch!(exports, '5.1.0')).toBe(exports);
    def.patch!(exports, '5.1.0');
    expect(Object.getOwnPropertyDescriptors(Redlock.prototype)).toEqual(before);
    const mine = errors.filter((e) => e.includes('redlock 5.1.0'));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toContain('Redlock.prototype._attemptOperation');
  });

  it('the real 4.2.0 and 5.0.0-beta2 pass the member checks (patched, then unpatched)', () => {
    const def = redlockDefinition();
    const v4 = rootRequire('redlock-v4-newest') as { prototype: Record<string, unknown> };
    const v5 = rootRequire('redlock-v5-newest') as { default: { prototype: Record<string, unknown> } };
    def.patch!(v4, '4.2.0');
    def.patch!(v5, '5.0.0-beta2');
    expect([
      isWrapped(v4.prototype._lock),
      isWrapped(v4.prototype.release),
      isWrapped(v5.default.prototype._execute),
    ]).toEqual([true, true, true]);
    def.unpatch!(v4, '4.2.0');
    def.unpatch!(v5, '5.0.0-beta2');
    expect([
      isWrapped(v4.prototype._lock),
      isWrapped(v4.prototype.release),
      isWrapped(v5.default.prototype._execute),
    ]).toEqual([false, false, false]);
    expect(v4.prototype.release).toBe(v4.prototype.unlock);
    expect(errors).toEqual([]);
  });
});
