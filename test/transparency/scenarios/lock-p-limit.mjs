// p-limit through import, the oldest and newest release of every supported major (3 is
// CommonJS, 4+ ESM only): every observable of lock-p-limit.part.cjs, plus the members of the
// later majors (concurrency, map, rejectOnClear, limitFunction).
// @expect-metrics lock_kind="limiter"
// @expect-metrics lock_name="p-limit"
// @expect-metrics lock_outcome="canceled"
// @env STATEWATCH_DISABLED_INSTRUMENTATIONS=clone
import { pathToFileURL } from 'node:url';
import o from '../observe.cjs';
import releases from './lock-releases.part.cjs';
import observePLimit from './lock-p-limit.part.cjs';

process.on('unhandledRejection', (err) => o.bump(`unhandledRejection ${err.message}`));
const ALIASES = [
  'p-limit-v3-oldest',
  'p-limit-v3-newest',
  'p-limit-v4',
  'p-limit-v5',
  'p-limit-v6-oldest',
  'p-limit-v6-newest',
  'p-limit-v7-oldest',
  'p-limit-v7-newest',
];

async function more(at, pLimit, limit, ns) {
  if ('concurrency' in limit) {
    o.see(at('concurrency'), limit.concurrency);
    o.attempt(at('concurrency = 0'), () => (limit.concurrency = 0));
    limit.concurrency = 3;
    o.see(at('concurrency after set'), limit.concurrency);
  }
  if (typeof limit.map === 'function')
    await o.settle(
      at('map'),
      limit.map([1, 2, 3], (v, i) => v * 10 + (i ?? 0)),
    );
  if (typeof ns.limitFunction === 'function') {
    const limited = ns.limitFunction(async (x) => x + 1, { concurrency: 1 });
    o.see(at('limitFunction result'), limited);
    await o.settle(at('limitFunction call'), limited(1));
  }
  const rejecting = o.attempt(at('pLimit({ concurrency: 1, rejectOnClear: true })'), () =>
    pLimit({ concurrency: 1, rejectOnClear: true }),
  );
  if (typeof rejecting === 'function') {
    const busy = rejecting(() => new Promise((r) => setTimeout(r, 5)));
    const queued = rejecting(() => 'queued');
    rejecting.clearQueue();
    await o.settle(at('rejectOnClear queued task'), queued);
    await busy;
  }
}

for (const alias of ALIASES) {
  const ns = await import(pathToFileURL(releases.installRelease('p-limit', alias)).href);
  o.see(`${alias} namespace keys`, Object.keys(ns).sort());
  await observePLimit(alias, ns.default, { more: (at, pLimit, limit) => more(at, pLimit, limit, ns) });
}
await o.done();
