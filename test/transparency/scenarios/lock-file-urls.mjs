// async-mutex imported by file:// URL and by absolute path, the way vitest loads externalized
// packages (the loader hook then sees the entry file, not the package name): every observable
// of lock-async-mutex.part.cjs, on the copy loaded by URL.
// @expect-metrics lock_kind="mutex"
// @expect-metrics lock_kind="semaphore"
// @expect-metrics lock_outcome="timeout"
// @expect-metrics lock_outcome="rejected"
// @env STATEWATCH_DISABLED_INSTRUMENTATIONS=clone
import { fileURLToPath } from 'node:url';
import lodash from 'lodash';
import { klona } from 'klona/full';
import { copy } from 'fast-copy';
import rfdc from 'rfdc';
import observeAsyncMutex from './lock-async-mutex.part.cjs';

const url = import.meta.resolve('async-mutex');
const byUrl = await import(url);
const byPath = await import(fileURLToPath(url));
const o = (await import('../observe.cjs')).default;
o.see('same module by URL and by path', byUrl === byPath);
await observeAsyncMutex(byUrl, {
  structuredClone: (v) => structuredClone(v),
  'lodash cloneDeep': lodash.cloneDeep,
  'klona/full': klona,
  'fast-copy': copy,
  rfdc: rfdc(),
});
