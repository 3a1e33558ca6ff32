// `node --require @statewatch/node/register app.js`: CommonJS apps (require-in-the-middle
// patches modules as they are required). ESM apps use `--import`, served by register.mjs.
import { prepareFromEnvironment, startPrepared } from './register-core';

const prepared = prepareFromEnvironment();
if (prepared) startPrepared(prepared);
