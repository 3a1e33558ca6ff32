// The redlock observations, shared by lock-redlock.cjs (require) and .mjs (import), against the
// real Redis servers transparency.test.ts starts (REDIS_PORTS). The bare and the instrumented
// process run at the same time, so each uses a database of its own (SELECT 0 / 1, flushed first).
// Only what does not depend on timing is printed: retries are scripted against held keys or
// against a TTL with wide margins; the random lock values and expirations are never printed.
'use strict';
const o = require('../observe.cjs');
const Redis = require('ioredis');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
process.on('unhandledRejection', (e) => o.bump(`unhandledRejection ${e?.name}`));
process.on('rejectionHandled', () => o.bump('rejectionHandled'));

async function redisClients() {
  const db = process.env.TRANSPARENCY_METRICS_URL ? 1 : 0; // the runner sets it in the instrumented one only
  const clients = process.env.REDIS_PORTS.split(',').map(
    (port) => new Redis({ host: '127.0.0.1', port: Number(port), db }),
  );
  await Promise.all(clients.map((c) => c.flushdb()));
  return clients;
}

/** What a program reads off a lock, minus its random value and its expiration time. */
function shape(lock, major) {
  return {
    keys: o.ownKeys(lock),
    resource: major === 4 ? lock.resource : lock.resources,
    attempts: major === 4 ? lock.attempts : lock.attempts.length,
    attemptsRemaining: lock.attemptsRemaining,
    expired: lock.expiration < Date.now(),
  };
}

module.exports = async function observeRedlock(release, Redlock, major) {
  const at = (label) => `${release} ${label}`;
  o.see(at('Redlock'), Redlock);
  o.see(at('Redlock keys'), o.ownKeys(Redlock));
  o.see(at('Redlock.prototype keys'), o.ownKeys(Redlock.prototype));
  for (const key of Reflect.ownKeys(Redlock.prototype)) {
    const d = Object.getOwnPropertyDescriptor(Redlock.prototype, key);
    if (typeof d.value === 'function') o.see(at(`Redlock.prototype.${String(key)}`), d.value);
  }
  const clients = await redisClients();
  const make = (options) => {
    const r = new Redlock(clients, { retryJitter: 0, ...options });
    r.on(major === 4 ? 'clientError' : 'error', (e) => o.bump(`${release} ${e.name} event`));
    return r;
  };
  const acquire = (r, resource, ttl) =>
    major === 4 ? r.lock(resource, ttl) : r.acquire([].concat(resource), ttl);
  const release_ = (lock) => (major === 4 ? lock.unlock() : lock.release());
  const settleLock = async (label, promise) => {
    await o.settle(
      at(label),
      promise.then((lock) => shape(lock, major)),
    );
    return promise.then(
      (lock) => lock,
      () => undefined,
    );
  };

  const r = make({ retryCount: 0 });
  o.see(at('instance keys'), o.ownKeys(r));
  let lock = await settleLock('acquire', acquire(r, 'a', 2000));
  const value = lock.value;
  lock = await settleLock('extend', lock.extend(2000));
  o.see(at('extend keeps the value'), lock.value === value);
  await o.settle(at('release'), release_(lock));
  o.see(at('released lock'), shape(lock, major));

  lock = await settleLock('acquire two resources', acquire(r, ['m1', 'm2'], 2000));
  await o.settle(at('release two resources'), release_(lock));

  // Every attempt fails while another holder keeps it: 1 + retryCount tries, then rejected.
  const held = await acquire(r, 'held', 5000);
  const retrying = make({ retryCount: 2, retryDelay: 10 });
  await o.settle(at('acquire a held key'), acquire(retrying, 'held', 5000));
  await release_(held);

  // Granted on the third try: the holder's 300 ms lease runs out between tries 2 (~200 ms) and 3.
  await acquire(r, 'ttl', 300);
  const patient = make({ retryCount: 5, retryDelay: 200 });
  lock = await settleLock('acquire after the holder expired', acquire(patient, 'ttl', 2000));
  await o.settle(at('release after retries'), release_(lock));

  // Lost: the lease expires, then extend and release; a key deleted under its holder.
  lock = await acquire(r, 'short', 100);
  await sleep(200);
  await o.settle(at('extend an expired lease'), lock.extend(1000));
  await o.settle(at('release an expired lease'), release_(lock));
  lock = await acquire(r, 'deleted', 5000);
  for (const c of clients) await c.del('deleted');
  await o.settle(at('extend a deleted lease'), lock.extend(1000));
  await o.settle(at('release a deleted lease'), release_(lock));

  if (major === 4) {
    await o.settle(
      at('callback mode'),
      new Promise((resolve) =>
        r.lock('cb', 1000, (err, l) => {
          o.see(at('callback arguments'), [err, shape(l, major)]);
          l.unlock((e) => resolve(e));
        }),
      ),
    );
    // bluebird's own unhandled-rejection report, then handled a macrotask later.
    const busy = await r.lock('busy', 5000);
    const rejected = r.lock('busy', 5000);
    await sleep(50);
    await o.settle(at('rejection handled late'), rejected);
    await busy.unlock();
  } else {
    await o.settle(at('acquire with a fractional duration'), r.acquire(['f'], 1.5));
    lock = await r.acquire(['f'], 1000);
    await o.settle(at('extend with a fractional duration'), lock.extend(1.5));
    await release_(lock);
    // using(): automatic extensions (every ~150 ms) while the routine runs.
    const auto = make({ retryCount: 0, automaticExtensionThreshold: 150 });
    await o.settle(
      at('using'),
      auto.using(['u'], 300, async (signal) => {
        await sleep(500);
        return signal.aborted;
      }),
    );
    // using() whose key is deleted: the extension fails until the lease expires, then abort.
    const quiet = new Redlock(clients, { retryCount: 0, retryJitter: 0, automaticExtensionThreshold: 150 });
    quiet.on('error', () => {}); // as many as the retries until expiry (timing): not counted
    await o.settle(
      at('using, key deleted'),
      quiet.using(['gone'], 300, async (signal) => {
        for (const c of clients) await c.del('gone');
        await new Promise((resolve) => signal.addEventListener('abort', resolve));
        o.see(at('abort error'), signal.error);
        return signal.aborted;
      }),
    );
  }
  for (const c of clients) c.disconnect();
};
