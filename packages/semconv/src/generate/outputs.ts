import { renderContractMarkdown } from './contract';
import { renderGoNames } from './go';
import { renderRegistryJson } from './json';
import { renderMetricsMarkdown } from './markdown';

export interface GeneratedFile {
  /** Path relative to the repository root. */
  path: string;
  content: string;
}

/** Every file generated from the registry; a test fails when any is stale. */
export function generatedFiles(): GeneratedFile[] {
  return [
    { path: 'docs/metrics.md', content: renderMetricsMarkdown() },
    { path: 'docs/metrics-contract.md', content: renderContractMarkdown() },
    { path: 'packages/semconv/registry.json', content: renderRegistryJson() },
    { path: 'collector/driftprocessor/internal/semconv/names.go', content: renderGoNames() },
  ];
}
