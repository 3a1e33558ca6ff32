// The p-queue observations, shared by lock-p-queue.cjs (require) and .mjs (import).
'use strict';
const o = require('../observe.cjs');

module.exports = async function observePQueue(release, PQueue) {
  const at = (label) => `${release} ${label}`;
  o.see(at('PQueue'), PQueue);
  o.see(at('PQueue.prototype keys'), Reflect.ownKeys(PQueue.prototype).map(String));
  for (const key of Reflect.ownKeys(PQueue.prototype)) {
    const d = Object.getOwnPropertyDescriptor(PQueue.prototype, key);
    if (typeof d.value === 'function') o.see(at(`PQueue.prototype.${String(key)}`), d.value);
  }
  const queue = new PQueue({ concurrency: 2 });
  await o.settle(
    at('sync value'),
    queue.add(() => 1),
  );
  await o.settle(
    at('async value'),
    queue.add(async () => 2),
  );
  await o.settle(
    at('sync throw'),
    queue.add(() => {
      throw new RangeError('inside');
    }),
  );
  await o.settle(
    at('rejection'),
    queue.add(() => Promise.reject(new Error('async inside'))),
  );
  const thenable = {
    get then() {
      o.bump(`${release} thenable.get then`);
      return (resolve) => resolve('thenable');
    },
  };
  await o.settle(
    at('thenable'),
    queue.add(() => thenable),
  );
  await o.settle(
    at('arguments and this'),
    queue.add(function (...args) {
      return [args.length, typeof args[0], this === undefined];
    }),
  );
  const order = [];
  const t = (name, ticks, options) =>
    queue.add(async () => {
      order.push(`start ${name}`);
      for (let i = 0; i < ticks; i++) await Promise.resolve();
      order.push(`end ${name}`);
      return name;
    }, options);
  const tasks = [t('a', 3), t('b', 1), t('c', 0), t('d', 2, { priority: 5 })];
  o.see(at('size and pending'), [queue.size, queue.pending]);
  for (const [i, p] of tasks.entries()) await o.settle(at(`task ${i}`), p);
  o.see(at('order'), order);
  await o.settle(at('addAll'), queue.addAll([() => 'x', async () => 'y']));
  const opts = o.countingObject(`${release} opts`, { priority: 1 });
  await o.settle(
    at('options with getters'),
    queue.add(() => 'got', opts),
  );
  const paused = new PQueue({ autoStart: false });
  const dropped = paused.add(() => 'dropped');
  o.see(at('paused size'), paused.size);
  o.attempt(at('clear'), () => paused.clear());
  await o.settle(
    at('cleared task'),
    Promise.race([dropped, new Promise((r) => setTimeout(r, 5, 'never settled'))]),
  );
  await o.settle(at('onIdle'), queue.onIdle());
  o.see(at('used queue own keys'), Reflect.ownKeys(queue).map(String));
};
