import {
  InstrumentationNodeModuleDefinition,
  InstrumentationNodeModuleFile,
} from '@opentelemetry/instrumentation';
import type { CloneStrategy } from '@statewatch/semconv';
import { measuredClone, measuredFactory } from './measure';
import type { Gate } from './measure';
import { patchProperty, unpatchProperty } from './patch-property';

/**
 * What each supported library exports, and how it is patched. Exports that are a function
 * themselves (rfdc, lodash.clonedeep, lodash/cloneDeep) are returned wrapped from a CommonJS
 * `require` (a wrapper passes straight through once disabled, since callers keep the reference
 * they got); in an ESM namespace their `default` binding is replaced and restored.
 */
type Exports = unknown;
type Patcher = { patch: (exports: Exports) => Exports; unpatch: (exports: Exports) => void };

/** A module whose export is the copy function itself. */
function functionExport(strategy: CloneStrategy, gate: Gate, factory: boolean): Patcher {
  const wrap = (fn: never) =>
    factory ? measuredFactory(fn, strategy, gate) : measuredClone(fn, strategy, gate);
  return {
    patch: (exports) => {
      if (typeof exports === 'function') return wrap(exports as never);
      patchProperty(exports, 'default', wrap);
      return exports;
    },
    unpatch: (exports) => unpatchProperty(exports, 'default'),
  };
}

/** A module exporting copy functions (and factories of them) by name. */
function namedExports(
  strategy: CloneStrategy,
  gate: Gate,
  clones: string[],
  factories: string[] = [],
): Patcher {
  const clone = (fn: never) => measuredClone(fn, strategy, gate);
  const factory = (fn: never) => measuredFactory(fn, strategy, gate);
  return {
    patch: (exports) => {
      for (const name of clones) patchProperty(exports, name, clone);
      for (const name of factories) patchProperty(exports, name, factory);
      return exports;
    },
    unpatch: (exports) => {
      for (const name of [...clones, ...factories]) unpatchProperty(exports, name);
    },
  };
}

/** lodash's main export is the `_` function carrying `cloneDeep`; in ESM it is the namespace's default. */
function lodashMain(gate: Gate): Patcher {
  const host = (exports: Exports) =>
    typeof exports === 'function' ? exports : (exports as { default?: unknown } | null)?.default;
  const inner = namedExports('lodash', gate, ['cloneDeep']);
  return {
    patch: (exports) => {
      inner.patch(host(exports));
      return exports;
    },
    unpatch: (exports) => inner.unpatch(host(exports)),
  };
}

const file = (name: string, versions: string[], p: Patcher) =>
  new InstrumentationNodeModuleFile(name, versions, p.patch, p.unpatch);

const definition = (
  name: string,
  versions: string[],
  p: Patcher | undefined,
  files: InstrumentationNodeModuleFile[] = [],
) => new InstrumentationNodeModuleDefinition(name, versions, p?.patch, p?.unpatch, files);

export const SUPPORTED_VERSIONS = {
  rfdc: ['>=1.1.0 <2'],
  klona: ['>=2 <3'],
  lodash: ['>=4 <5'],
  'lodash.clonedeep': ['>=4 <5'],
  'fast-copy': ['>=3 <5'],
} as const;

/** The module definitions of every supported library; wrappers are gated by `gate`. */
export function libraryDefinitions(gate: Gate): InstrumentationNodeModuleDefinition[] {
  const v = SUPPORTED_VERSIONS;
  const klona = () => namedExports('klona', gate, ['klona']);
  const klonaEntryFiles = ['full', 'json', 'lite'].flatMap((entry) =>
    ['index.js', 'index.mjs'].map((f) => file(`klona/${entry}/${f}`, [...v.klona], klona())),
  );
  return [
    definition('rfdc', [...v.rfdc], functionExport('rfdc', gate, true), [
      // rfdc/default is a copy function made at load by the (patched) factory.
      file('rfdc/default.js', [...v.rfdc], functionExport('rfdc', gate, false)),
    ]),
    definition('klona', [...v.klona], klona(), klonaEntryFiles),
    definition('lodash', [...v.lodash], lodashMain(gate), [
      file('lodash/cloneDeep.js', [...v.lodash], functionExport('lodash', gate, false)),
    ]),
    definition('lodash.clonedeep', [...v['lodash.clonedeep']], functionExport('lodash', gate, false)),
    // fast-copy 3 exported `copy` as its default too.
    definition(
      'fast-copy',
      [...v['fast-copy']],
      namedExports('fast_copy', gate, ['copy', 'copyStrict', 'default'], ['createCopier']),
    ),
  ];
}
