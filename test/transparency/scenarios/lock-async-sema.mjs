// async-sema 3 (CommonJS) through import, oldest and newest: every observable of
// lock-async-sema.part.cjs.
// @expect-metrics lock_kind="limiter"
// @expect-metrics lock_name="async-sema"
// @env STATEWATCH_DISABLED_INSTRUMENTATIONS=clone
import { pathToFileURL } from 'node:url';
import o from '../observe.cjs';
import releases from './lock-releases.part.cjs';
import observeAsyncSema from './lock-async-sema.part.cjs';

for (const alias of ['async-sema-v3-oldest', 'async-sema-v3-newest']) {
  const ns = await import(pathToFileURL(releases.installRelease('async-sema', alias)).href);
  o.see(`${alias} namespace keys`, Object.keys(ns).sort());
  await observeAsyncSema(alias, ns.default ?? ns);
}
await o.done();
