import { diag } from '@opentelemetry/api';
import {
  InstrumentationNodeModuleDefinition,
  InstrumentationNodeModuleFile,
} from '@opentelemetry/instrumentation';
import type { CloneStrategy } from '@statewatch/semconv';
import { PACKAGE_NAME } from '../names';

/**
 * One library integration, in the shape of opentelemetry-js-contrib's module definitions: the
 * library, the versions it is tested on, and how each entry file is patched. Every entry declares
 * the exports it relies on; they are all checked before anything is patched, and on a mismatch
 * the entry is left as it is and the mismatch is reported once.
 */
export interface LibraryIntegration {
  readonly library: string;
  /** The `clone.strategy` its copies are recorded under. */
  readonly strategy: CloneStrategy;
  /** What is measured, for the README's coverage table. */
  readonly measures: string;
  /** Semver ranges, exactly the tested ones. */
  readonly versions: readonly string[];
  /** The entry loaded by the bare name (`require('klona')`, `import 'klona'`). */
  readonly main: EntryPatch;
  /**
   * Deep imports (`klona/full`, `lodash/cloneDeep.js`) and the package's entry files by path:
   * an entry imported by absolute path or `file://` URL (as vitest does) is reported by the ESM
   * loader hook as the file inside the package, not as the package name.
   */
  readonly files: ReadonlyArray<{ readonly file: string; readonly entry: EntryPatch }>;
}

/** How one entry file's exports are patched. */
export interface EntryPatch {
  /** The exports the patch relies on (each must be a function). */
  readonly members: readonly Member[];
  /** Patches `moduleExports` (known to have every member); returns what `require` should return. */
  patch(moduleExports: unknown): unknown;
  unpatch(moduleExports: unknown): void;
}

/** An export a patch relies on: its name for reports, and how to read it from the exports. */
export interface Member {
  readonly name: string;
  read(moduleExports: unknown): unknown;
}

type Host = Record<string, unknown>;
const isHost = (value: unknown): value is Host =>
  (typeof value === 'object' || typeof value === 'function') && value !== null;

/**
 * The module's export itself when it is a function (CommonJS `module.exports = fn`), else its
 * `default` (the same function seen from ESM, or an ES module's default export).
 */
export const moduleExport: Member = {
  name: 'the module export',
  read: (moduleExports) =>
    typeof moduleExports === 'function'
      ? moduleExports
      : isHost(moduleExports)
        ? moduleExports.default
        : undefined,
};

/** A named export. */
export const named = (name: string): Member => ({
  name: `export ${name}`,
  read: (moduleExports) => (isHost(moduleExports) ? moduleExports[name] : undefined),
});

/** A method of the module export (lodash's `_.cloneDeep`). */
export const method = (name: string): Member => ({
  name: `${moduleExport.name}'s ${name}`,
  read: (moduleExports) => {
    const host = moduleExport.read(moduleExports);
    return isHost(host) ? host[name] : undefined;
  },
});

const reported = new Set<string>();

function reportOnce(message: string): void {
  if (reported.has(message)) return;
  reported.add(message);
  diag.warn(`${PACKAGE_NAME}: ${message}`);
}

/** The first member of `entry` that `moduleExports` lacks, or `undefined` when all are there. */
export function missingMember(entry: EntryPatch, moduleExports: unknown): Member | undefined {
  return entry.members.find((member) => typeof member.read(moduleExports) !== 'function');
}

/** `entry.patch`, applied only when every member is there; else reported once and not patched. */
function checked(integration: LibraryIntegration, where: string, entry: EntryPatch) {
  return (moduleExports: unknown, version?: string): unknown => {
    const library = `${integration.library} ${version ?? '(unknown version)'} (${where})`;
    try {
      const missing = missingMember(entry, moduleExports);
      if (missing === undefined) return entry.patch(moduleExports);
      reportOnce(
        `${library}: ${missing.name} is not a function; this entry is not patched and its copies are not measured`,
      );
    } catch (err) {
      reportOnce(`${library}: could not be patched (${String(err)}); its copies are not measured`);
    }
    return moduleExports;
  };
}

/** The module definitions of `integration`, for `InstrumentationBase.init()`. */
export function moduleDefinitions(integration: LibraryIntegration): InstrumentationNodeModuleDefinition[] {
  const versions = [...integration.versions];
  const { main } = integration;
  const files = integration.files.map(
    ({ file, entry }) =>
      new InstrumentationNodeModuleFile(
        file,
        versions,
        checked(integration, file, entry),
        (moduleExports: unknown) => entry.unpatch(moduleExports),
      ),
  );
  return [
    new InstrumentationNodeModuleDefinition(
      integration.library,
      versions,
      checked(integration, 'main', main),
      (moduleExports: unknown) => main.unpatch(moduleExports),
      files,
    ),
  ];
}
