#!/usr/bin/env node
// `npm test`: build, lint, then every suite (vitest on Node 24 with the unit tests again on 22
// and 26, go test for each Go module, promtool 3 for the rules), ending with one line
// `N passed, N failed` that sums them all. With CI=true a missing tool fails the run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const cacheDir = join(root, '.cache');
mkdirSync(cacheDir, { recursive: true });
const inCI = process.env.CI === 'true';
const results = []; // { suite, passed, failed, note }

function run(cmd, args, opts = {}) {
  console.log(`\n▶ ${[cmd, ...args].join(' ')}${opts.cwd ? `  (in ${opts.cwd})` : ''}`);
  return spawnSync(cmd, args, {
    stdio: opts.capture ? ['inherit', 'pipe', 'inherit'] : 'inherit',
    cwd: opts.cwd ?? root,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    env: process.env,
  });
}

function have(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0;
}

function missing(suite, what) {
  if (inCI)
    results.push({ suite, passed: 0, failed: 1, note: `${what} is missing (CI=true: that fails the run)` });
  else results.push({ suite, passed: 0, failed: 0, note: `SKIPPED: ${what} is missing` });
}

function step(suite, cmd, args) {
  const r = run(cmd, args);
  results.push({ suite, passed: r.status === 0 ? 1 : 0, failed: r.status === 0 ? 0 : 1 });
  return r.status === 0;
}

function vitest(suite, nodeBinary, projectArgs) {
  const out = join(cacheDir, `vitest-${suite.replace(/\W+/g, '-')}.json`);
  const vitestBin = join(root, 'node_modules/vitest/vitest.mjs');
  const r = run(nodeBinary, [
    vitestBin,
    'run',
    ...projectArgs,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${out}`,
  ]);
  if (!existsSync(out))
    return results.push({ suite, passed: 0, failed: 1, note: `vitest wrote no report (exit ${r.status})` });
  const report = JSON.parse(readFileSync(out, 'utf8'));
  const failedFiles = report.testResults.filter(
    (f) => f.status === 'failed' && f.assertionResults.length === 0,
  ).length;
  results.push({
    suite,
    passed: report.numPassedTests,
    failed:
      report.numFailedTests +
      failedFiles +
      (r.status !== 0 && report.numFailedTests + failedFiles === 0 ? 1 : 0),
    // Skips are by design (e.g. Web Locks on a Node without them); say how many, never hide them.
    note: report.numPendingTests > 0 ? `${report.numPendingTests} skipped by design` : undefined,
  });
}

function goModules(dir) {
  if (!existsSync(dir)) return [];
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('_') || entry.name === 'node_modules') continue;
    const sub = join(dir, entry.name);
    if (existsSync(join(sub, 'go.mod'))) found.push(sub);
    found.push(...goModules(sub));
  }
  return found;
}

function goTest(moduleDir) {
  const suite = `go test ${moduleDir.slice(root.length + 1)}`;
  const r = run('go', ['test', '-race', '-count=1', '-json', './...'], { cwd: moduleDir, capture: true });
  let passed = 0,
    failed = 0;
  for (const line of (r.stdout ?? '').split('\n')) {
    if (!line.startsWith('{')) continue;
    const ev = JSON.parse(line);
    if (
      ev.Action === 'output' &&
      (ev.Output.startsWith('---') ||
        ev.Output.startsWith('FAIL') ||
        ev.Output.startsWith('ok') ||
        /panic|_test\.go:\d+/.test(ev.Output))
    )
      process.stdout.write(ev.Output);
    if (!ev.Test) {
      if (ev.Action === 'fail' && !ev.Test) failed += 0;
      continue;
    }
    if (ev.Action === 'pass') passed++;
    if (ev.Action === 'fail') failed++;
  }
  if (r.status !== 0 && failed === 0) failed = 1; // build failure: no test event at all
  results.push({ suite, passed, failed });
}

function promtool() {
  const rulesDir = join(root, 'dashboards/rules');
  if (!existsSync(rulesDir)) return;
  if (!promBin) return missing('promtool', 'promtool 3 (scripts/ensure-prometheus.sh)');
  const promtool = join(promBin, 'promtool');
  const ruleFiles = readdirSync(rulesDir)
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => join(rulesDir, f));
  if (ruleFiles.length) step('promtool check rules', promtool, ['check', 'rules', ...ruleFiles]);
  const testsDir = join(rulesDir, 'tests');
  const testFiles = existsSync(testsDir) ? readdirSync(testsDir).filter((f) => /\.ya?ml$/.test(f)) : [];
  for (const f of testFiles) {
    const groups = (readFileSync(join(testsDir, f), 'utf8').match(/^\s{2}- interval:/gm) ?? []).length || 1;
    const r = run(promtool, ['test', 'rules', f], { cwd: testsDir });
    results.push({
      suite: `promtool test rules ${f}`,
      passed: r.status === 0 ? groups : 0,
      failed: r.status === 0 ? 0 : groups,
    });
  }
}

// 0. Prometheus 3 and promtool, built once per version into a cache outside the repository
// (scripts/ensure-prometheus.sh): first on PATH for every suite (rule tests, query and e2e tests).
let promBin;
function ensurePrometheus() {
  if (!have('go'))
    return missing('prometheus 3', 'the go toolchain (Prometheus 3 is built from the Go module proxy)');
  const r = spawnSync('bash', [join(root, 'scripts/ensure-prometheus.sh')], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (r.status !== 0)
    return missing('prometheus 3', `Prometheus 3 (scripts/ensure-prometheus.sh exit ${r.status})`);
  promBin = r.stdout.trim();
  process.env.PATH = `${promBin}:${process.env.PATH}`;
  // Not a STATEWATCH_* name: register warns about unknown ones, and test apps inherit this.
  process.env.PROMETHEUS3_BIN_DIR = promBin;
}
ensurePrometheus();

// 1. Build and lint: nothing else is meaningful if these fail.
if (!step('build (tsc -b)', 'npx', ['tsc', '-b'])) finish();
step('lint', 'npm', ['run', 'lint', '--silent']);
// The statewatch collector (cached; ocb and modules from the Go module proxy): e2e tests run it.
if (have('go')) step('collector build', 'bash', ['collector/build.sh']);
else missing('collector build', 'the go toolchain');

// 2. vitest: everything on the pinned Node 24, the unit tests again on 22 and 26.
vitest('vitest node24', join(root, 'node_modules/.bin/node'), []);
for (const [label, bin] of [
  ['node22', 'node_modules/node22/bin/node'],
  ['node26', 'node_modules/node26/bin/node'],
]) {
  if (existsSync(join(root, bin))) vitest(`vitest ${label} (unit)`, join(root, bin), ['--project', 'unit']);
  else missing(`vitest ${label}`, `${bin} (npm ci installs it)`);
}

// 3. Go modules under collector/.
const modules = goModules(join(root, 'collector'));
if (modules.length) {
  if (!have('go')) missing('go test', 'the go toolchain');
  else for (const m of modules) goTest(m);
}

// 4. Prometheus rules.
promtool();
finish();

function finish() {
  console.log('\nSuites:');
  for (const r of results)
    console.log(
      `  ${r.failed ? '✗' : '✓'} ${r.suite}: ${r.passed} passed, ${r.failed} failed${r.note ? ` — ${r.note}` : ''}`,
    );
  const passed = results.reduce((a, r) => a + r.passed, 0);
  const failed = results.reduce((a, r) => a + r.failed, 0);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}
