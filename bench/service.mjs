#!/usr/bin/env node
// Whole-service benchmark (`npm run bench:service`): the demo's HTTP handler under wrk (or
// autocannon when wrk is missing) with statewatch off and on, in one run, alternating; then the
// live-heap footprint of @statewatch/node/register against the bare OpenTelemetry SDK.
// `--detail` also loads a service with each statewatch instrumentation left out, and breaks the
// footprint down by part, to show what the overhead is made of.
import { readFileSync } from 'node:fs';
import { fork, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 16;
const DETAIL = process.argv.includes('--detail');
/** Clock ticks per second of /proc's CPU times (USER_HZ: 100 on Linux). */
const TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

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

/** The demo service; `disabled` lists statewatch instrumentations to leave out. */
async function startService(statewatch, disabled = []) {
  const options = {
    host: '127.0.0.1',
    port: 0,
    metricsPort: await freePort(),
    stress: { clone: 'normal', locks: 'normal', gc: 'normal' },
    driftWindow: '1m',
    statewatch,
    serviceName: 'statewatch-bench',
  };
  const child = fork(join(root, 'packages/demo/dist/service-main.js'), [JSON.stringify(options)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, STATEWATCH_DISABLED_INSTRUMENTATIONS: disabled.join(',') },
  });
  const message = await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`the demo service exited (code ${code})`)));
  });
  if (message.type !== 'ready') throw new Error(`the demo service could not start: ${message.message}`);
  return { child, url: `http://127.0.0.1:${message.port}` };
}

/**
 * CPU seconds of a process's main thread (the JavaScript thread, which bounds its throughput),
 * from /proc; undefined where there is no /proc.
 */
function mainThreadCpu(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS; // utime, stime
  } catch {
    return undefined;
  }
}

const haveWrk = spawnSync('sh', ['-c', 'command -v wrk']).status === 0;

