// `statewatch baseline build`: a frozen feature baseline from a CSV or JSONL file.
import { writeFile } from 'node:fs/promises';
import {
  BaselineBuilder,
  DEFAULT_BINS,
  DEFAULT_MAX_CATEGORIES,
  DEFAULT_TOP_CATEGORIES,
} from '@statewatch/feature-drift';
import { EXIT_OK, InputError, UsageError } from '../cli/exit-codes';
import { runCommand, subcommand } from '../cli/run';
import { integerValue, listValue, requiredValue, stringValue, type CommandSpec } from '../cli/spec';
import { Progress } from '../drift/progress';
import { inputFileSize } from '../input/files';
import { estimateRecords } from '../input/estimate';
import { formatOf, readRecords } from '../input/records';

/** Hard cap of --max-categories: about 100 bytes a counter, so at most ~100 MB per feature. */
const MAX_COUNTERS = 1_000_000;

export const SPEC: CommandSpec = {
  name: 'baseline build',
  usage: '--input <data.csv|data.jsonl> --out <baseline.json> --numeric a,b --categorical c [options]',
  summary: [
    'Builds a frozen baseline: numeric features binned at their reference quantiles, categorical',
    'features as their most frequent categories plus __other__. An empty value is missing.',
  ].join('\n'),
  options: {
    input: {
      type: 'string',
      value: '<file>',
      description: 'reference data: CSV with a header line, or JSON Lines',
    },
    out: { type: 'string', value: '<file>', description: 'where to write the baseline (JSON, version 1)' },
    numeric: { type: 'string', value: 'a,b', multiple: true, description: 'numeric columns' },
    categorical: { type: 'string', value: 'c,d', multiple: true, description: 'categorical columns' },
    bins: {
      type: 'string',
      value: '<n>',
      default: String(DEFAULT_BINS),
      description: 'quantile bins per numeric feature (ties can merge bins)',
    },
    top: {
      type: 'string',
      value: '<n>',
      default: String(DEFAULT_TOP_CATEGORIES),
      description: 'categories kept per categorical feature',
    },
    'max-categories': {
      type: 'string',
      value: '<n>',
      default: String(DEFAULT_MAX_CATEGORIES),
      description: `distinct values counted exactly per categorical feature; beyond, a SpaceSaving sketch of n counters (at most ${MAX_COUNTERS.toLocaleString('en-US')})`,
    },
    format: {
      type: 'string',
      value: 'csv|jsonl',
      defaultText: 'from the file name',
      description: 'input format',
    },
  },
  exitCodes: [
    '0  baseline written',
    '1  an unexpected failure',
    '2  bad usage, an unreadable or malformed input, or an --out that cannot be written',
  ],
};

export function run(argv: string[]): Promise<number> {
  const rest = subcommand(argv, 'build', SPEC);
  if (typeof rest === 'number') return Promise.resolve(rest);
  return runCommand(SPEC, rest, async ({ values }) => {
    const input = requiredValue(values, 'input');
    const out = requiredValue(values, 'out');
    const numeric = listValue(values, 'numeric');
    const categorical = listValue(values, 'categorical');
    if (numeric.length + categorical.length === 0)
      throw new UsageError('name at least one --numeric or --categorical column');
    const maxCategories = integerValue(values, 'max-categories', 1);
    if (maxCategories > MAX_COUNTERS)
      throw new UsageError(
        `--max-categories ${maxCategories} is above the cap of ${MAX_COUNTERS.toLocaleString('en-US')} counters (about 100 bytes each per feature)`,
      );
    const topCategories = integerValue(values, 'top', 1);
    if (topCategories > maxCategories)
      throw new UsageError(`--top ${topCategories} must not exceed --max-categories ${maxCategories}`);
    const builder = new BaselineBuilder({
      numeric,
      categorical,
      bins: integerValue(values, 'bins', 2),
      topCategories,
      maxCategories,
    });
    const size = inputFileSize(input);
    const format = formatOf(input, stringValue(values, 'format'));
    if (numeric.length) {
      // Exact quantiles keep every value: say how much memory that takes before reading.
      const records = await estimateRecords(input, size, format === 'csv');
      const megabytes = (records * numeric.length * 8) / 1e6;
      process.stderr.write(
        `numeric quantiles are exact: every value is kept, 8 bytes each: about ${records.toLocaleString('en-US')} records × ${numeric.length} numeric features ≈ ${megabytes.toFixed(1)} MB (twice that while a buffer grows)\n`,
      );
    }
    const progress = new Progress(`reading ${input}`, size);
    let bytes = 0;
    for await (const record of readRecords(
      input,
      { numeric, categorical },
      {
        format,
        onProgress: (b, r) => progress.update((bytes = b), r),
      },
    ))
      builder.add(record);
    progress.done(bytes, builder.size);
    for (const f of builder.sketched())
      process.stderr.write(
        `feature '${f.feature}' has more than ${f.counters.toLocaleString('en-US')} distinct values: its counts come from a SpaceSaving sketch of ${f.counters.toLocaleString('en-US')} counters, each at most ${f.maxError.toLocaleString('en-US')} below the true count (${((100 * f.maxError) / builder.size).toFixed(3)}% of the records); raise --max-categories for exact counts\n`,
      );
    let baseline;
    try {
      baseline = builder.build();
    } catch (err) {
      throw new InputError(`${input}: ${(err as Error).message}`);
    }
    try {
      await writeFile(out, `${JSON.stringify(baseline, null, 2)}\n`);
    } catch (err) {
      throw new InputError(`${out}: cannot write the baseline: ${(err as Error).message}`);
    }
    const summary = Object.entries(baseline.features)
      .map(([name, f]) => `${name} (${f.type}, ${f.counts.length} bins)`)
      .join(', ');
    process.stdout.write(
      `wrote ${out}: baseline ${baseline.id}, ${baseline.sampleSize} records; ${summary}\n`,
    );
    return EXIT_OK;
  });
}
