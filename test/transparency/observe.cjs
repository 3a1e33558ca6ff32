// Shared observation helpers of the differential harness (see README.md). A scenario runs the
// same code in a bare and an instrumented process and prints, through these helpers, what a
// program can observe. Nothing here may depend on statewatch: it runs in the bare process too.
// Everything is printed as one JSON line per observation, `label` first, to stdout.
'use strict';

const lines = [];
const counts = new Map();

/** Prints one observation of a value. */
function see(label, value) {
  emit(label, describe(value));
}

/** Prints one line of already JSON-able data. */
function emit(label, data) {
  const line = `${label}: ${JSON.stringify(data)}`;
  lines.push(line);
  process.stdout.write(`${line}\n`);
}

/** A JSON-able description of a value that runs no user code: getters are listed, never called. */
function describe(value, depth = 0) {
  if (value === undefined) return { undefined: true };
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'symbol') return `symbol ${String(value.description)}`;
  if (typeof value === 'function') return { function: describeFunction(value) };
  if (value instanceof Error)
    return {
      error: value.constructor?.name,
      name: value.name,
      message: value.message,
      code: value.code,
      keys: ownKeys(value).filter((k) => !k.startsWith('stack:')),
    };
  if (depth > 3) return '…';
  const out = { type: Object.prototype.toString.call(value), keys: ownKeys(value) };
  if (Array.isArray(value)) out.items = value.map((v) => describe(v, depth + 1));
  else if (value instanceof Map)
    out.entries = [...value].map(([k, v]) => [describe(k, depth + 1), describe(v, depth + 1)]);
  else if (value instanceof Set) out.values = [...value].map((v) => describe(v, depth + 1));
  else
    out.values = Object.fromEntries(
      Reflect.ownKeys(value)
        .map((k) => [k, Object.getOwnPropertyDescriptor(value, k)])
        .filter(([, d]) => d && 'value' in d)
        .map(([k, d]) => [String(k), describe(d.value, depth + 1)]),
    );
  return out;
}

/**
 * Own keys, string and symbol, enumerable or not, as Reflect.ownKeys lists them, each with its
 * descriptor's shape: `name:v` (value) or `name:a` (accessor), then e/w/c for enumerable,
 * writable, configurable.
 */
function ownKeys(object) {
  return Reflect.ownKeys(object).map((k) => {
    const d = Object.getOwnPropertyDescriptor(object, k);
    if (d === undefined) return `${String(k)}:gone`;
    const flags = `${d.enumerable ? 'e' : ''}${d.writable ? 'w' : ''}${d.configurable ? 'c' : ''}`;
    return `${String(k)}:${'value' in d ? 'v' : 'a'}${flags}`;
  });
}

/** What a program sees of a function without running it: name, length, own keys, constructor. */
function describeFunction(fn) {
  return {
    name: fn.name,
    length: fn.length,
    keys: ownKeys(fn),
    kind: Object.getPrototypeOf(fn)?.constructor?.name,
  };
}

/**
 * Microtask turns until a promise settles, and how: a chain of `Promise.resolve().then` ticks
 * counts the turns. A promise still pending after `limit` turns waits for a macrotask (a timer,
 * I/O); it is then reported as `later`, with its outcome.
 */
async function settle(label, promise, limit = 200) {
  let outcome;
  Promise.resolve(promise).then(
    (value) => (outcome = { resolved: describe(value) }),
    (error) => (outcome = { rejected: describe(error) }),
  );
  let turns = 0;
  while (outcome === undefined && turns < limit) {
    await Promise.resolve();
    turns++;
  }
  if (outcome === undefined) {
    await Promise.resolve(promise).then(
      () => {},
      () => {},
    );
    await Promise.resolve();
    await Promise.resolve();
    emit(label, { turns: 'later', ...outcome });
  } else emit(label, { turns, ...outcome });
}

/** Runs `fn` and prints what it returned or threw (synchronously). */
function attempt(label, fn) {
  try {
    const value = fn();
    emit(label, { returned: describe(value) });
    return value;
  } catch (error) {
    emit(label, { threw: describe(error) });
    return undefined;
  }
}

/** Counts calls of `object[method]` (e.g. Math.random) from now on; `counted()` prints them. */
function countCalls(object, method, name = method) {
  const original = object[method];
  counts.set(name, 0);
  object[method] = function (...args) {
    counts.set(name, counts.get(name) + 1);
    return original.apply(this, args);
  };
}

/** An object whose every property access and trap is counted under `name`. */
function countingProxy(target, name) {
  const traps = {};
  for (const trap of Object.getOwnPropertyNames(Reflect)) {
    traps[trap] = (...args) => {
      const key = `${name}.${trap}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      return Reflect[trap](...args);
    };
  }
  return new Proxy(target, traps);
}

/** An object with counted getters and counted `toString` / `valueOf` / `then` accesses. */
function countingObject(name, properties = {}) {
  const object = {};
  for (const [key, value] of Object.entries(properties))
    Object.defineProperty(object, key, {
      enumerable: true,
      get() {
        bump(`${name}.get ${key}`);
        return value;
      },
    });
  return object;
}

function bump(key) {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

/** Prints every count so far. */
function counted(label = 'counts') {
  emit(label, Object.fromEntries([...counts].sort(([a], [b]) => (a < b ? -1 : 1))));
}

/**
 * The end of a scenario: prints every count, then, in the instrumented process (where the runner
 * sets TRANSPARENCY_METRICS_URL), saves statewatch's /metrics to TRANSPARENCY_METRICS_FILE so the
 * runner can check that the instrumentation really recorded. Prints nothing more.
 */
async function done() {
  counted();
  const url = process.env.TRANSPARENCY_METRICS_URL;
  const file = process.env.TRANSPARENCY_METRICS_FILE;
  if (!url || !file) return;
  let text;
  try {
    text = await (await fetch(url)).text();
  } catch (err) {
    text = `# scrape failed: ${String(err)}\n`;
  }
  require('node:fs').writeFileSync(file, text);
}

module.exports = {
  done,
  see,
  emit,
  describe,
  ownKeys,
  describeFunction,
  settle,
  attempt,
  countCalls,
  countingProxy,
  countingObject,
  bump,
  counted,
  lines,
};
