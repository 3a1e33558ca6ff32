// The p-limit observations, shared by lock-p-limit.cjs (require) and .mjs (import): what a
// program sees of pLimit, its limit functions, their tasks' results, errors and turns.
'use strict';
const o = require('../observe.cjs');

module.exports = async function observePLimit(release, pLimit, extra = {}) {
  const at = (label) => `${release} ${label}`;
  o.see(at('pLimit'), pLimit);
  const bad = o.attempt(at('pLimit(0)'), () => pLimit(0));
  if (bad && typeof bad.then === 'function') await o.settle(at('pLimit(0) result'), bad);
  const limit = pLimit(2);
  o.see(at('limit'), limit);
  o.see(at('limit own keys'), Reflect.ownKeys(limit).map(String));
  for (const key of Reflect.ownKeys(limit)) {
    const d = Object.getOwnPropertyDescriptor(limit, key);
    if (typeof d.value === 'function') o.see(at(`limit.${String(key)}`), d.value);
    if (typeof d.get === 'function') o.see(at(`limit.${String(key)} getter`), d.get);
  }
  await o.settle(
    at('sync value'),
    limit(() => 1),
  );
  await o.settle(
    at('async value'),
    limit(async () => 2),
  );
  await o.settle(
    at('sync throw'),
    limit(() => {
      throw new RangeError('inside');
    }),
  );
  await o.settle(
    at('rejection'),
    limit(() => Promise.reject(new Error('async inside'))),
  );
  const thenable = {
    get then() {
      o.bump(`${release} thenable.get then`);
      return (resolve) => resolve('thenable');
    },
  };
  await o.settle(
    at('thenable'),
    limit(() => thenable),
  );
  await o.settle(
    at('arguments and this'),
    limit(
      function (...args) {
        return [args.length, args[0], args[1], this === undefined];
      },
      'a',
      'b',
    ),
  );
  await o.settle(at('not a function'), limit('not a function'));

  // Several at once: the order tasks start and finish, counts while busy, every settle turn.
  const order = [];
  const task = (name, ticks) =>
    limit(async () => {
      order.push(`start ${name}`);
      for (let i = 0; i < ticks; i++) await Promise.resolve();
      order.push(`end ${name}`);
      return name;
    });
  const tasks = [task('a', 3), task('b', 1), task('c', 0), task('d', 2)];
  o.see(at('counts after asking'), [limit.activeCount, limit.pendingCount]);
  await Promise.resolve();
  o.see(at('counts a turn later'), [limit.activeCount, limit.pendingCount]);
  for (const [i, t] of tasks.entries()) await o.settle(at(`task ${i}`), t);
  o.see(at('order'), order);

  // clearQueue drops the queued tasks (their promises never settle; 7.x rejectOnClear: rejected).
  const one = pLimit(1);
  const running = one(() => new Promise((r) => setTimeout(r, 5, 'ran')));
  const dropped = one(() => 'dropped');
  await new Promise((r) => setTimeout(r, 1)); // the first one runs
  o.see(at('pending before clearQueue'), one.pendingCount);
  o.attempt(at('clearQueue'), () => one.clearQueue());
  o.see(at('pending after clearQueue'), one.pendingCount);
  await o.settle(at('running task after clearQueue'), running);
  await o.settle(
    at('dropped task'),
    Promise.race([dropped, new Promise((r) => setTimeout(r, 5, 'never settled'))]),
  );
  // An unhandled rejection stays unhandled.
  limit(() => Promise.reject(new Error('nobody handles me')));
  await new Promise((r) => setTimeout(r, 5));
  if (extra.more) await extra.more(at, pLimit, limit);
};
