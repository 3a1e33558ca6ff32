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
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n';
}
