// async-lock 1 (CommonJS) through import, oldest and newest: every observable of
// lock-async-lock.part.cjs.
// @expect-metrics lock_kind="keyed_lock"
// @expect-metrics lock_name="x"
// @env STATEWATCH_DISABLED_INSTRUMENTATIONS=clone
import { pathToFileURL } from 'node:url';
import o from '../observe.cjs';
import releases from './lock-releases.part.cjs';
import observeAsyncLock from './lock-async-lock.part.cjs';

for (const alias of ['async-lock-v1-oldest', 'async-lock-v1-newest']) {
  const ns = await import(pathToFileURL(releases.installRelease('async-lock', alias)).href);
  o.see(`${alias} namespace keys`, Object.keys(ns).sort());
  await observeAsyncLock(alias, ns.default);
}
await o.done();
