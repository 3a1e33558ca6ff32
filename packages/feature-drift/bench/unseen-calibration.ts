// The calibration table of the "new values" verdict (docs/drift-math.md, "New values"):
// false alarms on calm data for windows of 50 … 50,000 values, and power against a new category.
//   npx tsx packages/feature-drift/bench/unseen-calibration.ts [trials]
import {
  CALM_POPULATIONS,
  flaggedRate,
  normalNumbers,
  rareCategory,
  REFERENCE_SIZE,
  zipfTail,
  type Population,
} from '../test/helpers/unseen-calibration';

const trials = Number(process.argv[2] ?? 2000);
const windows = [50, 500, 5_000, 50_000];
const pct = (rate: number) => `${(rate * 100).toFixed(2)}%`;

process.stdout.write(
  `False alarms, M = ${REFERENCE_SIZE}, ${trials} trials a cell (fresh reference and window each):\n\n`,
);
process.stdout.write(
  `| population | ${windows.map((n) => `N = ${n}`).join(' | ')} |\n|---|${windows.map(() => '---').join('|')}|\n`,
);
CALM_POPULATIONS.forEach((population, p) => {
  const rates = windows.map((n, w) =>
    flaggedRate(population, n, n >= 50_000 ? Math.ceil(trials / 4) : trials, 1000 * p + w),
  );
  process.stdout.write(`| ${population.name} | ${rates.map(pct).join(' | ')} |\n`);
});

process.stdout.write(`\nPower: new values at 0.5% of a 5,000-value window (${trials} trials a row):\n\n`);
process.stdout.write(`| reference | flagged |\n|---|---|\n`);
const powerCases: Array<[string, Population]> = [
  ['a new category; every reference category named', rareCategory(0)],
  ['numbers beyond the range; N(0, 1)', normalNumbers],
  ['a new category; Zipf tail, 20 of 200 named (`__other__` ~39%)', zipfTail],
];
powerCases.forEach(([name, population], i) => {
  process.stdout.write(`| ${name} | ${pct(flaggedRate(population, 5_000, trials, 77 + i, 0.005))} |\n`);
});
