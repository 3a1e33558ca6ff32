// Web Locks from an ES module: every observable of lock-web-locks.part.cjs.
// @requires web-locks
// @expect-metrics lock_kind="web_lock"
// @expect-metrics lock_outcome="canceled"
// @expect-metrics lock_outcome="rejected"
// @env STATEWATCH_DISABLED_INSTRUMENTATIONS=clone
import observeWebLocks from './lock-web-locks.part.cjs';

await observeWebLocks();
