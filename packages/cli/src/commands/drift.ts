// `statewatch drift check`: PSI of a data file against a baseline, as a table, JSON or HTML report.
import { writeFile } from 'node:fs/promises';
import { DriftCheck, loadBaseline, type FeatureComparison } from '@statewatch/feature-drift';
import { parseArgs, rejectUnknown, requireOption, stringOption, UsageError } from '../drift/args';
import { EXIT_DRIFT, EXIT_OK, reportError } from '../drift/errors';
import { renderTable } from '../drift/format';
import { renderHtml } from '../drift/html';
import { Progress } from '../drift/progress';
import { fileSize, formatOf, readRecords } from '../drift/records';

const USAGE = `Usage: statewatch drift check --baseline <baseline.json> --input <data.csv|data.jsonl>
         [--json] [--html report.html] [--fail-on drift|warn] [--format csv|jsonl]

  Prints PSI, its sample-size critical value, the verdict and the top contributing bins per
  feature. Exit code: 0 no drift, 1 drift found (or a warning with --fail-on warn), 2 bad
  usage or bad input.
`;

const OPTIONS = ['baseline', 'input', 'json', 'html', 'fail-on', 'format', 'help'];

function failed(features: readonly FeatureComparison[], failOn: 'drift' | 'warn'): boolean {
  return features.some((f) => f.verdict === 'drift' || (failOn === 'warn' && f.verdict === 'warn'));
}

function toJson(features: readonly FeatureComparison[]) {
  return features.map((f) => ({
    ...f,
    psi: f.psi ?? null,
    critical: f.critical ?? null,
    verdict: f.verdict ?? null,
  }));
}

export async function run(argv: string[]): Promise<number> {
  try {
    const args = parseArgs(argv, new Set(['json', 'help']));
    if (args.options.has('help')) {
      process.stdout.write(USAGE);
      return EXIT_OK;
    }
    if (args.positional[0] !== 'check' || args.positional.length !== 1) {
      throw new UsageError(`expected the subcommand 'check' (got ${args.positional.join(' ') || 'nothing'})`);
    }
    rejectUnknown(args, OPTIONS);
    const failOn = stringOption(args, 'fail-on') ?? 'drift';
    if (failOn !== 'drift' && failOn !== 'warn')
      throw new UsageError(`--fail-on must be drift or warn (got '${failOn}')`);
    const baselinePath = requireOption(args, 'baseline');
    const input = requireOption(args, 'input');
    const format = formatOf(input, stringOption(args, 'format'));
    const baseline = await loadBaseline(baselinePath);
    const spec = {
      numeric: Object.keys(baseline.features).filter((n) => baseline.features[n].type === 'numeric'),
      categorical: Object.keys(baseline.features).filter((n) => baseline.features[n].type === 'categorical'),
    };
    const check = new DriftCheck(baseline);
    const progress = new Progress(`reading ${input}`, fileSize(input));
    let records = 0;
    let bytes = 0;
    for await (const record of readRecords(input, spec, {
      format,
      onProgress: (b, r) => {
        bytes = b;
        progress.update(b, r);
      },
    })) {
      check.add(record);
      records++;
    }
    progress.done(bytes, records);
    const features = check.result();
    const subtitle = `baseline ${baseline.id} (${baselinePath}, ${baseline.sampleSize} records) against ${input} (${records} records)`;
    if (args.options.has('json')) {
      const result = failed(features, 'drift') ? 'drift' : failed(features, 'warn') ? 'warn' : 'ok';
      const report = {
        baseline: baseline.id,
        baselineFile: baselinePath,
        input,
        records,
        result,
        features: toJson(features),
      };
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    } else {
      process.stdout.write(`${subtitle}\n\n${renderTable(features)}`);
    }
    const html = stringOption(args, 'html');
    if (html !== undefined) {
      await writeFile(html, renderHtml('statewatch drift check', subtitle, features));
      process.stderr.write(`wrote ${html}\n`);
    }
    return failed(features, failOn) ? EXIT_DRIFT : EXIT_OK;
  } catch (err) {
    return reportError(err, USAGE);
  }
}
