// The async-sema observations, shared by lock-async-sema.cjs (require) and .mjs (import).
'use strict';
const assert = require('node:assert');
const o = require('../observe.cjs');

module.exports = async function observeAsyncSema(release, am) {
  const at = (label) => `${release} ${label}`;
  const { Sema, RateLimit } = am;
  o.see(at('exports'), Object.keys(am).sort());
  o.see(at('Sema.prototype keys'), Reflect.ownKeys(Sema.prototype).map(String));
  for (const key of Reflect.ownKeys(Sema.prototype)) {
    const d = Object.getOwnPropertyDescriptor(Sema.prototype, key);
    if (typeof d.value === 'function') o.see(at(`Sema.prototype.${String(key)}`), d.value);
  }
  const s = new Sema(2);
  await o.settle(at('acquire, free'), s.acquire());
  o.see(at('tryAcquire, free'), typeof s.tryAcquire === 'function' ? s.tryAcquire() : 'no tryAcquire');
  if (typeof s.tryAcquire !== 'function') await s.acquire();
  o.see(at('tryAcquire, none free'), typeof s.tryAcquire === 'function' ? s.tryAcquire() : 'no tryAcquire');
  const order = [];
  const queued = [1, 2, 3].map((i) => s.acquire().then((token) => (order.push(i), token)));
  o.see(at('nrWaiting'), s.nrWaiting());
  o.see(at('release, token to the first waiter'), s.release());
  await o.settle(at('first waiter'), queued[0]);
  s.release();
  s.release('custom-token');
  await o.settle(at('all waiters'), Promise.all(queued));
  o.see(at('order'), order);
  s.release();
  s.release();
  await o.settle(at('drain'), s.drain());
  o.see(at('used sema'), s);
  o.attempt(at('deepStrictEqual(used sema, new Sema(2))'), () => assert.deepStrictEqual(s, new Sema(2)));
  const tokens = new Sema(1, { initFn: () => ({ id: 'tok' }) });
  await o.settle(at('acquire with initFn'), tokens.acquire());
  const paused = [];
  const p = new Sema(1, { pauseFn: () => paused.push('pause'), resumeFn: () => paused.push('resume') });
  await p.acquire();
  const w = p.acquire();
  p.release();
  await w;
  p.release();
  o.see(at('pause and resume'), paused);
  const rl = RateLimit(1000, { uniformDistribution: true });
  o.see(at('RateLimit'), rl);
  await o.settle(at('RateLimit call'), rl());
};
