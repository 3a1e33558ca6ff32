// bottleneck 2.19 through require(), oldest and newest: every observable of
// lock-bottleneck.part.cjs.
// @expect-metrics lock_kind="rate_limiter"
// @expect-metrics lock_name="bottleneck"
// @expect-metrics lock_name="res"
// @expect-metrics lock_outcome="rejected"
// @expect-metrics statewatch_lock_throttle_duration_seconds
// @env STATEWATCH_DISABLED_INSTRUMENTATIONS=clone
'use strict';
const o = require('../observe.cjs');
const { installRelease } = require('./lock-releases.part.cjs');
const observeBottleneck = require('./lock-bottleneck.part.cjs');

async function main() {
  for (const alias of ['bottleneck-v2-oldest', 'bottleneck-v2-newest'])
    await observeBottleneck(alias, require(installRelease('bottleneck', alias)));
  await o.done();
}
main();
