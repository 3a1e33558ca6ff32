// async-lock 1 through require(), oldest and newest: every observable of lock-async-lock.part.cjs.
// @expect-metrics lock_kind="keyed_lock"
// @expect-metrics lock_name="x"
// @expect-metrics lock_outcome="timeout"
// @expect-metrics lock_outcome="rejected"
// @env STATEWATCH_DISABLED_INSTRUMENTATIONS=clone
'use strict';
const o = require('../observe.cjs');
const { installRelease } = require('./lock-releases.part.cjs');
const observeAsyncLock = require('./lock-async-lock.part.cjs');

async function main() {
  for (const alias of ['async-lock-v1-oldest', 'async-lock-v1-newest'])
    await observeAsyncLock(alias, require(installRelease('async-lock', alias)));
  await o.done();
}
main();
