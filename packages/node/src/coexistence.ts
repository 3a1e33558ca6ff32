import { realpathSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { pathToFileURL } from 'node:url';
import { metrics, type MeterProvider } from '@opentelemetry/api';
import { reportOnce } from './diagnostics';

/**
 * Living with another OpenTelemetry SDK in the process. The OTel API has one global
 * MeterProvider, and the first SDK to register it keeps it: the other one's `set` fails (and,
 * with a different API copy, so does every later registration, its tracing included). So
 * `register` claims the global only once every preload has run (when the app's main module
 * loads), never when another SDK is preloaded, and says once what happened when it did not get it.
 */

/** How long `register` waits for the main module before claiming anyway (REPL, unusual entries). */
const MAIN_LOAD_FALLBACK_MS = 1000;

type RegisterHooks = (hooks: {
  load?: (url: string, context: unknown, next: (url: string, context: unknown) => unknown) => unknown;
}) => { deregister(): void };

/** File URLs the app's main module may load as (as given, resolved through symlinks). */
function mainEntryUrls(entry = process.argv[1]): string[] {
  if (!entry) return [];
  const urls = [pathToFileURL(entry).href];
  try {
    urls.push(pathToFileURL(realpathSync(entry)).href);
  } catch {
    // a name that still needs an extension: the prefix match below covers it
  }
  return urls;
}

function isMainEntry(url: string, mains: readonly string[]): boolean {
  return mains.some(
    (m) => url === m || url.startsWith(`${m}.`) || url.startsWith(`${m}/`) || url.startsWith(`${m}?`),
  );
}

/**
 * Runs `claim` once every --require and --import preload has run: when the main module loads
 * (a synchronous module hook, before any of its code runs), so an SDK preloaded after statewatch
 * registers its globals first. Without a main module or module.registerHooks, runs it now.
 */
export function afterPreloads(claim: () => void): void {
  const registerHooks = (nodeModule as { registerHooks?: RegisterHooks }).registerHooks;
  const mains = mainEntryUrls();
  if (typeof registerHooks !== 'function' || mains.length === 0) return claim();
  let pending = true;
  let hooks: { deregister(): void } | undefined = undefined;
  const once = () => {
    if (!pending) return;
    pending = false;
    clearTimeout(fallback);
    // Deregistered on the next turn: not from inside the hook that is running.
    setImmediate(() => hooks?.deregister());
    claim();
  };
  const fallback = setTimeout(once, MAIN_LOAD_FALLBACK_MS);
  fallback.unref();
  hooks = registerHooks({
    load(url, context, next) {
      if (pending && isMainEntry(url, mains)) once();
      return next(url, context);
    },
  });
}

/** Preloaded entry points of other SDKs that register the OTel globals themselves. */
const OTHER_SDK_ENTRIES = [
  /@opentelemetry[/\\]auto-instrumentations-node[/\\]((dist[/\\])?register(\.[cm]?js)?)$/,
];
const PRELOAD_FLAGS = new Set(['--require', '-r', '--import', '--loader', '--experimental-loader']);

/** Splits NODE_OPTIONS as Node does: on spaces, double quotes grouping (a backslash escapes in them). */
function splitNodeOptions(value: string): string[] {
  const tokens: string[] = [];
  let token: string | undefined;
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (quoted && c === '\\' && i + 1 < value.length) token = (token ?? '') + value[++i];
    else if (c === '"') {
      quoted = !quoted;
      token ??= '';
    } else if (!quoted && /\s/.test(c)) {
      if (token !== undefined) tokens.push(token);
      token = undefined;
    } else token = (token ?? '') + c;
  }
  if (token !== undefined) tokens.push(token);
  return tokens;
}

/** Modules preloaded with --require / --import (command line and NODE_OPTIONS), in order. */
export function preloadedModules(
  execArgv: readonly string[] = process.execArgv,
  nodeOptions = process.env.NODE_OPTIONS ?? '',
): string[] {
  const args = [...splitNodeOptions(nodeOptions), ...execArgv];
  const modules: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const eq = arg.indexOf('=');
    if (eq > 0 && PRELOAD_FLAGS.has(arg.slice(0, eq))) modules.push(arg.slice(eq + 1));
    else if (PRELOAD_FLAGS.has(arg) && i + 1 < args.length) modules.push(args[++i]);
  }
  return modules;
}

