// The collector's deployment files stay valid, hardened and in step with the shipped configs:
// config.yaml and router.yaml listen on loopback by default; the Kubernetes manifests (one
// replica; routing tier + drift replicas) carry the configs verbatim, set 0.0.0.0 through the
// environment and pass the Pod Security "restricted" profile field by field; the systemd unit
// passes systemd-analyze verify and scores at most 2.0 in systemd-analyze security; the built
// distribution validates both configs.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { buildCollector } from './utils/collector-process';

const ROOT = resolve(import.meta.dirname, '..');
const COLLECTOR = join(ROOT, 'collector');
const SHIPPED_CONFIG = readFileSync(join(COLLECTOR, 'config.yaml'), 'utf8');
const DIST = (
  parse(readFileSync(join(COLLECTOR, 'builder-config.yaml'), 'utf8')) as { dist: { name: string } }
).dist;
const BUILT_BINARY = join(COLLECTOR, '_build/dist', DIST.name);
const HAS_SYSTEMD_ANALYZE = spawnSync('sh', ['-c', 'command -v systemd-analyze']).status === 0;

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
  securityContext?: Doc;
}
type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function manifest(name: string): Doc[] {
  return parseAllDocuments(readFileSync(join(COLLECTOR, 'deploy', name), 'utf8')).map((d) => {
    expect(d.errors).toEqual([]);
    return d.toJS() as Doc;
  });
}

/** The ports a config listens on, by env name, after the container's environment. */
function listenAddresses(config: string, env: Container['env']): Map<string, string> {
  const addresses = new Map<string, string>();
  for (const m of config.matchAll(/\$\{env:(\w+):-([^}]+)\}/g)) {
    if (!/ENDPOINT|TELEMETRY_HOST/.test(m[1])) continue;
    addresses.set(m[1], env.find((e) => e.name === m[1])?.value ?? m[2]);
  }
  return addresses;
}

/**
 * Pod Security Standards, "restricted" profile (kubernetes.io/docs/concepts/security/pod-security-standards),
 * field by field, plus no service-account token and a NetworkPolicy selecting the pods.
 */
function expectRestricted(docs: Doc[], workload: Doc): void {
  const pod = workload.spec.template.spec;
  const where = `${workload.kind} ${workload.metadata.name}`;
  expect(pod.automountServiceAccountToken, `${where}: automountServiceAccountToken`).toBe(false);
  expect(pod.hostNetwork ?? false, `${where}: hostNetwork`).toBe(false);
  expect(pod.hostPID ?? false, `${where}: hostPID`).toBe(false);
  expect(pod.hostIPC ?? false, `${where}: hostIPC`).toBe(false);
  expect(pod.securityContext?.runAsNonRoot, `${where}: pod runAsNonRoot`).toBe(true);
  expect(pod.securityContext?.runAsUser, `${where}: runAsUser is not root`).toBeGreaterThan(0);
  expect(pod.securityContext?.seccompProfile?.type, `${where}: seccomp`).toBe('RuntimeDefault');
  for (const volume of pod.volumes ?? []) {
    expect(
      Object.keys(volume).filter((k) => k !== 'name'),
      `${where}: volume ${volume.name}`,
    ).toEqual(['configMap']);
  }
  for (const container of pod.containers as Container[]) {
    const sc = container.securityContext ?? {};
    const at = `${where}: container`;
    expect(sc.allowPrivilegeEscalation, `${at} allowPrivilegeEscalation`).toBe(false);
    expect(sc.readOnlyRootFilesystem, `${at} readOnlyRootFilesystem`).toBe(true);
    expect(sc.runAsNonRoot ?? pod.securityContext.runAsNonRoot, `${at} runAsNonRoot`).toBe(true);
    expect(sc.privileged ?? false, `${at} privileged`).toBe(false);
    expect(sc.capabilities?.drop, `${at} drops all capabilities`).toEqual(['ALL']);
    expect(sc.capabilities?.add ?? [], `${at} adds no capability`).toEqual([]);
    for (const port of container.ports) expect((port as Doc).hostPort, `${at} hostPort`).toBeUndefined();
  }
  const labels = workload.spec.template.metadata.labels as Record<string, string>;
  const policies = docs.filter(
    (d) =>
      d.kind === 'NetworkPolicy' &&
      Object.entries(d.spec.podSelector.matchLabels).every(([k, v]) => labels[k] === v),
  );
  expect(policies.length, `${where}: a NetworkPolicy selects its pods`).toBe(1);
  expect(policies[0].spec.policyTypes.sort(), `${where}: ingress and egress are restricted`).toEqual([
    'Egress',
    'Ingress',
  ]);
}

