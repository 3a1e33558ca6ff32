import { defineConfig } from 'vitest/config';

// A user's own vitest project, run by ../vitest-project.test.ts: its test workers start with
// statewatch registered, as a service's test suite would (`--import @statewatch/node/register`).
// vitest loads the libraries the specs import (externalized node_modules) by file:// URL.
export default defineConfig({
  test: {
    include: ['**/*.spec.ts'],
    pool: 'forks',
    execArgv: ['--import', '@statewatch/node/register'],
    // One worker at a time: each serves statewatch's /metrics on STATEWATCH_PROMETHEUS_PORT.
    fileParallelism: false,
    testTimeout: 30_000,
  },
});
