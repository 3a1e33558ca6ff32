// redlock 4.2.0, 5.0.0-beta.1 and 5.0.0-beta2 through require(), against real Redis: every
// observable of lock-redlock.part.cjs.
// @requires redis
// @expect-metrics lock_kind="distributed_lock"
// @expect-metrics lock_name="m1,m2"
// @expect-metrics lock_outcome="rejected"
// @expect-metrics statewatch_lock_attempts_total
// @expect-metrics statewatch_lock_lease_extensions_total
// @expect-metrics statewatch_lock_lease_lost_total
// @env STATEWATCH_DISABLED_INSTRUMENTATIONS=clone
'use strict';
const o = require('../observe.cjs');
const { installRelease } = require('./lock-releases.part.cjs');
const observeRedlock = require('./lock-redlock.part.cjs');

async function main() {
  for (const [alias, major] of [
    ['redlock-v4-newest', 4],
    ['redlock-v5-oldest', 5],
    ['redlock-v5-newest', 5],
  ]) {
    const exports = require(installRelease('redlock', alias));
    await observeRedlock(alias, major === 4 ? exports : exports.default, major);
  }
  await o.done();
}
main();
