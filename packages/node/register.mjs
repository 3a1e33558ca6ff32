// `node --import @statewatch/node/register app.js`: ESM and CommonJS apps.
// The ESM loader hook must be in place before the app's first import, so it is registered here,
// intercepting only the modules statewatch patches. Where Node has working synchronous hooks
// (module.registerHooks: 22.22.3+, 24.11.1+, 26) they are used; older releases fall back to
// module.register, which Node 26 deprecates.
import { createRequire, register as registerAsyncLoader } from 'node:module';
import { register as registerSyncHooks, supportsSyncHooks } from 'import-in-the-middle/register-hooks.mjs';

const require = createRequire(import.meta.url);
const { prepareFromEnvironment, startPrepared } = require('./dist/register-core.js');
const { reportOnce } = require('./dist/diagnostics.js');

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

try {
  const prepared = prepareFromEnvironment();
  if (prepared) {
    const include = prepared.moduleNames.flatMap((name) => [
      name,
      new RegExp(`^${escape(name)}/`),
      new RegExp(`/node_modules/${escape(name)}/`),
    ]);
    if (supportsSyncHooks()) registerSyncHooks({ include });
    else
      registerAsyncLoader('@opentelemetry/instrumentation/hook.mjs', import.meta.url, { data: { include } });
    startPrepared(prepared);
  }
} catch (err) {
  reportOnce('register', `not started: ${String(err)}`);
}
