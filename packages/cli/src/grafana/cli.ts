// `statewatch grafana import`: options, the plan, then (without --dry-run) the writes.
import { GRAFANA_FOLDER } from '@statewatch/dashboards';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError } from '../cli/exit-codes';
import { helpText, parseCommand, stringValue, type CommandSpec } from '../cli/spec';
import { applyPlan } from './apply';
import { GrafanaClient } from './client';
import { grafanaBaseUrl, grafanaToken, redactor } from './credentials';
import { loadDesired } from './desired';
import { makePlan, offlinePlan, planSize, renderPlan } from './plan';
import { MINIMUM_GRAFANA, PreflightError, readGrafana } from './preflight';

export const SPEC: CommandSpec = {
  name: 'grafana import',
  usage: '--url URL [options]',
  summary: [
    `Imports the statewatch dashboards and alert rule groups into a Grafana folder (Grafana ${MINIMUM_GRAFANA}`,
    "or newer). It first reads what Grafana has (version, datasource, the token's permissions, the",
    'folder, the dashboards, the alert rules), prints the plan, and then writes only what differs:',
    'an unchanged dashboard gets no new version, an unchanged rule group keeps its alert state.',
    'Nothing is written when a read fails.',
  ].join('\n'),
  positionals: [0, 0],
  options: {
    url: {
      type: 'string',
      value: 'URL',
      description: 'Grafana base URL, e.g. https://grafana.example.com (no user:password@)',
    },
    folder: {
      type: 'string',
      value: 'NAME',
      default: GRAFANA_FOLDER,
      description: 'folder for dashboards and rules',
    },
    datasource: {
      type: 'string',
      value: 'UID',
      defaultText: "the Grafana's default Prometheus datasource",
      description: 'Prometheus datasource uid; it must exist',
    },
    editable: {
      type: 'boolean',
      description: "keep new alert rules editable in Grafana's UI (X-Disable-Provenance)",
    },
    'dry-run': {
      type: 'boolean',
      description:
        'print the plan and write nothing (without --url: the plan for an empty Grafana, no token needed)',
    },
    timeout: { type: 'string', value: '<seconds>', default: '30', description: 'time limit of each request' },
  },
  notes: [
    'The token comes from GRAFANA_TOKEN (a service account token: Editor role, Admin for alert',
    'provisioning); surrounding white space is trimmed, a line break inside it is refused, and it is',
    'never printed. Network errors, 429 and 5xx are retried 4 times (after Retry-After when sent);',
    'redirects are not followed.',
  ],
  exitCodes: [
    '0  imported (or the plan printed, with --dry-run)',
    '1  Grafana refused or failed, or a preflight check failed (nothing written then)',
    '2  bad usage: an unknown option, a bad --url, --folder or --timeout, GRAFANA_TOKEN missing or malformed',
  ],
};

const UID = /^[A-Za-z0-9_-]{1,40}$/;

export interface GrafanaCliDeps {
  env: Record<string, string | undefined>;
  out: (text: string) => void;
  err: (text: string) => void;
  backoffMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export async function grafanaCli(argv: string[], deps: GrafanaCliDeps): Promise<number> {
  const redact = redactor((deps.env.GRAFANA_TOKEN ?? '').trim());
  let writing = false;
  try {
    if (argv[0] !== 'import') {
      if (argv[0] === '--help' || argv[0] === '-h') {
        deps.out(helpText(SPEC));
        return EXIT_OK;
      }
      throw new UsageError(`expected the subcommand 'import' (got ${argv[0] ?? 'nothing'})`);
    }
    const parsed = parseCommand(SPEC, argv.slice(1));
    if (!parsed) {
      deps.out(helpText(SPEC));
      return EXIT_OK;
    }
    const { values } = parsed;
    const dryRun = values['dry-run'] === true;
    const editable = values.editable === true;
    const datasource = stringValue(values, 'datasource');
    if (datasource !== undefined && !UID.test(datasource))
      throw new UsageError(
        `--datasource '${datasource}' is not a Grafana uid (letters, digits, - and _, at most 40)`,
      );
    const timeout = Number(stringValue(values, 'timeout'));
    if (!(timeout > 0 && timeout <= 600))
      throw new UsageError(
        `--timeout must be a number of seconds from 0 to 600 (got '${stringValue(values, 'timeout')}')`,
      );
    const urlText = stringValue(values, 'url');
    const desired = loadDesired(stringValue(values, 'folder') ?? GRAFANA_FOLDER);

    if (urlText === undefined) {
      if (!dryRun)
        throw new UsageError('--url is required (or --dry-run for the plan against an empty Grafana)');
      deps.out(
        `${renderPlan(offlinePlan(desired, { datasource, editable })).join('\n')}\nDry run: nothing was sent.\n`,
      );
      return EXIT_OK;
    }
    const baseUrl = grafanaBaseUrl(urlText);
    const token = grafanaToken(deps.env.GRAFANA_TOKEN);
    const client = new GrafanaClient({
      baseUrl,
      token,
      timeoutMs: timeout * 1000,
      backoffMs: deps.backoffMs,
      sleep: deps.sleep,
    });
    const state = await readGrafana(client, desired, { datasource });
    const plan = makePlan(desired, state, { grafana: baseUrl.href, editable });
    deps.out(`${renderPlan(plan).map(redact).join('\n')}\n`);
    if (dryRun) {
      deps.out('Dry run: nothing was written.\n');
      return EXIT_OK;
    }
    if (planSize(plan).writes === 0) {
      deps.out('Nothing to change.\n');
      return EXIT_OK;
    }
    writing = true;
    await applyPlan(client, plan, (line) => deps.out(`${redact(line)}\n`));
    deps.out(`Imported into '${plan.folder.title}'.\n`);
    return EXIT_OK;
  } catch (err) {
    const message = redact(err instanceof Error ? err.message : String(err));
    if (err instanceof UsageError) {
      deps.err(`statewatch grafana: ${message}\n\n${helpText(SPEC)}`);
      return EXIT_USAGE;
    }
    const prefix = err instanceof PreflightError ? 'preflight: ' : '';
    const outcome = writing
      ? 'the import stopped part way: run it again, it writes only what still differs'
      : 'nothing was written';
    deps.err(`statewatch grafana: ${prefix}${message}; ${outcome}\n`);
    return EXIT_FAILED;
  }
}
