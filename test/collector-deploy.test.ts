// The collector's deployment files stay valid and in step with the shipped config: the
// Kubernetes manifest (ConfigMap, Deployment, Service) and the systemd unit are parsed and
// checked against collector/config.yaml and collector/builder-config.yaml, the unit passes
// systemd-analyze verify, and the built distribution validates the shipped config itself.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';

const ROOT = resolve(import.meta.dirname, '..');
const COLLECTOR = join(ROOT, 'collector');
const SHIPPED_CONFIG = readFileSync(join(COLLECTOR, 'config.yaml'), 'utf8');
const DIST = (
  parse(readFileSync(join(COLLECTOR, 'builder-config.yaml'), 'utf8')) as { dist: { name: string } }
).dist;
const BUILT_BINARY = join(COLLECTOR, '_build/dist', DIST.name);
const HAS_SYSTEMD_ANALYZE = spawnSync('sh', ['-c', 'command -v systemd-analyze']).status === 0;

function buildCollector(): void {
  // Cached: a no-op when the binary is newer than its inputs, minutes on a fresh clone.
  execFileSync('bash', [join(COLLECTOR, 'build.sh')], { cwd: ROOT, stdio: 'inherit' });
}

/** Default ports of the shipped config's `${env:NAME:-host:port}` endpoints, by env name. */
function defaultPorts(): Map<string, number> {
  const ports = new Map<string, number>();
  for (const m of SHIPPED_CONFIG.matchAll(/\$\{env:(\w+):-(?:[\d.]+:)?(\d+)\}/g))
    ports.set(m[1], Number(m[2]));
  return ports;
}

interface Container {
  args: string[];
  env: Array<{ name: string; value: string }>;
  ports: Array<{ name: string; containerPort: number }>;
  volumeMounts: Array<{ name: string; mountPath: string; subPath?: string }>;
}
type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('collector/deploy/kubernetes.yaml', () => {
  const docs = parseAllDocuments(readFileSync(join(COLLECTOR, 'deploy/kubernetes.yaml'), 'utf8')).map((d) => {
    expect(d.errors).toEqual([]);
    return d.toJS() as Doc;
  });
  const byKind = (kind: string) => docs.find((d) => d.kind === kind) as Doc;

  it('holds a ConfigMap, a Deployment and a Service', () => {
    expect(docs.map((d) => d.kind).sort()).toEqual(['ConfigMap', 'Deployment', 'Service']);
  });

  it('ships collector/config.yaml verbatim in the ConfigMap', () => {
    expect(byKind('ConfigMap').data['config.yaml']).toBe(SHIPPED_CONFIG);
  });

  it('runs the collector on the mounted ConfigMap config and baselines', () => {
    const deployment = byKind('Deployment');
    const pod = deployment.spec.template.spec;
    const [container] = pod.containers as Container[];
    const configArg = container.args.find((a) => a.startsWith('--config='));
    const configPath = configArg?.slice('--config='.length);
    const configMount = container.volumeMounts.find((m) => m.mountPath === configPath);
    expect(configMount, `a volume is mounted at ${configPath}`).toBeDefined();
    const configVolume = pod.volumes.find((v: Doc) => v.name === configMount?.name);
    expect(configVolume.configMap.name).toBe(byKind('ConfigMap').metadata.name);
    expect(Object.keys(byKind('ConfigMap').data)).toContain(configMount?.subPath);

    const baseline = container.env.find((e) => e.name === 'STATEWATCH_BASELINE')?.value ?? '';
    expect(SHIPPED_CONFIG).toContain('${env:STATEWATCH_BASELINE');
    const baselineMount = container.volumeMounts.find((m) => baseline.startsWith(`${m.mountPath}/`));
    expect(baselineMount, `STATEWATCH_BASELINE=${baseline} lies in a mounted volume`).toBeDefined();
    for (const [k, v] of Object.entries(deployment.spec.selector.matchLabels))
      expect(deployment.spec.template.metadata.labels[k]).toBe(v);
  });

  it('exposes the ports the shipped config listens on, through the Service', () => {
    const [container] = byKind('Deployment').spec.template.spec.containers as Container[];
    const containerPorts = new Map(container.ports.map((p) => [p.name, p.containerPort]));
    const ports = defaultPorts();
    expect([...ports.keys()].sort()).toEqual([
      'STATEWATCH_OTLP_GRPC_ENDPOINT',
      'STATEWATCH_OTLP_HTTP_ENDPOINT',
      'STATEWATCH_PROMETHEUS_ENDPOINT',
      'STATEWATCH_TELEMETRY_PORT',
    ]);
    expect([...containerPorts.values()].sort()).toEqual([...ports.values()].sort());
    const service = byKind('Service');
    for (const [k, v] of Object.entries(service.spec.selector))
      expect(byKind('Deployment').spec.template.metadata.labels[k]).toBe(v);
    for (const port of service.spec.ports) expect(containerPorts.has(port.targetPort)).toBe(true);
    expect(service.spec.ports.map((p: Doc) => p.port).sort()).toEqual([...ports.values()].sort());
  });
});

