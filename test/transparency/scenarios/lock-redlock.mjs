// redlock through import, against real Redis: 4.2.0 (CommonJS) and 5.0.0-beta.1 and beta2 (their
// ESM build, `import Redlock from 'redlock'`): every observable of lock-redlock.part.cjs.
// @requires redis
// @expect-metrics lock_kind="distributed_lock"
// @expect-metrics lock_name="m1,m2"
// @expect-metrics lock_outcome="rejected"
// @expect-metrics statewatch_lock_attempts_total
// @expect-metrics statewatch_lock_lease_extensions_total
// @expect-metrics statewatch_lock_lease_lost_total
// @env STATEWATCH_DISABLED_INSTRUMENTATIONS=clone
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import o from '../observe.cjs';
import releases from './lock-releases.part.cjs';
import observeRedlock from './lock-redlock.part.cjs';

for (const [alias, major] of [
  ['redlock-v4-newest', 4],
  ['redlock-v5-oldest', 5],
  ['redlock-v5-newest', 5],
]) {
  // A module beside the installed release imports it by name (its "import" condition applies).
  const entry = releases.installRelease('redlock', alias);
  const importer = join(entry.slice(0, entry.lastIndexOf('/node_modules/redlock/')), 'import-redlock.mjs');
  writeFileSync(importer, "export * from 'redlock';\nexport { default } from 'redlock';\n");
  const ns = await import(pathToFileURL(importer).href);
  o.see(`${alias} namespace keys`, Object.keys(ns).sort());
  await observeRedlock(alias, ns.default, major);
}
await o.done();
