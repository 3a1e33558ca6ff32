// The Web Locks observations, shared by lock-web-locks.cjs and lock-web-locks.mjs: every overload
// as the spec defines them (request(name, callback), request(name, options, callback)), odd
// arguments Node handles its own way, and the microtask turns of each request.
const o = require('../observe.cjs');

module.exports = async function observeWebLocks() {
  // Pending lock requests do not keep Node's event loop alive: this does, until the end.
  const keepAlive = setInterval(() => {}, 1000);
  const locks = navigator.locks;
  const proto = Object.getPrototypeOf(locks);
  o.see('LockManager.prototype keys', Reflect.ownKeys(proto).map(String));
  o.see('request', proto.request);
  o.see('query', proto.query);

  const seen = (label) =>
    function (lock) {
      o.see(`${label}: callback this`, this === undefined ? 'undefined' : typeof this);
      o.see(`${label}: callback arguments`, arguments.length);
      o.see(
        `${label}: lock`,
        lock === null ? null : { name: lock.name, mode: lock.mode, keys: Reflect.ownKeys(lock).map(String) },
      );
      return label;
    };
  await o.settle('request(name, callback)', locks.request('web-a', seen('two args')));
  await o.settle(
    'request(name, options, callback)',
    locks.request('web-a', { mode: 'shared' }, seen('three args')),
  );
  await o.settle(
    'request(name, fn in options, callback)',
    locks.request('web-a', seen('options fn'), seen('callback fn')),
  );
  await o.settle('request(name, options, undefined)', locks.request('web-a', {}, undefined));
  await o.settle('request(name)', locks.request('web-a'));
  await o.settle('request()', locks.request());
  await o.settle('request(name, options) no callback', locks.request('web-a', { mode: 'shared' }));
  await o.settle(
    'request(name, cb, extra)',
    locks.request('web-a', seen('extra'), () => 'extra callback', 'more'),
  );
  await o.settle(
    'request(-name)',
    locks.request('-reserved', () => 1),
  );
  await o.settle(
    'request(name, bad mode)',
    locks.request('web-a', { mode: 'nope' }, () => 1),
  );
  await o.settle(
    'ifAvailable and steal',
    locks.request('web-a', { ifAvailable: true, steal: true }, () => 1),
  );

  // User code Node runs (and only that): toString of a name, getters of the options.
  const name = { toString: () => (o.bump('name.toString'), 'web-b') };
  await o.settle(
    'object name',
    locks.request(name, () => 'named by toString'),
  );
  const options = o.countingObject('options', { mode: 'exclusive', ifAvailable: false, steal: false });
  await o.settle(
    'options with getters',
    locks.request('web-b', options, () => 'getters'),
  );
  const proxied = o.countingProxy({ mode: 'shared' }, 'options proxy');
  await o.settle(
    'options proxy',
    locks.request('web-b', proxied, () => 'proxy'),
  );

  // A callback result with a counted `then`; sync and async results; a throw.
  const thenable = {
    get then() {
      o.bump('result.get then');
      return (resolve) => resolve('thenable');
    },
  };
  await o.settle(
    'thenable result',
    locks.request('web-c', () => thenable),
  );
  await o.settle(
    'async result',
    locks.request('web-c', async () => 'async'),
  );
  // Its own name: Node 24.21 and 26.9 keep a lock held after its callback throws synchronously.
  await o.settle(
    'callback throws',
    locks.request('web-throws', () => {
      throw new RangeError('inside');
    }),
  );
  await o.settle(
    'callback rejects',
    locks.request('web-c', () => Promise.reject(new Error('async inside'))),
  );

  // Contention: queued, ifAvailable miss, abort, steal.
  let release;
  const held = locks.request('web-d', () => new Promise((r) => (release = r)));
  await o.settle(
    'ifAvailable miss',
    locks.request('web-d', { ifAvailable: true }, (lock) => lock),
  );
  const queued = locks.request('web-d', () => 'queued');
  const controller = new AbortController();
  const aborted = locks.request('web-d', { signal: controller.signal }, () => 'never');
  controller.abort(new Error('stop'));
  await o.settle('aborted', aborted);
  release('released');
  await o.settle('held', held);
  await o.settle('queued', queued);
  const stolen = locks.request('web-e', () => new Promise((r) => setTimeout(r, 30, 'stolen holder done')));
  await o.settle(
    'steal',
    locks.request('web-e', { steal: true }, () => 'stole'),
  );
  await o.settle('stolen', stolen);
  const snapshot = await locks.query();
  o.see('query after', { held: snapshot.held.length, pending: snapshot.pending.length });
  clearInterval(keepAlive);
  await o.done();
};
