// p-limit 3 (CommonJS) through require(), oldest and newest: every observable of
// lock-p-limit.part.cjs.
// @expect-metrics lock_kind="limiter"
// @expect-metrics lock_name="p-limit"
// @expect-metrics lock_outcome="canceled"
// @env STATEWATCH_DISABLED_INSTRUMENTATIONS=clone
'use strict';
const o = require('../observe.cjs');
const { installRelease } = require('./lock-releases.part.cjs');
const observePLimit = require('./lock-p-limit.part.cjs');

process.on('unhandledRejection', (err) => o.bump(`unhandledRejection ${err.message}`));
async function main() {
  for (const alias of ['p-limit-v3-oldest', 'p-limit-v3-newest'])
    await observePLimit(alias, require(installRelease('p-limit', alias)));
  await o.done();
}
main();
