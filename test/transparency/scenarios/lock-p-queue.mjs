// p-queue through import, the oldest and newest release of every supported major (6 is
// CommonJS, 7 to 10 ESM only): every observable of lock-p-queue.part.cjs.
// @expect-metrics lock_kind="queue"
// @expect-metrics lock_name="p-queue"
// @expect-metrics lock_outcome="canceled"
// @env STATEWATCH_DISABLED_INSTRUMENTATIONS=clone
import { pathToFileURL } from 'node:url';
import o from '../observe.cjs';
import releases from './lock-releases.part.cjs';
import observePQueue from './lock-p-queue.part.cjs';

const ALIASES = [
  'p-queue-v6-oldest',
  'p-queue-v6-newest',
  'p-queue-v7-oldest',
  'p-queue-v7-newest',
  'p-queue-v8-oldest',
  'p-queue-v8-newest',
  'p-queue-v9-oldest',
  'p-queue-v9-newest',
  'p-queue-v10',
];
for (const alias of ALIASES) {
  const ns = await import(pathToFileURL(releases.installRelease('p-queue', alias)).href);
  o.see(`${alias} namespace keys`, Object.keys(ns).sort());
  await observePQueue(alias, typeof ns.default === 'function' ? ns.default : ns.default.default);
}
await o.done();
