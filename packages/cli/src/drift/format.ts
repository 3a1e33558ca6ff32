import type { BinComparison, FeatureComparison } from '@statewatch/feature-drift';

export function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

export function fixed(value: number | undefined, digits = 4): string {
  return value === undefined ? '-' : value.toFixed(digits);
}

/** The bins that add most to the PSI, largest first. */
export function topBins(feature: FeatureComparison, count = 3): BinComparison[] {
  return [...feature.bins]
    .filter((b) => b.contribution > 0)
    .sort((a, b) => b.contribution - a.contribution)
    .slice(0, count);
}

export function verdictText(feature: FeatureComparison): string {
  return feature.verdict ?? 'no data';
}

/** Plain-text table, one row per feature. */
export function renderTable(features: readonly FeatureComparison[]): string {
  const header = [
    'feature',
    'type',
    'n',
    'missing',
    'PSI',
    'critical',
    'verdict',
    'top bins (reference → current)',
  ];
  const rows = features.map((f) => [
    f.feature,
    f.type,
    String(f.n),
    String(f.missing),
    fixed(f.psi),
    fixed(f.critical),
    verdictText(f).toUpperCase(),
    topBins(f)
      .map((b) => `${b.range} ${percent(b.referenceShare)} → ${percent(b.currentShare)}`)
      .join('; '),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  const table = [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
  return [...table, ...newValuesLines(features)].join('\n') + '\n';
}

/** Two significant digits: new-value shares are often well under 1%. */
export function smallPercent(share: number): string {
  return `${Number((share * 100).toPrecision(2))}%`;
}

/** Per feature: values outside the baseline against their critical share, `NEW VALUES` above it. */
function newValuesLines(features: readonly FeatureComparison[]): string[] {
  const rows = features.filter((f) => f.unseen !== undefined);
  if (!rows.length) return [];
  const width = Math.max(...rows.map((f) => f.feature.length));
  return [
    '',
    'new values (categories the baseline does not name, numbers below its min or above its max):',
    ...rows.map((f) => {
      const u = f.unseen!;
      const text = `${f.feature.padEnd(width)}  ${u.count} of ${f.n} (${smallPercent(u.share)}), critical share ${smallPercent(u.critical)}`;
      return u.newValues ? `${text}  NEW VALUES` : text;
    }),
  ];
}
