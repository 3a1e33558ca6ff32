// The bottleneck observations, shared by lock-bottleneck.cjs (require) and .mjs (import).
// Every schedule is ordered by the library's own rules (queue order, priority, one slot), never
// by how long a timer took, so both processes print the same on a loaded machine.
'use strict';
const o = require('../observe.cjs');

/** Microtask turns from `start()` until `stop()` (an extra turn of ours would show here). */
function ticker() {
  let turns = 0;
  let running = false;
  const spin = () => {
    if (!running) return;
    turns++;
    Promise.resolve().then(spin);
  };
  return {
    start() {
      running = true;
      Promise.resolve().then(spin);
    },
    stop() {
      running = false;
      return turns;
    },
  };
}

module.exports = async function observeBottleneck(release, Bottleneck) {
  const at = (label) => `${release} ${label}`;
  o.see(at('Bottleneck'), Bottleneck);
  o.see(at('Bottleneck.prototype keys'), Reflect.ownKeys(Bottleneck.prototype).map(String));
  for (const key of Reflect.ownKeys(Bottleneck.prototype)) {
    const d = Object.getOwnPropertyDescriptor(Bottleneck.prototype, key);
    if (typeof d.value === 'function') o.see(at(`Bottleneck.prototype.${String(key)}`), d.value);
  }

  const limiter = new Bottleneck({ maxConcurrent: 1 });
  const events = [];
  for (const name of [
    'received',
    'queued',
    'scheduled',
    'executing',
    'done',
    'dropped',
    'failed',
    'empty',
    'idle',
  ])
    // A listener's return value matters: from 'failed', a number is a retry delay.
    limiter.on(name, (info) => {
      events.push(`${name} ${info && info.options ? info.options.id.split('-')[0] : ''}`);
    });
  await o.settle(
    at('sync value'),
    limiter.schedule(() => 1),
  );
  await o.settle(
    at('async value'),
    limiter.schedule(async () => 2),
  );
  await o.settle(
    at('sync throw'),
    limiter.schedule(() => {
      throw new RangeError('inside');
    }),
  );
  await o.settle(
    at('rejection'),
    limiter.schedule(() => Promise.reject(new Error('async inside'))),
  );
  const thenable = {
    get then() {
      o.bump(`${release} thenable.get then`);
      return (resolve) => resolve('thenable');
    },
  };
  await o.settle(
    at('thenable'),
    limiter.schedule(() => thenable),
  );
  await o.settle(
    at('arguments and this'),
    limiter.schedule(
      { id: 'args' },
      function (...args) {
        return [args, typeof this, Reflect.ownKeys(this).map(String), this.task === undefined];
      },
      'a',
      2,
    ),
  );
  await o.settle(
    at('submit'),
    new Promise((resolve) =>
      limiter.submit(
        (x, y, cb) => {
          o.see(at('submit callback'), cb);
          cb(null, x + y, 'extra');
        },
        'p',
        'q',
        (...args) => resolve(args),
      ),
    ),
  );
  await o.settle(
    at('submit error'),
    new Promise((resolve) =>
      limiter.submit(
        { priority: 1 },
        (cb) => cb(new Error('from callback')),
        (err) => resolve(err.message),
      ),
    ),
  );
  // withOptions calls the function with the job as `this`: its keys (its id is random).
  const wrapped = limiter.wrap(function (a, b) {
    return [a, b, typeof this === 'string' ? this : Reflect.ownKeys(this).map(String)];
  });
  await o.settle(at('wrap'), wrapped.call('this', 1, 2));
  await o.settle(at('wrap.withOptions'), wrapped.withOptions({ priority: 2 }, 3, 4));

  // Microtask turns from the function's result settling to the 'done' event.
  const tick = ticker();
  const doneTurns = new Promise((resolve) => limiter.once('done', () => resolve(tick.stop())));
  await limiter.schedule(() => Promise.resolve('t').then((v) => (tick.start(), v)));
  o.see(at('turns from result to done'), await doneTurns);

  // One slot: queued in order, the priority first.
  const order = [];
  let free;
  const gate = new Promise((r) => (free = r));
  const job = (name, ms, options) =>
    limiter.schedule(options ?? {}, async () => {
      order.push(`start ${name}`);
      if (name === 'a') await gate;
      for (let i = 0; i < ms; i++) await Promise.resolve();
      order.push(`end ${name}`);
      return name;
    });
  const jobs = [job('a', 3), job('b', 1), job('c', 0), job('d', 2, { priority: 1 })];
  o.see(at('counts while queued'), limiter.counts());
  await new Promise((r) => limiter.once('queued', r));
  free();
  for (const [i, p] of jobs.entries()) await o.settle(at(`job ${i}`), p);
  o.see(at('order'), order);
  o.see(at('events'), events);

  const opts = o.countingObject(`${release} opts`, { priority: 3, weight: 1 });
  await o.settle(
    at('options with getters'),
    limiter.schedule(opts, () => 'got'),
  );

  // highWater 1, LEAK: the queued job is dropped when a third arrives.
  const leak = new Bottleneck({ maxConcurrent: 1, highWater: 1, strategy: Bottleneck.strategy.LEAK });
  const dropped = [];
  leak.on('dropped', (info) =>
    dropped.push([info.task === dropMe, info.args, Reflect.ownKeys(info).map(String)]),
  );
  let freeLeak;
  const held = leak.schedule(() => new Promise((r) => (freeLeak = r)));
  const dropMe = () => 'b';
  const b = leak.schedule(dropMe, 'arg');
  await new Promise((r) => leak.once('queued', r));
  const c = leak.schedule(() => 'c');
  await o.settle(at('dropped by highWater'), b);
  freeLeak('a');
  await o.settle(at('held'), held);
  await o.settle(at('after the drop'), c);
  o.see(at('dropped events'), dropped);

  const free2 = new Bottleneck();
  const dup = free2.schedule({ id: 'dup' }, () => 'dup');
  await o.settle(
    at('duplicate id'),
    free2.schedule({ id: 'dup' }, () => 'again'),
  );
  await o.settle(at('first of the id'), dup);
  let endExpired;
  const expired = free2.schedule({ expiration: 1 }, () => new Promise((r) => (endExpired = r)));
  await o.settle(at('expiration'), expired);
  endExpired('late');

  // Reservoir 1: the second waits for incrementReservoir.
  const reservoir = new Bottleneck({ reservoir: 1, id: 'res' });
  const r1 = reservoir.schedule(() => 'r1');
  const r2 = reservoir.schedule(() => 'r2');
  await o.settle(at('reservoir first'), r1);
  await o.settle(at('reservoir current'), reservoir.currentReservoir());
  await o.settle(at('increment'), reservoir.incrementReservoir(1));
  await o.settle(at('reservoir second'), r2);

  const group = new Bottleneck.Group({ maxConcurrent: 1 });
  await o.settle(
    at('group key'),
    group.key('k').schedule(() => 'grouped'),
  );
  o.see(at('group keys'), group.keys());

  const chained = new Bottleneck({ maxConcurrent: 1 }).chain(new Bottleneck({ minTime: 1 }));
  await o.settle(
    at('chained'),
    chained.schedule((x) => `chained ${x}`, 'x'),
  );

  const stopping = new Bottleneck({ maxConcurrent: 1 });
  let freeStop;
  const running = stopping.schedule(() => new Promise((r) => (freeStop = r)));
  const queued = [stopping.schedule(() => 'x'), stopping.schedule(() => 'y')];
  await new Promise((r) => stopping.once('executing', r));
  const stopped = stopping.stop();
  for (const [i, p] of queued.entries()) await o.settle(at(`stopped ${i}`), p);
  await o.settle(
    at('after stop'),
    stopping.schedule(() => 'refused'),
  );
  freeStop('ran');
  await o.settle(at('running at stop'), running);
  await o.settle(at('stop'), stopped);
  const patient = new Bottleneck({ maxConcurrent: 1 });
  const last = patient.schedule(() => 'last');
  await o.settle(at('stop without dropping'), patient.stop({ dropWaitingJobs: false }));
  await o.settle(at('job before a patient stop'), last);

  o.see(at('used limiter own keys'), Reflect.ownKeys(limiter).map(String));
  o.see(at('used limiter counts'), limiter.counts());
  await limiter.disconnect();
};
