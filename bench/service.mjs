#!/usr/bin/env node
// Whole-service benchmark (`npm run bench:service`): the demo's HTTP handler under wrk (or
// autocannon when wrk is missing) with statewatch off and on, in one run, alternating; then the
// live-heap footprint of @statewatch/node/register against the bare OpenTelemetry SDK.
import { fork, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = 16;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function startService(statewatch) {
  const options = {
    host: '127.0.0.1',
    port: 0,
    metricsPort: await freePort(),
    stress: { clone: 'normal', locks: 'normal', gc: 'normal' },
    driftWindow: '1m',
    statewatch,
    serviceName: 'statewatch-bench',
  };
  const child = fork(join(root, 'packages/cli/dist/demo/service-main.js'), [JSON.stringify(options)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const message = await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`the demo service exited (code ${code})`)));
  });
  if (message.type !== 'ready') throw new Error(`the demo service could not start: ${message.message}`);
  return { child, url: `http://127.0.0.1:${message.port}` };
}

const haveWrk = spawnSync('sh', ['-c', 'command -v wrk']).status === 0;

/** Requests per second of one load run. */
async function load(url, seconds) {
  if (haveWrk) {
    const r = spawnSync(
      'wrk',
      ['-t1', `-c${CONNECTIONS}`, `-d${seconds}s`, '-s', join(root, 'bench/mix.lua'), url],
      { encoding: 'utf8' },
    );
    const match = /Requests\/sec:\s+([\d.]+)/.exec(r.stdout);
    if (!match) throw new Error(`wrk printed no Requests/sec:\n${r.stdout}${r.stderr}`);
    if (/Non-2xx/.test(r.stdout)) throw new Error(`wrk saw failed requests:\n${r.stdout}`);
    return Number(match[1]);
  }
  const autocannon = require('autocannon');
  const body = JSON.stringify({ age: 42, income: 50000, country: 'US', device: 'mobile' });
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      { method: 'GET', path: '/catalog/p1' },
      { method: 'POST', path: '/score', headers: { 'content-type': 'application/json' }, body },
      { method: 'GET', path: '/report' },
      { method: 'GET', path: '/catalog/p42' },
    ],
  });
  if (result.non2xx) throw new Error(`autocannon saw ${result.non2xx} failed requests`);
  return result.requests.average;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function throughput() {
  const services = { off: await startService(false), on: await startService(true) };
  try {
    console.log(
      `load: ${haveWrk ? 'wrk' : 'autocannon'}, ${CONNECTIONS} connections, ${SECONDS}s a run, ${ROUNDS} rounds`,
    );
    for (const mode of ['off', 'on']) await load(services[mode].url, 2); // warm-up (JIT, caches)
    const results = { off: [], on: [] };
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 ? ['on', 'off'] : ['off', 'on'];
      for (const mode of order) {
        const rps = await load(services[mode].url, SECONDS);
        results[mode].push(rps);
        console.log(`  round ${round + 1} statewatch ${mode.padEnd(3)} ${rps.toFixed(0)} req/s`);
      }
    }
    const ratio = median(results.on) / median(results.off);
    const pairs = results.on.map((on, i) => on / results.off[i]);
    console.log(
      `whole service: median ${median(results.off).toFixed(0)} req/s off, ${median(results.on).toFixed(0)} req/s on, ` +
        `ratio ${ratio.toFixed(3)} (per round ${pairs.map((p) => p.toFixed(3)).join(', ')}; target >= 0.95)`,
    );
    return ratio;
  } finally {
    for (const s of Object.values(services)) s.child.kill('SIGTERM');
  }
}

async function footprintOf(mode) {
  const port = await freePort();
  const args = ['--expose-gc'];
  if (mode === 'statewatch') args.push('--require', '@statewatch/node/register');
  const r = spawnSync(
    process.execPath,
    [...args, join(root, 'bench/footprint-app.cjs'), mode, String(port)],
    {
      encoding: 'utf8',
      cwd: root,
      env: { ...process.env, STATEWATCH_PROMETHEUS_PORT: String(port), OTEL_METRICS_EXPORTER: 'prometheus' },
    },
  );
  const line = r.stdout.trim().split('\n').at(-1);
  if (r.status !== 0 || !line?.startsWith('{'))
    throw new Error(`footprint run ${mode} failed:\n${r.stdout}${r.stderr}`);
  return JSON.parse(line).heapUsed;
}

async function footprint() {
  const runs = { bare: [], sdk: [], statewatch: [] };
  for (let i = 0; i < 3; i++) for (const mode of Object.keys(runs)) runs[mode].push(await footprintOf(mode));
  const mb = (b) => `${(b / 1e6).toFixed(2)} MB`;
  const [bare, sdk, statewatch] = ['bare', 'sdk', 'statewatch'].map((m) => median(runs[m]));
  console.log('footprint (live heap after full GCs, median of 3 processes):');
  console.log(`  bare Node + workload                         ${mb(bare)}`);
  console.log(`  + OTel SDK MeterProvider + Prometheus exporter ${mb(sdk)}  (SDK adds ${mb(sdk - bare)})`);
  console.log(`  @statewatch/node/register (SDK + statewatch)   ${mb(statewatch)}`);
  console.log(`statewatch's own code adds ${mb(statewatch - sdk)} (target <= 1 MB)`);
}

console.log(`Node ${process.version}, ${process.platform} ${process.arch}`);
await throughput();
await footprint();
