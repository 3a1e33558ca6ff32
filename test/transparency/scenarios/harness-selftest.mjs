// The harness checking itself on plain JavaScript (no patched library): every kind of
// observation once. `fixtures/leaky.cjs` makes the same script differ (see transparency.test.ts).
// @expect-metrics statewatch_gc
import o from '../observe.cjs';

async function main() {
  const map = new Map([['a', 1]]);
  map.set('b', { nested: [1, 2] });
  o.see('map', map);
  o.see(
    'keys of a class instance',
    new (class Box {
      #hidden = 1;
      shown = this.#hidden + 1;
    })(),
  );
  o.see('function', function named(_a, _b) {});
  o.attempt('sync throw', () => JSON.parse('{'));
  await o.settle('resolved now', Promise.resolve(1));
  await o.settle('async function', (async () => 2)());
  await o.settle('rejected', Promise.reject(new TypeError('nope')));
  await o.settle('after a timer', new Promise((r) => setTimeout(r, 5, 'late')));
  const proxy = o.countingProxy({ x: 1 }, 'proxy');
  o.see('spread of a proxy', { ...proxy });
  const getters = o.countingObject('options', { mode: 'shared' });
  o.see('read once', getters.mode);
  Math.random();
  await o.done();
}
await main();
