// p-queue 6 (CommonJS) through require(), oldest and newest: every observable of
// lock-p-queue.part.cjs.
// @expect-metrics lock_kind="queue"
// @expect-metrics lock_name="p-queue"
// @expect-metrics lock_outcome="canceled"
// @env STATEWATCH_DISABLED_INSTRUMENTATIONS=clone
'use strict';
const o = require('../observe.cjs');
const { installRelease } = require('./lock-releases.part.cjs');
const observePQueue = require('./lock-p-queue.part.cjs');

async function main() {
  for (const alias of ['p-queue-v6-oldest', 'p-queue-v6-newest'])
    await observePQueue(alias, require(installRelease('p-queue', alias)).default);
  await o.done();
}
main();
