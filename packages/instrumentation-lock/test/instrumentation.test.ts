import { diag, DiagLogLevel } from '@opentelemetry/api';
import type { Meter, MeterProvider } from '@opentelemetry/api';
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { isWrapped, nameLock } from '../src';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../src/version';
import { setup, sleep } from './utils/setup';

const env = setup();
const require = createRequire(import.meta.url);
const run = promisify(execFile);
const am = require('async-mutex') as typeof import('async-mutex');
const lock = (name: string, kind = 'mutex') => ({ 'lock.name': name, 'lock.kind': kind });

describe('LockInstrumentation', () => {
  it('declares the supported async-mutex range and its own name and version', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '../package.json'), 'utf8'));
    expect(PACKAGE_NAME).toBe(pkg.name);
    expect(PACKAGE_VERSION).toBe(pkg.version);
    const [definition] = env.instrumentation.getModuleDefinitions();
    expect(definition!.name).toBe('async-mutex');
    expect(definition!.supportedVersions).toEqual(['>=0.5.0 <0.6']);
    expect(pkg.peerDependencies['async-mutex']).toBe('>=0.5.0 <0.6');
  });

  it('unpatching restores the original methods; enabling again patches again', async () => {
    const sem = am.Semaphore.prototype as unknown as Record<string, unknown>;
    const mutex = am.Mutex.prototype as unknown as Record<string, unknown>;
    const names = ['acquire', 'release', 'cancel', 'waitForUnlock', '_dispatchItem'];
    expect(names.every((n) => isWrapped(sem[n]))).toBe(true);
    expect(isWrapped(mutex.runExclusive)).toBe(true);
    // CommonJS: the factories are patched in their own files, behind the index's getters.
    expect(isWrapped(am.withTimeout)).toBe(true);
    expect(isWrapped(am.tryAcquire)).toBe(true);
    // Web Locks are measured through Node's diagnostics channels: nothing is patched.
    const webLocks = globalThis.navigator?.locks
      ? Object.getPrototypeOf(globalThis.navigator.locks)
      : undefined;
    if (webLocks) expect(isWrapped(webLocks.request)).toBe(false);

    env.instrumentation.disable();
    expect(names.some((n) => isWrapped(sem[n]))).toBe(false);
    expect(isWrapped(mutex.runExclusive)).toBe(false);
    expect(isWrapped(am.withTimeout)).toBe(false);
    expect(isWrapped(am.tryAcquire)).toBe(false);
    const bare = nameLock(new am.Mutex(), 'while-disabled');
    await bare.runExclusive(() => undefined);
    expect((await env.snapshot()).acquisitions(lock('while-disabled'))).toBe(0);

    env.instrumentation.enable();
    expect(names.every((n) => isWrapped(sem[n]))).toBe(true);
    await bare.runExclusive(() => undefined);
    expect((await env.snapshot()).acquisitions(lock('while-disabled'))).toBe(1);
  });

  it('waiters granted while disabled are skipped; later waits on the same lock are measured', async () => {
    const mutex = nameLock(new am.Mutex(), 'across-disable');
    const m = lock('across-disable');
    const release = await mutex.acquire();
    const queued = [mutex.acquire(), mutex.acquire()];
    env.instrumentation.disable();
    release(); // grants the first waiter unseen
    (await queued[0]!)(); // and the second
    (await queued[1]!)();
    env.instrumentation.enable();
    const first = await mutex.acquire();
    const second = mutex.acquire();
    await sleep(20);
    first();
    (await second)();
    const s = await env.snapshot();
    expect(s.acquisitions({ ...m, 'lock.contended': 'true' })).toBe(1);
    const wait = s.wait({ ...m, 'lock.outcome': 'acquired' });
    expect(wait.count).toBe(3);
    expect(wait.sum).toBeGreaterThanOrEqual(0.02 - 0.003);
  });

  it('instrumentation errors never reach the caller: a meter that throws everywhere', async () => {
    // Through the global logger: the built packages may load another copy of the API module.
    const errors: string[] = [];
    const log = () => {};
    diag.setLogger(
      { error: (m: string) => errors.push(m), warn: log, info: log, debug: log, verbose: log },
      DiagLogLevel.ERROR,
    );
    const thrower = (): never => {
      throw new Error('broken meter');
    };
    const instrument = new Proxy({}, { get: () => thrower });
    const meter = new Proxy({} as Meter, {
      get: (_, prop) => (String(prop).startsWith('create') ? () => instrument : thrower),
    });
    const provider: MeterProvider = { getMeter: () => meter };
    // The patched library now records through the broken meter (buffers of 1: every value flushes).
    expect(() => env.instrumentation.setMeterProvider(provider)).not.toThrow();
    try {
      const mutex = new am.Mutex();
      const results = await Promise.all(
        [1, 2, 3].map((i) => mutex.runExclusive(async () => (await sleep(2), i))),
      );
      expect(results).toEqual([1, 2, 3]);
      const boom = new Error('user error');
      await expect(mutex.runExclusive(() => Promise.reject(boom))).rejects.toBe(boom);
      await expect(am.tryAcquire(mutex).runExclusive(() => 'ok')).resolves.toBe('ok');
      const locks = (globalThis.navigator as { locks?: LockManager } | undefined)?.locks;
      if (locks) await expect(locks.request('broken', async () => 5)).resolves.toBe(5);
      expect(errors.join('\n')).toMatch(/broken meter/);
    } finally {
      env.instrumentation.setMeterProvider(env.provider);
      diag.disable();
    }
  });

  it('without a Web Locks API it says so once and does nothing', async () => {
    // In a child process of the running Node: Node 22 lacks the API; on 24.5+ it is hidden first.
    const { stdout } = await run(process.execPath, [join(__dirname, 'fixtures/no-web-locks.cjs')], {
      timeout: 30_000,
    });
    const r = JSON.parse(stdout.trim().split('\n').pop()!);
    expect(r.hadApi).toBe(globalThis.navigator?.locks !== undefined);
    // Two instrumentations, each enabled twice: told once, at info level, nothing else said.
    expect(r.told).toHaveLength(1);
    expect(r.told[0].level).toBe('info');
    expect(r.told[0].message).toContain(process.version);
    expect(r.others).toEqual([]);
    expect(r.realRequestWrapped).toBe(false);
    expect(r.locksStillAbsent).toBe(true);
  });
});
