import type { CloneStrategy } from '@statewatch/semconv';
import { measuredClone, measuredFactory } from '../measure';
import type { Gate } from '../measure';
import { patchProperty, unpatchProperty } from '../patch-property';
import { method, moduleExport, named } from './integration';
import type { EntryPatch } from './integration';

/*
 * The three ways a clone library exports its copy functions. A module whose export is the copy
 * function itself (rfdc, lodash.clonedeep, lodash/cloneDeep) is returned wrapped from a CommonJS
 * `require` (the wrapper passes straight through once disabled, since callers keep the reference
 * they got); in an ESM namespace its `default` binding is replaced and restored.
 */

type Wrap = (fn: never) => unknown;

function wrapper(strategy: CloneStrategy, gate: Gate, factory: boolean): Wrap {
  return factory
    ? (fn: never) => measuredFactory(fn, strategy, gate)
    : (fn: never) => measuredClone(fn, strategy, gate);
}

/** The module export is a copy function (`factory: false`) or a factory of them. */
export function functionExport(strategy: CloneStrategy, gate: Gate, factory: boolean): EntryPatch {
  const wrap = wrapper(strategy, gate, factory);
  return {
    members: [moduleExport],
    patch: (moduleExports) => {
      if (typeof moduleExports === 'function') return wrap(moduleExports as never);
      patchProperty(moduleExports, 'default', wrap);
      return moduleExports;
    },
    unpatch: (moduleExports) => unpatchProperty(moduleExports, 'default'),
  };
}

/** Copy functions (and factories of them) exported by name. */
export function namedExports(
  strategy: CloneStrategy,
  gate: Gate,
  clones: readonly string[],
  factories: readonly string[] = [],
): EntryPatch {
  const clone = wrapper(strategy, gate, false);
  const factory = wrapper(strategy, gate, true);
  return {
    members: [...clones, ...factories].map(named),
    patch: (moduleExports) => {
      for (const name of clones) patchProperty(moduleExports, name, clone);
      for (const name of factories) patchProperty(moduleExports, name, factory);
      return moduleExports;
    },
    unpatch: (moduleExports) => {
      for (const name of [...clones, ...factories]) unpatchProperty(moduleExports, name);
    },
  };
}

/** Copy functions that are methods of the module export (lodash's `_.cloneDeep`). */
export function exportMethods(strategy: CloneStrategy, gate: Gate, names: readonly string[]): EntryPatch {
  const clone = wrapper(strategy, gate, false);
  return {
    members: names.map(method),
    patch: (moduleExports) => {
      const host = moduleExport.read(moduleExports);
      for (const name of names) patchProperty(host, name, clone);
      return moduleExports;
    },
    unpatch: (moduleExports) => {
      const host = moduleExport.read(moduleExports);
      for (const name of names) unpatchProperty(host, name);
    },
  };
}
