// The async-mutex observations, shared by lock-async-mutex.cjs (require) and .mjs (import).
const assert = require('node:assert');
const o = require('../observe.cjs');

module.exports = async function observeAsyncMutex(am, copiers) {
  const { Mutex, Semaphore, withTimeout, tryAcquire, E_TIMEOUT, E_ALREADY_LOCKED, E_CANCELED } = am;
  o.see('exports', Object.keys(am).sort());
  for (const [name, proto] of [
    ['Mutex.prototype', Mutex.prototype],
    ['Semaphore.prototype', Semaphore.prototype],
  ]) {
    o.see(`${name} keys`, Reflect.ownKeys(proto).map(String));
    for (const key of Reflect.ownKeys(proto)) {
      const d = Object.getOwnPropertyDescriptor(proto, key);
      if (typeof d.value === 'function') o.see(`${name}.${String(key)}`, d.value);
    }
  }
  o.see('withTimeout', withTimeout);
  o.see('tryAcquire', tryAcquire);
  o.see('errors', [E_TIMEOUT, E_ALREADY_LOCKED, E_CANCELED]);

  // Mutex: uncontended, contended, runExclusive with every kind of callback result.
  const m = new Mutex();
  let release;
  await o.settle(
    'acquire, uncontended',
    m.acquire().then((r) => ((release = r), 'got it')),
  );
  o.see('isLocked while held', m.isLocked());
  const second = m.acquire();
  const unlocked = m.waitForUnlock();
  await o.settle(
    'acquire while held (pending)',
    Promise.race([second.then(() => 'granted'), Promise.resolve('pending')]),
  );
  release();
  await o.settle(
    'acquire granted by release',
    second.then((r) => (r(), 'granted')),
  );
  await o.settle('waitForUnlock', unlocked);
  await o.settle(
    'runExclusive sync value',
    m.runExclusive(() => 1),
  );
  await o.settle(
    'runExclusive async value',
    m.runExclusive(async () => 2),
  );
  await o.settle(
    'runExclusive sync throw',
    m.runExclusive(() => {
      throw new RangeError('inside');
    }),
  );
  await o.settle(
    'runExclusive rejection',
    m.runExclusive(() => Promise.reject(new Error('async inside'))),
  );
  const thenable = {
    get then() {
      o.bump('thenable.get then');
      return (resolve) => resolve('thenable');
    },
  };
  await o.settle(
    'runExclusive thenable',
    m.runExclusive(() => thenable),
  );
  await o.settle(
    'runExclusive arguments',
    m.runExclusive(function (...args) {
      return [args.length, typeof args[0], this === undefined];
    }),
  );

  // Decorators.
  const timed = withTimeout(new Mutex(), 20);
  o.see('withTimeout decorator', timed);
  await o.settle(
    'withTimeout acquire, free',
    timed.acquire().then((r) => (r(), 'ok')),
  );
  const held = await timed.acquire();
  await o.settle('withTimeout acquire, times out', timed.acquire());
  held();
  await o.settle(
    'withTimeout runExclusive',
    timed.runExclusive(() => 'timed'),
  );
  const tryLock = new Mutex();
  const tried = tryAcquire(tryLock);
  o.see('tryAcquire decorator', tried);
  await o.settle(
    'tryAcquire, free',
    tried.runExclusive(() => 'tried'),
  );
  const tryRelease = await tryLock.acquire();
  await o.settle('tryAcquire, locked', tried.acquire());
  tryRelease();
  const both = tryAcquire(withTimeout(new Mutex(), 50));
  await o.settle(
    'tryAcquire(withTimeout), free',
    both.runExclusive(() => 'both'),
  );

  // cancel(): queued callers reject with E_CANCELED.
  const c = new Mutex();
  const cRelease = await c.acquire();
  const queued = c.acquire();
  c.cancel();
  await o.settle('cancel rejects waiters', queued);
  cRelease();

  // Semaphore: weights and priorities.
  const s = new Semaphore(2);
  const [, r2] = await s.acquire(2);
  const low = s.acquire(1, 0);
  const high = s.acquire(1, 5);
  const order = [];
  low.then(([, r]) => (order.push('low'), r()));
  high.then(([, r]) => (order.push('high'), r()));
  r2();
  await o.settle(
    'semaphore queued',
    Promise.all([low, high]).then(() => order),
  );
  o.see('semaphore value', s.getValue());
  await o.settle(
    'semaphore runExclusive weighted',
    s.runExclusive((v) => v, 2),
  );

  // What a used lock looks like, and what copies of it contain.
  o.see('used mutex', m);
  o.see('used semaphore', s);
  o.attempt('deepStrictEqual(used mutex, new Mutex())', () => assert.deepStrictEqual(m, new Mutex()));
  o.attempt('deepStrictEqual(used semaphore, new Semaphore(2))', () =>
    assert.deepStrictEqual(s, new Semaphore(2)),
  );
  const holder = { lock: m, sem: s, data: [1, 2, 3] };
  for (const [name, copy] of Object.entries(copiers)) o.attempt(`copy with ${name}`, () => copy(holder));
  await o.done();
};
