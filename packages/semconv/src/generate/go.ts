import { ATTRIBUTES } from '../attributes';
import { OVERFLOW_VALUE } from '../cardinality';
import { METRICS } from '../metrics';

/** Go identifier from a dotted name: `statewatch.feature.psi` → `StatewatchFeaturePsi`. */
function goIdent(prefix: string, dotted: string): string {
  const words = dotted.replace(/^statewatch\./, '').split(/[._]/);
  return prefix + words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

/** Name constants for the collector's drift processor, so Go takes names from the registry. */
export function renderGoNames(): string {
  const lines = [
    '// Code generated from packages/semconv by `npm run generate`. DO NOT EDIT.',
    '',
    '// Package semconv holds the statewatch metric and attribute names.',
    'package semconv',
    '',
  ];
  // One declaration per line, so gofmt has nothing to align.
  const constant = (name: string, value: string) => `const ${name} = ${JSON.stringify(value)}`;
  for (const m of METRICS) {
    const id = goIdent('', m.name);
    lines.push(`// Metric${id} is a ${m.instrument} in ${m.unit}: ${m.description}`);
    lines.push(constant(`Metric${id}`, m.name));
    lines.push(constant(`Unit${id}`, m.unit));
    lines.push(constant(`PrometheusName${id}`, m.prometheus.name));
    lines.push(constant(`Description${id}`, m.description), '');
  }
  for (const a of ATTRIBUTES) {
    const id = goIdent('Attr', a.name);
    lines.push(`// ${id}: ${a.description}`, constant(id, a.name));
    for (const v of a.values ?? []) lines.push(constant(id + goIdent('', v), v));
    lines.push('');
  }
  lines.push('// OverflowValue replaces a user-controlled attribute value past the cap.');
  lines.push(constant('OverflowValue', OVERFLOW_VALUE), '');
  return lines.join('\n');
}
