// bottleneck 2.19 (CommonJS) through import, oldest and newest: every observable of
// lock-bottleneck.part.cjs.
// @expect-metrics lock_kind="rate_limiter"
// @expect-metrics lock_name="bottleneck"
// @expect-metrics lock_name="res"
// @expect-metrics lock_outcome="rejected"
// @expect-metrics statewatch_lock_throttle_duration_seconds
// @env STATEWATCH_DISABLED_INSTRUMENTATIONS=clone
import { pathToFileURL } from 'node:url';
import o from '../observe.cjs';
import releases from './lock-releases.part.cjs';
import observeBottleneck from './lock-bottleneck.part.cjs';

for (const alias of ['bottleneck-v2-oldest', 'bottleneck-v2-newest']) {
  const ns = await import(pathToFileURL(releases.installRelease('bottleneck', alias)).href);
  o.see(`${alias} namespace keys`, Object.keys(ns).sort());
  await observeBottleneck(alias, ns.default);
}
await o.done();
