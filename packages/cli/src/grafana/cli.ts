// `statewatch grafana import`: argument handling and output; the work is in import.ts.
import { GRAFANA_FOLDER } from '@statewatch/dashboards';
import { parseArgs, rejectUnknown, stringOption, UsageError } from '../drift/args';
import { GrafanaClient } from './client';
import { describePlan, runImport } from './import';
import { buildPlan } from './plan';

export const USAGE = `Usage: statewatch grafana import --url URL [--folder NAME] [--datasource UID] [--editable] [--dry-run]

  Imports the statewatch dashboards (POST /api/dashboards/import, overwrite) into a folder
  (created if missing) and provisions the statewatch alert rules (Grafana-managed, through the
  alerting provisioning API). Safe to run again: it updates what it created.

  --url URL          Grafana base URL, e.g. http://localhost:3000
  --folder NAME      folder for dashboards and rules (default: ${GRAFANA_FOLDER})
  --datasource UID   Prometheus datasource uid (default: Grafana's default Prometheus datasource)
  --editable         keep the alert rules editable in Grafana's UI (X-Disable-Provenance)
  --dry-run          print what would be sent, send nothing (needs no token; --url optional)

  The token comes from the environment variable GRAFANA_TOKEN (a service account token with the
  Editor role; Admin for alert rules). It is never printed.
`;

const OPTIONS = ['url', 'folder', 'datasource', 'editable', 'dry-run', 'help'];
const UID = /^[A-Za-z0-9_-]{1,40}$/;

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

export interface GrafanaCliDeps {
  env: Record<string, string | undefined>;
  out: (text: string) => void;
  err: (text: string) => void;
  backoffMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export async function grafanaCli(argv: string[], deps: GrafanaCliDeps): Promise<number> {
  const token = deps.env.GRAFANA_TOKEN ?? '';
  const redact = (s: string) => (token ? s.split(token).join('[redacted]') : s);
  try {
    const args = parseArgs(argv, new Set(['editable', 'dry-run', 'help']));
    if (args.options.has('help')) {
      deps.out(USAGE);
      return EXIT_OK;
    }
    if (args.positional[0] !== 'import' || args.positional.length !== 1)
      throw new UsageError(
        `expected the subcommand 'import' (got ${args.positional.join(' ') || 'nothing'})`,
      );
    rejectUnknown(args, OPTIONS);
    const url = stringOption(args, 'url');
    const dryRun = args.options.has('dry-run');
    if (!url && !dryRun)
      throw new UsageError('--url is required (or --dry-run to only list what would be sent)');
    const datasource = stringOption(args, 'datasource');
    if (datasource !== undefined && !UID.test(datasource))
      throw new UsageError(
        `--datasource '${datasource}' is not a Grafana uid (letters, digits, - and _, at most 40)`,
      );
    const editable = args.options.has('editable');
    const plan = buildPlan(stringOption(args, 'folder') ?? GRAFANA_FOLDER);

    if (dryRun) {
      deps.out(`${describePlan(plan, url ?? 'any Grafana', { datasource, editable }).join('\n')}\n`);
      return EXIT_OK;
    }
    if (!url) throw new UsageError('--url is required');
    if (!token)
      throw new UsageError(
        'GRAFANA_TOKEN is not set: export a Grafana service account token (or use --dry-run)',
      );
    const client = new GrafanaClient({ url, token, backoffMs: deps.backoffMs, sleep: deps.sleep });
    await runImport(client, plan, { datasource, editable, log: (line) => deps.out(`${redact(line)}\n`) });
    deps.out(
      `Imported ${plan.dashboards.length} dashboards and ${plan.rules.length} alert rules into '${plan.folder.title}'.\n`,
    );
    return EXIT_OK;
  } catch (err) {
    const message = redact(err instanceof Error ? err.message : String(err));
    if (err instanceof UsageError) {
      deps.err(`statewatch grafana: ${message}\n\n${USAGE}`);
      return EXIT_USAGE;
    }
    deps.err(`statewatch grafana: ${message}\n`);
    return EXIT_FAILED;
  }
}
