// Web Locks from a CommonJS program: every observable of lock-web-locks.part.cjs.
// @requires web-locks
// @expect-metrics lock_kind="web_lock"
// @expect-metrics lock_outcome="canceled"
// @expect-metrics lock_outcome="rejected"
// @env STATEWATCH_DISABLED_INSTRUMENTATIONS=clone
require('./lock-web-locks.part.cjs')();
