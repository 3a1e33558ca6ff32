// `statewatch drift check`: PSI of a data file against a baseline, as a table, JSON or HTML report.
import { writeFile } from 'node:fs/promises';
import { DriftCheck, type FeatureComparison } from '@statewatch/feature-drift';
import { EXIT_FAILED, EXIT_OK, InputError } from '../cli/exit-codes';
import { runCommand, subcommand } from '../cli/run';
import { oneOf, requiredValue, stringValue, type CommandSpec } from '../cli/spec';
import { renderTable } from '../drift/format';
import { renderHtml } from '../drift/html';
import { Progress } from '../drift/progress';
import { readBaselineFile } from '../input/baseline-file';
import { inputFileSize } from '../input/files';
import { formatOf, readRecords } from '../input/records';

export const SPEC: CommandSpec = {
  name: 'drift check',
  usage: '--baseline <baseline.json> --input <data.csv|data.jsonl> [options]',
  summary: [
    'Prints PSI, its sample-size critical value, the verdict and the top contributing bins per',
    'feature of the baseline. The input is streamed (memory does not grow with its size).',
  ].join('\n'),
  options: {
    baseline: { type: 'string', value: '<file>', description: 'the baseline (statewatch baseline build)' },
    input: {
      type: 'string',
      value: '<file>',
      description: 'the data: CSV with a header line, or JSON Lines',
    },
    format: {
      type: 'string',
      value: 'csv|jsonl',
      defaultText: 'from the file name',
      description: 'input format',
    },
    json: { type: 'boolean', description: 'print the report as JSON instead of a table' },
    html: { type: 'string', value: '<file>', description: 'also write an HTML report there' },
    'fail-on': {
      type: 'string',
      value: 'drift|warn',
      default: 'drift',
      description: 'verdict that makes the exit code 1',
    },
    'allow-empty': {
      type: 'boolean',
      description:
        'report a feature without any usable value as "no data" instead of failing with exit code 2',
    },
  },
  exitCodes: [
    '0  no feature drifted (nor warned or got new values, with --fail-on warn)',
    '1  drift found (or a warning or new values, with --fail-on warn)',
    '2  bad usage, an unreadable or malformed input or baseline, an --html file that cannot be',
    '   written, or a feature with no usable value in the input (missing everywhere, or no record',
    '   at all) unless --allow-empty',
  ],
};

function failed(features: readonly FeatureComparison[], failOn: 'drift' | 'warn'): boolean {
  // New values are a warning-level signal, like their alert.
  return features.some(
    (f) =>
      f.verdict === 'drift' || (failOn === 'warn' && (f.verdict === 'warn' || f.unseen?.newValues === true)),
  );
}

export function run(argv: string[]): Promise<number> {
  const rest = subcommand(argv, 'check', SPEC);
  if (typeof rest === 'number') return Promise.resolve(rest);
  return runCommand(SPEC, rest, async ({ values }) => {
    const failOn = oneOf(values, 'fail-on', ['drift', 'warn'] as const);
    const baselinePath = requiredValue(values, 'baseline');
    const input = requiredValue(values, 'input');
    const size = inputFileSize(input);
    const format = formatOf(input, stringValue(values, 'format'));
    const baseline = await readBaselineFile(baselinePath);
    const names = Object.keys(baseline.features);
    const spec = {
      numeric: names.filter((n) => baseline.features[n].type === 'numeric'),
      categorical: names.filter((n) => baseline.features[n].type === 'categorical'),
    };
    const check = new DriftCheck(baseline);
    const progress = new Progress(`reading ${input}`, size);
    let records = 0;
    let bytes = 0;
    for await (const record of readRecords(input, spec, {
      format,
      onProgress: (b, r) => progress.update((bytes = b), r),
    })) {
      check.add(record);
      records++;
    }
    progress.done(bytes, records);
    const features = check.result();
    const empty = features.filter((f) => f.n === 0).map((f) => f.feature);
    if (empty.length && values['allow-empty'] !== true)
      throw new InputError(
        `${input}: no usable value for ${empty.join(', ')} in ${records} records (missing or absent everywhere): an empty extract cannot pass the check (--allow-empty reports it as no data)`,
      );
    const subtitle = `baseline ${baseline.id} (${baselinePath}, ${baseline.sampleSize} records) against ${input} (${records} records)`;
    if (values.json === true) {
      const result = failed(features, 'drift') ? 'drift' : failed(features, 'warn') ? 'warn' : 'ok';
      const report = {
        baseline: baseline.id,
        baselineFile: baselinePath,
        input,
        records,
        result,
        features: features.map((f) => ({
          ...f,
          psi: f.psi ?? null,
          critical: f.critical ?? null,
          verdict: f.verdict ?? null,
        })),
      };
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    } else process.stdout.write(`${subtitle}\n\n${renderTable(features)}`);
    const html = stringValue(values, 'html');
    if (html !== undefined) {
      try {
        await writeFile(html, renderHtml('statewatch drift check', subtitle, features));
      } catch (err) {
        throw new InputError(`${html}: cannot write the HTML report: ${(err as Error).message}`);
      }
      process.stderr.write(`wrote ${html}\n`);
    }
    return failed(features, failOn) ? EXIT_FAILED : EXIT_OK;
  });
}