/** The workload runs the binary on its mounted ConfigMap config, and listens on 0.0.0.0. */
function expectRunsConfig(docs: Doc[], workload: Doc, configFile: string): Container {
  const byName = (kind: string, name: string) =>
    docs.find((d) => d.kind === kind && d.metadata.name === name) as Doc;
  const pod = workload.spec.template.spec;
  const [container] = pod.containers as Container[];
  const configPath = container.args.find((a) => a.startsWith('--config='))?.slice('--config='.length);
  const mount = container.volumeMounts.find((m) => m.mountPath === configPath);
  expect(mount, `a volume is mounted at ${configPath}`).toBeDefined();
  const volume = pod.volumes.find((v: Doc) => v.name === mount?.name);
  const configMap = byName('ConfigMap', volume.configMap.name);
  expect(
    configMap.data[mount!.subPath!],
    `${configMap.metadata.name} holds collector/${configFile} verbatim`,
  ).toBe(readFileSync(join(COLLECTOR, configFile), 'utf8'));
  for (const [k, v] of Object.entries(workload.spec.selector.matchLabels))
    expect(workload.spec.template.metadata.labels[k]).toBe(v);
  const config = readFileSync(join(COLLECTOR, configFile), 'utf8');
  for (const [name, address] of listenAddresses(config, container.env)) {
    expect(address, `${name} in the container`).toMatch(/^0\.0\.0\.0(:\d+)?$/);
    const port = /:(\d+)$/.exec(address)?.[1];
    if (port)
      expect(
        container.ports.map((p) => p.containerPort),
        name,
      ).toContain(Number(port));
  }
  return container;
}

describe('collector/config.yaml and collector/router.yaml', () => {
  for (const file of ['config.yaml', 'router.yaml']) {
    it(`${file} listens on loopback unless the environment says otherwise`, () => {
      const addresses = listenAddresses(readFileSync(join(COLLECTOR, file), 'utf8'), []);
      expect(addresses.size).toBeGreaterThanOrEqual(3);
      for (const [name, address] of addresses) expect(address, name).toMatch(/^127\.0\.0\.1(:\d+)?$/);
    });
  }
});

