// A real user's vitest project: statewatch is loaded into every test worker the way a service
// owner would (`--import @statewatch/node/register`), and the tests import the libraries as an
// app does. vitest loads externalized packages by file URL, which is the point of this project.
// Run by ../vitest-project.test.ts with STATEWATCH_PROMETHEUS_PORT set; one worker at a time,
// each file in a fresh process, so the embedded endpoint's port is free for each.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['*.test.mjs'],
    pool: 'forks',
    execArgv: ['--import', '@statewatch/node/register'],
    fileParallelism: false,
    isolate: true,
    testTimeout: 30_000,
  },
});
