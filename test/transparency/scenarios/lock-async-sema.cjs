// async-sema 3 through require(), oldest and newest: every observable of lock-async-sema.part.cjs.
// @expect-metrics lock_kind="limiter"
// @expect-metrics lock_name="async-sema"
// @expect-metrics lock_outcome="rejected"
// @env STATEWATCH_DISABLED_INSTRUMENTATIONS=clone
'use strict';
const o = require('../observe.cjs');
const { installRelease } = require('./lock-releases.part.cjs');
const observeAsyncSema = require('./lock-async-sema.part.cjs');

async function main() {
  for (const alias of ['async-sema-v3-oldest', 'async-sema-v3-newest'])
    await observeAsyncSema(alias, require(installRelease('async-sema', alias)));
  await o.done();
}
main();