describe('collector/deploy/kubernetes.yaml (one replica)', () => {
  const docs = manifest('kubernetes.yaml');
  const byKind = (kind: string) => docs.find((d) => d.kind === kind) as Doc;

  it('holds a ConfigMap, a Deployment, a Service and a NetworkPolicy', () => {
    expect(docs.map((d) => d.kind).sort()).toEqual(['ConfigMap', 'Deployment', 'NetworkPolicy', 'Service']);
  });

  it('runs the collector on the shipped config, verbatim, with the mounted baselines', () => {
    const container = expectRunsConfig(docs, byKind('Deployment'), 'config.yaml');
    const baseline = container.env.find((e) => e.name === 'STATEWATCH_BASELINE')?.value ?? '';
    expect(SHIPPED_CONFIG).toContain('${env:STATEWATCH_BASELINE');
    const baselineMount = container.volumeMounts.find((m) => baseline.startsWith(`${m.mountPath}/`));
    expect(baselineMount, `STATEWATCH_BASELINE=${baseline} lies in a mounted volume`).toBeDefined();
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

  it('passes the Pod Security "restricted" profile, with no token and a NetworkPolicy', () => {
    expectRestricted(docs, byKind('Deployment'));
  });
});

describe('collector/deploy/kubernetes-sharded.yaml (routing tier + drift replicas)', () => {
  const docs = manifest('kubernetes-sharded.yaml');
  const find = (kind: string, name: string) =>
    docs.find((d) => d.kind === kind && d.metadata.name === name) as Doc;
  const router = find('Deployment', 'statewatch-router');
  const replicas = find('StatefulSet', 'statewatch-drift');
  const routerConfig = parse(readFileSync(join(COLLECTOR, 'router.yaml'), 'utf8')) as Doc;

  it('runs the router on router.yaml and the replicas on config.yaml, both verbatim', () => {
    expect(router).toBeDefined();
    expect(replicas).toBeDefined();
    expectRunsConfig(docs, router, 'router.yaml');
    expectRunsConfig(docs, replicas, 'config.yaml');
  });

  it('finds the replicas through a headless Service with the DNS resolver of the load-balancing exporter', () => {
    const headless = find('Service', replicas.spec.serviceName);
    expect(headless.spec.clusterIP).toBe('None');
    for (const [k, v] of Object.entries(headless.spec.selector))
      expect(replicas.spec.template.metadata.labels[k]).toBe(v);
    const [routerContainer] = router.spec.template.spec.containers as Container[];
    const hostnameEnv = routerContainer.env.find(
      (e) => e.name === 'STATEWATCH_DRIFT_REPLICAS_HOSTNAME',
    )?.value;
    expect(hostnameEnv).toBe(headless.metadata.name);
    const exporters = Object.entries(routerConfig.exporters as Record<string, Doc>);
    expect(exporters.length).toBeGreaterThan(0);
    const [replicaContainer] = replicas.spec.template.spec.containers as Container[];
    const grpc = replicaContainer.ports.find((p) => p.name === 'otlp-grpc')!.containerPort;
    for (const [id, exporter] of exporters) {
      expect(id).toMatch(/^load_balancing\//);
      expect(exporter.resolver.dns.hostname, id).toContain('${env:STATEWATCH_DRIFT_REPLICAS_HOSTNAME');
      expect(Number(exporter.resolver.dns.port), id).toBe(grpc);
      expect(headless.spec.ports.map((p: Doc) => p.port)).toContain(grpc);
    }
    const byFeature = routerConfig.exporters['load_balancing/by_feature'];
    expect(byFeature.routing_key).toBe('attributes');
    expect(byFeature.routing_attributes).toEqual(['feature.baseline', 'feature.name']);
  });

  it('lets OTLP reach the replicas only from the router', () => {
    const policy = find('NetworkPolicy', 'statewatch-drift');
    const otlpRule = policy.spec.ingress.find((r: Doc) => r.ports.some((p: Doc) => p.port === 4317));
    expect(otlpRule.from).toEqual([{ podSelector: { matchLabels: router.spec.template.metadata.labels } }]);
  });

  it('passes the Pod Security "restricted" profile for both tiers, with no token and NetworkPolicies', () => {
    expectRestricted(docs, router);
    expectRestricted(docs, replicas);
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

  it.skipIf(!HAS_SYSTEMD_ANALYZE)('scores 2.0 or less in systemd-analyze security --offline=yes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'statewatch-unit-'));
    try {
      const copy = join(dir, 'statewatch-collector.service');
      writeFileSync(copy, unit);
      const result = spawnSync('systemd-analyze', ['security', '--offline=yes', '--no-pager', copy], {
        encoding: 'utf8',
      });
      const score = /Overall exposure level for [^:]+: ([\d.]+)/.exec(result.stdout)?.[1];
      expect(score, `${result.stdout}${result.stderr}`).toBeDefined();
      expect(Number(score), result.stdout).toBeLessThanOrEqual(2.0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
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
    const router = execFileSync(BUILT_BINARY, ['validate', `--config=${join(COLLECTOR, 'router.yaml')}`], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(router).not.toMatch(/error/i);
  }, 1_200_000);
});