describe('collector/deploy/statewatch-collector.service', () => {
  const unit = readFileSync(join(COLLECTOR, 'deploy/statewatch-collector.service'), 'utf8');
  const sections = new Map<string, Array<[string, string]>>();
  let current = '';
  for (const line of unit.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const section = /^\[(\w+)\]$/.exec(trimmed);
    if (section) {
      current = section[1];
      sections.set(current, []);
      continue;
    }
    const eq = trimmed.indexOf('=');
    expect(eq, `"${trimmed}" is key=value`).toBeGreaterThan(0);
    sections.get(current)?.push([trimmed.slice(0, eq), trimmed.slice(eq + 1)]);
  }
  const values = (section: string, key: string) =>
    (sections.get(section) ?? []).filter(([k]) => k === key).map(([, v]) => v);

  it('has the Unit, Service and Install sections', () => {
    expect([...sections.keys()]).toEqual(['Unit', 'Service', 'Install']);
    expect(values('Install', 'WantedBy')).toEqual(['multi-user.target']);
  });

  it('runs the distribution binary on the shipped config, installed where its comment says', () => {
    const [execStart] = values('Service', 'ExecStart');
    const [binary, ...args] = execStart.split(/\s+/);
    expect(basename(binary)).toBe(DIST.name);
    const configPath = args.find((a) => a.startsWith('--config='))?.slice('--config='.length) ?? '';
    expect(unit).toContain(`install -D -m 644 collector/config.yaml ${configPath}`);
    expect(unit).toContain(
      `install -m 755 collector/_build/dist/${DIST.name} ${binary.replace(/\/[^/]+$/, '/')}`,
    );
    const baseline = values('Service', 'Environment').find((e) => e.startsWith('STATEWATCH_BASELINE='));
    expect(baseline).toBeDefined();
    expect(unit).toContain(`${baseline?.slice('STATEWATCH_BASELINE='.length)}\n`);
  });

  it.skipIf(!HAS_SYSTEMD_ANALYZE)(
    'passes systemd-analyze verify (no unknown key, no bad value)',
    () => {
      buildCollector();
      // verify also checks that ExecStart is executable: point it at the built binary.
      const [binary] = values('Service', 'ExecStart')[0].split(/\s+/);
      const dir = mkdtempSync(join(tmpdir(), 'statewatch-unit-'));
      try {
        const copy = join(dir, 'statewatch-collector.service');
        writeFileSync(copy, unit.replace(binary, BUILT_BINARY));
        const result = spawnSync('systemd-analyze', ['verify', copy], { encoding: 'utf8' });
        expect(`${result.stdout}${result.stderr}`).toBe('');
        expect(result.status).toBe(0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    1_200_000,
  );
});

describe('the built distribution', () => {
  it('validates the shipped config', () => {
    buildCollector();
    const out = execFileSync(BUILT_BINARY, ['validate', `--config=${join(COLLECTOR, 'config.yaml')}`], {
      cwd: ROOT,
      encoding: 'utf8',
      env: {
        ...process.env,
        STATEWATCH_BASELINE: join(ROOT, 'packages/feature-drift/testdata/scoring-baseline.json'),
      },
    });
    expect(out).not.toMatch(/error/i);
  }, 1_200_000);
});
