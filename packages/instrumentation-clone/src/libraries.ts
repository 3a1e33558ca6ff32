import type { InstrumentationNodeModuleDefinition } from '@opentelemetry/instrumentation';
import { fastCopy3, fastCopy4 } from './integrations/fast-copy';
import { moduleDefinitions } from './integrations/integration';
import type { LibraryIntegration } from './integrations/integration';
import { klona } from './integrations/klona';
import { clone } from './integrations/clone';
import { lodash, lodashClonedeep, lodashEs } from './integrations/lodash';
import { rfdc } from './integrations/rfdc';
import { ungapStructuredClone } from './integrations/ungap-structured-clone';
import type { Gate } from './measure';

/** Every library integration (one module each under `integrations/`), gated by `gate`. */
export function libraryIntegrations(gate: Gate): LibraryIntegration[] {
  return [
    rfdc(gate),
    klona(gate),
    lodash(gate),
    lodashClonedeep(gate),
    lodashEs(gate),
    fastCopy3(gate),
    fastCopy4(gate),
    clone(gate),
    ungapStructuredClone(gate),
  ];
}

/** The module definitions of every supported library, for `InstrumentationBase.init()`. */
export function libraryDefinitions(gate: Gate): InstrumentationNodeModuleDefinition[] {
  return libraryIntegrations(gate).flatMap(moduleDefinitions);
}

/** Building an integration only describes it; nothing is wrapped, so no metrics are needed. */
const DESCRIBE_ONLY: Gate = { on: false, metrics: undefined as never };

/** Supported version ranges per library, exactly those of the integrations. */
export const SUPPORTED_VERSIONS: Readonly<Record<string, readonly string[]>> = Object.freeze(
  libraryIntegrations(DESCRIBE_ONLY).reduce<Record<string, string[]>>((all, { library, versions }) => {
    (all[library] ??= []).push(...versions);
    return all;
  }, {}),
);

/**
 * The README's coverage table (between its `versions-table` markers), rendered from the
 * integrations; a test checks that the README holds exactly this.
 */
export function supportedVersionsTable(): string {
  const rows = new Map<string, { ranges: string[]; strategy: string; measures: string }>();
  for (const { library, versions, strategy, measures } of libraryIntegrations(DESCRIBE_ONLY)) {
    const row = rows.get(library) ?? { ranges: [], strategy, measures };
    row.ranges.push(...versions);
    rows.set(library, row);
  }
  const code = (text: string) => `\`${text}\``;
  return [
    '| library | versions (tested: oldest and newest of each major) | `clone.strategy` | measured |',
    '|---|---|---|---|',
    ...[...rows].map(
      ([library, row]) =>
        `| ${code(library)} | ${row.ranges.map(code).join(', ')} | ${code(row.strategy)} | ${row.measures} |`,
    ),
  ].join('\n');
}
