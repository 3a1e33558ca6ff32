// The clone scenarios' shared body (not a scenario itself: `.part.`): given the copy functions,
// loaded by the calling scenario through require, import or file URL, every copy a program can
// make of hard values, with everything it can observe printed (observe.cjs). The instrumented
// process must print exactly what the bare one prints.
'use strict';
const assert = require('node:assert');
const o = require('../observe.cjs');

/** Copies of one value with each copy function, `times` times (the last copy is printed). */
function copyEach(label, copies, make, times = 1) {
  for (const [name, copy] of Object.entries(copies)) {
    let last;
    o.attempt(`${label} / ${name}`, () => {
      for (let i = 0; i < times; i++) last = copy(make());
      return last;
    });
  }
}

class CountedSizeMap extends Map {
  get size() {
    o.bump('CountedSizeMap.size');
    return super.size;
  }
  entries() {
    o.bump('CountedSizeMap.entries');
    return super.entries();
  }
}
class CountedSizeSet extends Set {
  get size() {
    o.bump('CountedSizeSet.size');
    return super.size;
  }
}

/**
 * Copies of hard values with every function of `copies` ({ name: copy function }); `exports`
 * ({ name: module }) are printed as a program sees them. Values are copied many times where a
 * sampled step of the instrumentation could touch them (1% of copies are sized), so a getter
 * it would run once in a hundred copies shows in the counts.
 */
async function run({ copies, exports }) {
  for (const [name, value] of Object.entries(exports)) o.see(`exports of ${name}`, value);
  for (const [name, copy] of Object.entries(copies)) o.see(`function ${name}`, copy);

  // Proxies: no trap may run that the bare copy does not run.
  copyEach(
    'copy of a proxied object',
    copies,
    () => o.countingProxy({ a: 1, nested: { b: 2 } }, 'proxy'),
    300,
  );
  copyEach('copy of a proxied array', copies, () => o.countingProxy([1, 2, 3], 'proxyArray'), 300);
  copyEach(
    'copy of an object holding a proxy',
    copies,
    () => ({ inner: o.countingProxy({ c: 3 }, 'inner') }),
    300,
  );

  // Getters: on the source and on copies that keep them (klona/full copies descriptors).
  copyEach(
    'copy of an object with getters',
    copies,
    () => o.countingObject('getters', { x: 1, s: 'text' }),
    300,
  );
  copyEach(
    'copy of an array with a getter element',
    copies,
    () => {
      const array = [1, 2];
      Object.defineProperty(array, 1, { enumerable: true, get: () => (o.bump('array[1] getter'), 2) });
      return array;
    },
    300,
  );

  // Map/Set subclasses with overridden size (and entries).
  copyEach('copy of a Map subclass', copies, () => new CountedSizeMap([[1, { v: 1 }]]), 300);
  copyEach('copy of a Set subclass', copies, () => new CountedSizeSet([1, 2]), 300);

  // Errors the libraries throw pass through as they are.
  const circular = { a: 1 };
  circular.self = circular;
  copyEach('copy of a circular object', copies, () => circular);
  copyEach('copy of an object holding a function', copies, () => ({ f() {} }));
  copyEach('copy with no argument', copies, () => undefined);

  // A replaced, seeded Math.random: the app's sequence stays its own.
  const original = Math.random;
  let seed = 42;
  Math.random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
  copyEach('copy while Math.random is replaced', copies, () => ({ n: [1, 2, 3] }), 300);
  o.emit('seeded Math.random after copies', [Math.random(), Math.random(), Math.random()]);
  Math.random = original;

  await o.done();
}

/** A used async-mutex Mutex inside copied state: the lock's own state must not show in copies. */
async function runUsedMutex({ Mutex, copies }) {
  const mutex = new Mutex();
  await mutex.runExclusive(() => {});
  const release = await mutex.acquire();
  release();
  o.see('used mutex', mutex);
  o.attempt('used mutex deepStrictEqual new Mutex()', () => assert.deepStrictEqual(mutex, new Mutex()));
  copyEach('copy of state holding a used mutex', copies, () => ({ lock: mutex, data: { a: 1 } }));
  copyEach('copy of a used mutex, 200 times', copies, () => mutex, 200);
  await o.done();
}

/**
 * The copy functions of every integration, from the modules as the scenario loaded them
 * (`lodash`: the `_` function; `rfdc`, `rfdcDefault`, `lodashCloneDeep`, `lodashClonedeep`,
 * `clone`: the module export itself; `ungap`: @ungap/structured-clone's exports; `lodashEs`:
 * ESM only).
 */
function copiesOf(m) {
  return {
    rfdc: m.rfdc(),
    'rfdc circles': m.rfdc({ circles: true }),
    'rfdc/default': m.rfdcDefault,
    klona: m.klona.klona,
    'klona/full': m.klonaFull.klona,
    'klona/json': m.klonaJson.klona,
    'klona/lite': m.klonaLite.klona,
    'lodash cloneDeep': m.lodash.cloneDeep,
    'lodash/cloneDeep': m.lodashCloneDeep,
    'lodash.clonedeep': m.lodashClonedeep,
    'fast-copy copy': m.fastCopy.copy,
    'fast-copy copyStrict': m.fastCopy.copyStrict,
    'fast-copy createCopier()': m.fastCopy.createCopier({}),
    clone: m.clone,
    'clone circular': (value) => m.clone(value, true),
    'clone depth 1': (value) => m.clone(value, false, 1),
    '@ungap/structured-clone': m.ungap.default,
    '@ungap/structured-clone json': (value) => m.ungap.default(value, { json: true }),
    ...(m.lodashEs ? { 'lodash-es cloneDeep': m.lodashEs.cloneDeep } : {}),
    structuredClone,
  };
}

module.exports = { run, runUsedMutex, copiesOf };
