import type { Gate } from '../measure';
import { measuredClone } from '../measure';
import { patchProperty, unpatchProperty } from '../patch-property';

const NAME = 'structuredClone';

/**
 * The global `structuredClone`: replaced by a measured wrapper on enable (when it is a
 * function) and the very same original put back on disable.
 */
export function patchStructuredClone(gate: Gate): void {
  if (typeof globalThis.structuredClone !== 'function') return;
  patchProperty(globalThis, NAME, (original: never) => measuredClone(original, 'structured_clone', gate));
}

export function unpatchStructuredClone(): void {
  unpatchProperty(globalThis, NAME);
}
