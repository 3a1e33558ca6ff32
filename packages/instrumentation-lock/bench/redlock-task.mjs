// One redlock workload for bench/redlock-callgrind.sh: `await acquire; await release` of one key,
// --ops times, against three real redis-servers this process starts on loopback, with the
// release bare (its alias directory, not matched) or instrumented (copied to
// node_modules/redlock, required after enabling, SDK recording with a Prometheus reader).
// Options: --alias redlock-v4-newest|redlock-v5-newest, --variant bare|instrumented, --ops N.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const { values: opts } = parseArgs({
  options: {
    alias: { type: 'string', default: 'redlock-v4-newest' },
    variant: { type: 'string', default: 'bare' },
    ops: { type: 'string', default: '1000' },
  },
});
const ROOT = resolve(import.meta.dirname, '../../../node_modules');
const DEPENDENCIES = { 'redlock-v4-newest': ['bluebird'], 'redlock-v5-newest': ['node-abort-controller'] };
const { MeterProvider } = require('@opentelemetry/sdk-metrics');
const { PrometheusExporter } = require('@opentelemetry/exporter-prometheus');
const { LockInstrumentation, isWrapped } = require('../dist/index.js');
const { startRedisServers } = require('../../../test/utils/redis-server.cjs');
const Redis = require('ioredis');

const instrumentation = new LockInstrumentation({ webLocks: false });
instrumentation.setMeterProvider(
  new MeterProvider({ readers: [new PrometheusExporter({ preventServerStart: true })] }),
);
const dir = mkdtempSync(join(tmpdir(), 'redlock-task-'));
for (const [name, from] of [['redlock', opts.alias], ...DEPENDENCIES[opts.alias].map((d) => [d, d])])
  cpSync(join(ROOT, from), join(dir, 'node_modules', name), { recursive: true, dereference: true });
const exports =
  opts.variant === 'bare'
    ? require(join(ROOT, opts.alias))
    : require(require.resolve('redlock', { paths: [dir] }));
rmSync(dir, { recursive: true, force: true });
const Redlock = typeof exports === 'function' ? exports : exports.default;
if (isWrapped(Redlock.prototype.extend) !== (opts.variant === 'instrumented')) throw new Error('bench setup');
const v4 = opts.alias.startsWith('redlock-v4');

const servers = await startRedisServers(3);
const clients = servers.map((s) => new Redis(s.port, '127.0.0.1'));
const redlock = new Redlock(clients, { retryCount: 0 });
for (let i = 0; i < Number(opts.ops); i++) {
  const lock = await (v4 ? redlock.lock('bench', 60_000) : redlock.acquire(['bench'], 60_000));
  await (v4 ? lock.unlock() : lock.release());
}
for (const c of clients) c.disconnect();
await Promise.all(servers.map((s) => s.stop()));
