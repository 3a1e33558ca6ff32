// `statewatch baseline build`: a frozen feature baseline from a CSV or JSONL file.
import { writeFile } from 'node:fs/promises';
import { BaselineBuilder, DEFAULT_BINS, DEFAULT_TOP_CATEGORIES } from '@statewatch/feature-drift';
import {
  integerOption,
  listOption,
  parseArgs,
  rejectUnknown,
  requireOption,
  stringOption,
  UsageError,
} from '../drift/args';
import { EXIT_OK, reportError } from '../drift/errors';
import { Progress } from '../drift/progress';
import { fileSize, formatOf, readRecords } from '../drift/records';

const USAGE = `Usage: statewatch baseline build --input <data.csv|data.jsonl> --out <baseline.json>
         [--numeric a,b] [--categorical c] [--bins ${DEFAULT_BINS}] [--top ${DEFAULT_TOP_CATEGORIES}] [--format csv|jsonl]

  --input        reference data: CSV with a header line, or JSON Lines (one object a line)
  --numeric      numeric columns, binned at the reference quantiles
  --categorical  categorical columns; the most frequent --top categories are kept, the rest is __other__
  --bins         quantile bins per numeric feature (default ${DEFAULT_BINS}; ties can merge bins)
  --top          categories kept per categorical feature (default ${DEFAULT_TOP_CATEGORIES})
  --out          where to write the baseline (JSON, version 1)
`;

const OPTIONS = ['input', 'out', 'numeric', 'categorical', 'bins', 'top', 'format', 'help'];

export async function run(argv: string[]): Promise<number> {
  try {
    const args = parseArgs(argv, new Set(['help']));
    if (args.options.has('help')) {
      process.stdout.write(USAGE);
      return EXIT_OK;
    }
    if (args.positional[0] !== 'build' || args.positional.length !== 1) {
      throw new UsageError(`expected the subcommand 'build' (got ${args.positional.join(' ') || 'nothing'})`);
    }
    rejectUnknown(args, OPTIONS);
    const input = requireOption(args, 'input');
    const out = requireOption(args, 'out');
    const numeric = listOption(args, 'numeric');
    const categorical = listOption(args, 'categorical');
    if (numeric.length + categorical.length === 0)
      throw new UsageError('name at least one --numeric or --categorical column');
    const builder = new BaselineBuilder({
      numeric,
      categorical,
      bins: integerOption(args, 'bins', DEFAULT_BINS, 2),
      topCategories: integerOption(args, 'top', DEFAULT_TOP_CATEGORIES, 1),
    });
    const format = formatOf(input, stringOption(args, 'format'));
    const progress = new Progress(`reading ${input}`, fileSize(input));
    let bytes = 0;
    for await (const record of readRecords(
      input,
      { numeric, categorical },
      {
        format,
        onProgress: (b, r) => {
          bytes = b;
          progress.update(b, r);
        },
      },
    )) {
      builder.add(record);
    }
    progress.done(bytes, builder.size);
    let baseline;
    try {
      baseline = builder.build();
    } catch (err) {
      throw new Error(`${input}: ${(err as Error).message}`, { cause: err });
    }
    await writeFile(out, `${JSON.stringify(baseline, null, 2)}\n`);
    const summary = Object.entries(baseline.features)
      .map(([name, f]) => `${name} (${f.type}, ${f.counts.length} bins)`)
      .join(', ');
    process.stdout.write(
      `wrote ${out}: baseline ${baseline.id}, ${baseline.sampleSize} records; ${summary}\n`,
    );
    return EXIT_OK;
  } catch (err) {
    return reportError(err, USAGE);
  }
}