/** The other SDK's entry point when one is preloaded (before or after statewatch), else undefined. */
export function otherSdkPreload(modules: readonly string[] = preloadedModules()): string | undefined {
  return modules.find((m) => OTHER_SDK_ENTRIES.some((entry) => entry.test(m)));
}

/** Where statewatch's own metrics go, for the messages. */
export interface PipelineTarget {
  metricsUrl?: string;
  exporters: readonly string[];
}

const TAIL =
  'To publish drift metrics through statewatch as well, pass `meterProvider: statewatchMeterProvider()` ' +
  '(from @statewatch/node) to FeatureDriftMonitor.';

function ownMetricsAt(target: PipelineTarget): string {
  if (target.metricsUrl) return `statewatch's gc, lock and clone metrics are served on ${target.metricsUrl}`;
  const exporters = target.exporters.length > 0 ? target.exporters.join(', ') : 'none';
  return `statewatch's gc, lock and clone metrics go to its own exporters (${exporters})`;
}

/**
 * Sets `provider` as the global MeterProvider unless another SDK is preloaded or registered first;
 * returns whether it did. Either way the user learns, in one line, where which metrics go.
 */
export function claimGlobalMeterProvider(provider: MeterProvider, target: PipelineTarget): boolean {
  const other = otherSdkPreload();
  if (other !== undefined) {
    reportOnce(
      'global-meter-provider',
      `${other} is loaded too, so statewatch leaves the global MeterProvider to it (in either order): ` +
        'metrics made through the global OTel API (your meters, a FeatureDriftMonitor without meterProvider) ' +
        `go to that SDK's exporters. ${ownMetricsAt(target)}. ${TAIL}`,
    );
    return false;
  }
  if (metrics.setGlobalMeterProvider(provider)) return true;
  reportOnce(
    'global-meter-provider',
    'another OpenTelemetry SDK registered the OTel globals while the app started (or through another @opentelemetry/api copy), ' +
      'so statewatch cannot set the global MeterProvider: ' +
      'metrics made through the global OTel API (your meters, a FeatureDriftMonitor without meterProvider) ' +
      `go to that SDK's exporters. ${ownMetricsAt(target)}. ${TAIL}`,
  );
  return false;
}

/** auto-instrumentations-node's Prometheus exporter port when it starts one (OTEL_METRICS_EXPORTER). */
const OTHER_SDK_PROMETHEUS_DEFAULT_PORT = 9464;

/**
 * Both SDKs read OTEL_METRICS_EXPORTER: with `prometheus`, auto-instrumentations-node starts its
 * own exporter, by default on statewatch's port, and one of the two cannot listen (the other SDK
 * only says so through `diag`). Says it once, before either tries.
 */
export function reportSharedPrometheusPort(statewatchPort: number, env = process.env): void {
  const other = otherSdkPreload();
  if (other === undefined) return;
  const exporters = (env.OTEL_METRICS_EXPORTER ?? '').split(',').map((e) => e.trim().toLowerCase());
  if (!exporters.includes('prometheus')) return;
  const configured = env.OTEL_EXPORTER_PROMETHEUS_PORT?.trim();
  const otherPort = configured ? Number(configured) : OTHER_SDK_PROMETHEUS_DEFAULT_PORT;
  if (otherPort !== statewatchPort) return;
  reportOnce(
    'shared-prometheus-port',
    `OTEL_METRICS_EXPORTER=prometheus makes ${other} start its own Prometheus exporter on port ${otherPort}, ` +
      "statewatch's port too: only one of the two can listen. Set STATEWATCH_PROMETHEUS_PORT (or " +
      'OTEL_EXPORTER_PROMETHEUS_PORT) to another port.',
  );
}
