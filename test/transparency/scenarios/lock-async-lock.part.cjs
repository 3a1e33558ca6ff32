// The async-lock observations, shared by lock-async-lock.cjs (require) and .mjs (import).
'use strict';
const o = require('../observe.cjs');

module.exports = async function observeAsyncLock(release, AsyncLock) {
  const at = (label) => `${release} ${label}`;
  o.see(at('AsyncLock'), AsyncLock);
  o.see(at('AsyncLock.prototype keys'), Reflect.ownKeys(AsyncLock.prototype).map(String));
  for (const key of Reflect.ownKeys(AsyncLock.prototype)) {
    const d = Object.getOwnPropertyDescriptor(AsyncLock.prototype, key);
    if (typeof d.value === 'function') o.see(at(`AsyncLock.prototype.${String(key)}`), d.value);
  }
  const lock = new AsyncLock();
  await o.settle(
    at('promise mode value'),
    lock.acquire('k', () => 1),
  );
  await o.settle(
    at('promise mode async'),
    lock.acquire('k', async () => 2),
  );
  await o.settle(
    at('promise mode throw'),
    lock.acquire('k', () => {
      throw new RangeError('inside');
    }),
  );
  await o.settle(
    at('promise mode rejection'),
    lock.acquire('k', () => Promise.reject(new Error('async inside'))),
  );
  const thenable = {
    get then() {
      o.bump(`${release} thenable.get then`);
      return (resolve) => resolve('thenable');
    },
  };
  await o.settle(
    at('thenable'),
    lock.acquire('k', () => thenable),
  );
  await o.settle(
    at('callback mode'),
    new Promise((resolve) =>
      lock.acquire(
        'k',
        (done) => {
          o.see(at('done'), done);
          done(null, 'from callback');
        },
        (err, ret) => resolve([err, ret]),
      ),
    ),
  );
  await o.settle(
    at('callback mode throw'),
    new Promise((resolve) =>
      lock.acquire(
        'k',
        (done) => {
          throw new Error(`thrown before ${typeof done}`);
        },
        (err, ret) => resolve([err && err.message, ret]),
      ),
    ),
  );
  // A fifth argument (ignored by the library) and a two-parameter fn (promise mode).
  await o.settle(
    at('five arguments'),
    lock.acquire('k', (a, b) => [typeof a, typeof b], { timeout: 1000 }, 'extra', 'more'),
  );
  o.attempt(at('not a function'), () => lock.acquire('k', 'nope'));
  const order = [];
  const t = (name, key, ticks) =>
    lock.acquire(key, async () => {
      order.push(`start ${name}`);
      for (let i = 0; i < ticks; i++) await Promise.resolve();
      order.push(`end ${name}`);
      return name;
    });
  const tasks = [t('a', 'x', 3), t('b', 'x', 0), t('c', 'y', 1), t('d', 'x', 1)];
  o.see(at('isBusy'), [lock.isBusy(), lock.isBusy('x'), lock.isBusy('z')]);
  for (const [i, p] of tasks.entries()) await o.settle(at(`task ${i}`), p);
  o.see(at('order'), order);
  await o.settle(
    at('keys array'),
    lock.acquire(['x', 'y'], () => 'both'),
  );
  await o.settle(lock.acquire([], () => 'none'));
  const opts = o.countingObject(`${release} opts`, { timeout: 5 });
  // Held until released here (not for a time), so the waits behind it time out on any machine.
  let free;
  const busy = lock.acquire('x', () => new Promise((r) => (free = r)));
  await o.settle(
    at('timeout in queue, options with getters'),
    lock.acquire('x', () => 'late', opts),
  );
  await o.settle(
    at('timeout in queue'),
    lock.acquire('x', () => 'late', { timeout: 2 }),
  );
  free();
  await busy;
  const small = new AsyncLock({ maxPending: 1 });
  let freeSmall;
  const first = small.acquire('p', () => new Promise((r) => (freeSmall = r)));
  const second = small.acquire('p', () => 'second');
  await o.settle(
    at('maxPending refused'),
    small.acquire('p', () => 'third'),
  );
  freeSmall();
  await Promise.all([first, second]);
  o.see(at('used lock'), lock);
  await o.settle(
    at('skipQueue'),
    lock.acquire('x', () => 'skipped', { skipQueue: true }),
  );
};
