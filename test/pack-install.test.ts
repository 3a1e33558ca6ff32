// Every published package installs from its `npm pack` tarball into a fresh project outside the
// monorepo (third-party dependencies from the npm registry, or npm's cache), and works there:
// `npx statewatch --help`, `grafana import --dry-run`, `baseline build`, `statewatch demo`, and
// `node --import @statewatch/node/register app.mjs` serving statewatch metrics.
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { mkdtempSync, readdirSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './utils/ports';

const ROOT = resolve(import.meta.dirname, '..');
let work = '';
let project = '';
let npmCli = '';
// The project's Node first on PATH: `#!/usr/bin/env node` bins and npx run on it.
const env = {
  ...process.env,
  PATH: `${dirname(process.execPath)}:${process.env.PATH}`,
  npm_config_update_notifier: 'false',
};

function sh(cmd: string, args: string[], o: SpawnSyncOptions = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env, timeout: 240_000, ...o });
  return { status: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}
const npm = (args: string[], cwd: string) => sh(process.execPath, [npmCli, ...args], { cwd });

beforeAll(() => {
  npmCli = realpathSync(sh('sh', ['-c', 'command -v npm']).stdout.trim());
  work = mkdtempSync(join(tmpdir(), 'statewatch-pack-'));
  const packed = npm(
    ['pack', '--workspaces', '--pack-destination', work, '--ignore-scripts', '--json'],
    ROOT,
  );
  expect(packed.status, packed.stderr).toBe(0);
  project = join(work, 'project');
  sh('mkdir', [project]);
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'fresh', version: '1.0.0', private: true, type: 'module' }),
  );
  const tarballs = readdirSync(work)
    .filter((f) => f.endsWith('.tgz'))
    .map((f) => join(work, f));
  const installed = npm(
    ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', ...tarballs],
    project,
  );
  expect(installed.status, installed.stderr).toBe(0);
}, 300_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the packed packages, installed outside the monorepo', () => {
  it('packs every workspace package that is published', () => {
    const tarballs = readdirSync(work)
      .filter((f) => f.endsWith('.tgz'))
      .sort();
    expect(tarballs).toEqual(
      [
        'cli',
        'dashboards',
        'demo',
        'feature-drift',
        'instrumentation-clone',
        'instrumentation-common',
        'instrumentation-gc',
        'instrumentation-lock',
        'node',
        'semconv',
      ].map((p) => `statewatch-${p}-0.1.0.tgz`),
    );
  });

  it('npx statewatch --help and grafana import --dry-run', () => {
    const help = npm(['exec', '--no', '--', 'statewatch', '--help'], project);
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toContain('Usage: statewatch <command> [options]');
    const dry = npm(['exec', '--no', '--', 'statewatch', 'grafana', 'import', '--dry-run'], project);
    expect(dry.status, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/dashboards \(\d+ to create, 0 to update, 0 unchanged\)/);
  });

  it('statewatch baseline build', () => {
    writeFileSync(join(project, 'data.csv'), 'age,country\n30,DE\n41,US\n25,\n52,DE\n');
    const r = npm(
      [
        'exec',
        '--no',
        '--',
        'statewatch',
        'baseline',
        'build',
        '--input',
        'data.csv',
        '--numeric',
        'age',
        '--categorical',
        'country',
        '--out',
        'baseline.json',
      ],
      project,
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^wrote baseline\.json: baseline [0-9a-f]{12}, 4 records/);
  });

  it('statewatch demo (with @statewatch/demo installed)', async () => {
    const r = npm(
      [
        'exec',
        '--no',
        '--',
        'statewatch',
        'demo',
        '--duration',
        '3s',
        '--view',
        'none',
        '--port',
        '0',
        '--metrics-port',
        String(await freePort()),
      ],
      project,
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('demo stopped.');
  });

  it('the CLI works without the demo, lock and clone packages; statewatch demo then says what to install', () => {
    const hidden = [
      '@statewatch/demo',
      '@statewatch/instrumentation-lock',
      '@statewatch/instrumentation-clone',
      'async-mutex',
    ];
    const move = (from: string, to: string) =>
      renameSync(join(project, 'node_modules', from), join(project, 'node_modules', to));
    hidden.forEach((p) => move(p, `${p}.hidden`));
    try {
      expect(
        npm(['exec', '--no', '--', 'statewatch', 'grafana', 'import', '--dry-run'], project).status,
      ).toBe(0);
      const demo = npm(['exec', '--no', '--', 'statewatch', 'demo'], project);
      expect(demo.status).toBe(2);
      expect(demo.stderr).toContain(
        'statewatch demo: needs the @statewatch/demo package: npm install @statewatch/demo',
      );
    } finally {
      hidden.forEach((p) => move(`${p}.hidden`, p));
    }
  });

  it('node --import @statewatch/node/register app.mjs serves statewatch metrics', async () => {
    writeFileSync(
      join(project, 'app.mjs'),
      [
        'const copy = structuredClone({ a: [1, 2, 3] });',
        'const text = await (await fetch(`http://127.0.0.1:${process.env.STATEWATCH_PROMETHEUS_PORT}/metrics`)).text();',
        "console.log(copy.a.length, text.includes('statewatch_gc_heap') ? 'statewatch metrics' : text);",
        'process.exit(0);',
      ].join('\n'),
    );
    const port = await freePort();
    const r = sh(process.execPath, ['--import', '@statewatch/node/register', 'app.mjs'], {
      cwd: project,
      env: { ...env, STATEWATCH_PROMETHEUS_PORT: String(port) },
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('3 statewatch metrics');
  });
});
