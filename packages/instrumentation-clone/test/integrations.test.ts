import { diag, DiagLogLevel } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { fastCopy4 } from '../src/integrations/fast-copy';
import { moduleDefinitions } from '../src/integrations/integration';
import { klona } from '../src/integrations/klona';
import { lodash } from '../src/integrations/lodash';
import { isWrapper } from '../src/measure';
import { CloneMetrics } from '../src/recording';

const gate = () => ({ on: true, metrics: new CloneMetrics() });
const warnings: string[] = [];
function captureDiag(): void {
  warnings.length = 0;
  const log = (message: string) => warnings.push(message);
  diag.setLogger(
    { error: log, warn: log, info: () => {}, debug: () => {}, verbose: () => {} },
    DiagLogLevel.WARN,
  );
}
afterEach(() => diag.disable());

describe('each library integration checks the members it relies on before patching', () => {
  it('patches nothing of an entry that lacks one, and says so once naming library, version and member', () => {
    captureDiag();
    const [definition] = moduleDefinitions(fastCopy4(gate()));
    const copy = () => ({});
    const changed = { copy, copyStrict: 'not a function', createCopier: () => copy };
    expect(definition!.patch!(changed, '4.9.0')).toBe(changed);
    definition!.patch!(changed, '4.9.0');
    expect(changed.copy).toBe(copy); // not wrapped: the entry is all or nothing
    expect(isWrapper(changed.createCopier)).toBe(false);
    expect(warnings).toEqual([
      '@statewatch/instrumentation-clone: fast-copy 4.9.0 (main): export copyStrict is not a function; this entry is not patched and its copies are not measured',
    ]);
  });

  it('checks deep-import files too, and a method of the module export', () => {
    captureDiag();
    const [klonaDefinition] = moduleDefinitions(klona(gate()));
    const full = klonaDefinition!.files.find((f) => f.name === 'klona/full/index.js')!;
    full.patch({ deepCopy: () => ({}) }, '2.1.0');
    const [lodashDefinition] = moduleDefinitions(lodash(gate()));
    const underscore = Object.assign(() => {}, { clone: () => ({}) });
    lodashDefinition!.patch!(underscore, '4.18.0');
    expect(warnings).toEqual([
      expect.stringContaining('klona 2.1.0 (klona/full/index.js): export klona is not a function'),
      expect.stringContaining("lodash 4.18.0 (main): the module export's cloneDeep is not a function"),
    ]);
  });

  it('patches a complete entry', () => {
    captureDiag();
    const [definition] = moduleDefinitions(klona(gate()));
    const exports = { klona: (v: unknown) => v };
    definition!.patch!(exports, '2.0.6');
    expect(isWrapper(exports.klona)).toBe(true);
    expect(warnings).toEqual([]);
  });
});