/** One load run: requests per second and requests completed. */
async function load(url, seconds) {
  if (haveWrk) {
    const r = spawnSync(
      'wrk',
      ['-t1', `-c${CONNECTIONS}`, `-d${seconds}s`, '-s', join(root, 'bench/mix.lua'), url],
      { encoding: 'utf8' },
    );
    const rate = /Requests\/sec:\s+([\d.]+)/.exec(r.stdout);
    const total = /(\d+) requests in/.exec(r.stdout);
    if (!rate || !total) throw new Error(`wrk printed no Requests/sec:\n${r.stdout}${r.stderr}`);
    if (/Non-2xx/.test(r.stdout)) throw new Error(`wrk saw failed requests:\n${r.stdout}`);
    return { rps: Number(rate[1]), requests: Number(total[1]) };
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
  return { rps: result.requests.average, requests: result.requests.total };
}

/** Load on one service, with its main thread's CPU time per request. */
async function measure(service, seconds) {
  const before = mainThreadCpu(service.child.pid);
  const { rps, requests } = await load(service.url, seconds);
  const after = mainThreadCpu(service.child.pid);
  const cpuPerRequest = before === undefined ? undefined : (after - before) / requests;
  return { rps, cpuPerRequest };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const range = (values) => `${Math.min(...values).toFixed(3)}–${Math.max(...values).toFixed(3)}`;

async function throughput() {
  const variants = [
    { name: 'off', statewatch: false },
    { name: 'on', statewatch: true },
    ...(DETAIL
      ? ['gc', 'lock', 'clone'].map((left) => ({
          name: `on, no ${left}`,
          statewatch: true,
          disabled: [left],
        }))
      : []),
  ];
  for (const v of variants) v.service = await startService(v.statewatch, v.disabled);
  try {
    console.log(
      `load: ${haveWrk ? 'wrk' : 'autocannon'}, ${CONNECTIONS} connections, ${SECONDS}s a run, ` +
        `${ROUNDS} rounds, order rotated each round (${variants.map((v) => v.name).join(' / ')})`,
    );
    for (const v of variants) await load(v.service.url, 2); // warm-up (JIT, caches)
    for (const v of variants) v.results = [];
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 ? [...variants].reverse() : variants;
      const line = [];
      for (const v of order) {
        const result = await measure(v.service, SECONDS);
        v.results.push(result);
        line.push(`${v.name} ${result.rps.toFixed(0)} req/s`);
      }
      console.log(`  round ${round + 1}: ${line.join(', ')}`);
    }
    const [off, ...others] = variants;
    for (const v of others) {
      // Each round's ratio pairs runs seconds apart, so slow spells of the machine cancel.
      const rpsRatios = v.results.map((r, i) => r.rps / off.results[i].rps);
      const cpuRatios = v.results.map((r, i) => off.results[i].cpuPerRequest / r.cpuPerRequest);
      const cpu = (results) => `${(median(results.map((r) => r.cpuPerRequest)) * 1e6).toFixed(0)} µs`;
      console.log(
        `statewatch ${v.name}: throughput ratio ${median(rpsRatios).toFixed(3)} (rounds ${range(rpsRatios)}; ` +
          `${median(off.results.map((r) => r.rps)).toFixed(0)} → ${median(v.results.map((r) => r.rps)).toFixed(0)} req/s)`,
      );
      if (off.results[0].cpuPerRequest !== undefined)
        console.log(
          `  main-thread CPU per request ${cpu(off.results)} → ${cpu(v.results)}: ` +
            `ratio ${median(cpuRatios).toFixed(3)} (rounds ${range(cpuRatios)}); target >= 0.95`,
        );
    }
  } finally {
    for (const v of variants) v.service.child.kill('SIGTERM');
  }
}

/** Live heap after full GCs of one footprint process. */
async function footprintOf(mode, env = {}) {
  const port = await freePort();
  const args = ['--expose-gc'];
  if (mode === 'statewatch') args.push('--require', '@statewatch/node/register');
  const r = spawnSync(
    process.execPath,
    [...args, join(root, 'bench/footprint-app.cjs'), mode, String(port)],
    {
      encoding: 'utf8',
      cwd: root,
      env: {
        ...process.env,
        STATEWATCH_PROMETHEUS_PORT: String(port),
        OTEL_METRICS_EXPORTER: 'prometheus',
        ...env,
      },
    },
  );
  const line = r.stdout.trim().split('\n').at(-1);
  if (r.status !== 0 || !line?.startsWith('{'))
    throw new Error(`footprint run ${mode} failed:\n${r.stdout}${r.stderr}`);
  return JSON.parse(line).heapUsed;
}

async function footprint() {
  const REPEATS = 5;
  const disabled = (list) => ({ STATEWATCH_DISABLED_INSTRUMENTATIONS: list });
  const cases = [
    { label: 'bare Node + workload', mode: 'bare' },
    { label: '+ OTel SDK MeterProvider + Prometheus exporter', mode: 'sdk' },
    { label: '@statewatch/node/register (SDK + statewatch)', mode: 'statewatch' },
    ...(DETAIL
      ? [
          { label: '  SDK + @opentelemetry/instrumentation', mode: 'sdk-instrumentation' },
          { label: '  register, no instrumentation', mode: 'statewatch', env: disabled('gc,lock,clone') },
          { label: '  register, gc only', mode: 'statewatch', env: disabled('lock,clone') },
          { label: '  register, lock only', mode: 'statewatch', env: disabled('gc,clone') },
          { label: '  register, clone only', mode: 'statewatch', env: disabled('gc,lock') },
        ]
      : []),
  ];
  for (const c of cases) c.runs = [];
  for (let i = 0; i < REPEATS; i++) for (const c of cases) c.runs.push(await footprintOf(c.mode, c.env));
  const mb = (b) => `${(b / 1e6).toFixed(2)} MB`;
  const sdk = median(cases[1].runs);
  console.log(`footprint (live heap after full GCs, median of ${REPEATS} processes each):`);
  for (const c of cases) {
    const value = median(c.runs);
    const vsSdk = c.mode === 'bare' ? '' : `  (${value >= sdk ? '+' : ''}${mb(value - sdk)} vs SDK)`;
    console.log(`  ${c.label.padEnd(48)} ${mb(value)}${vsSdk}`);
  }
  console.log(
    `statewatch adds ${mb(median(cases[2].runs) - sdk)} to the SDK and exporter (target <= 1 MB); ` +
      `the SDK adds ${mb(sdk - median(cases[0].runs))} to a bare process`,
  );
}

console.log(`Node ${process.version}, ${process.platform} ${process.arch}`);
await throughput();
await footprint();
