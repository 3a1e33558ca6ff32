import type { Instrumentation } from '@opentelemetry/instrumentation';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../../test/utils/ports';
import { parsePrometheusText, sumSamples } from '../../../test/utils/prometheus-text';
import { getStatewatchInstrumentations, resolveOptions } from '../src';
import { pipelineInstrumentations } from '../src/instrumentations';
import { rejection } from './config-rejection';
import { runApp } from './run-app';

let made: Instrumentation[] = [];
afterEach(() => {
  for (const i of made) i.disable();
  made = [];
});

/** The overheadBudget each instrumentation was configured with, by instrumentation name. */
function budgets(instrumentations: Instrumentation[]): Record<string, unknown> {
  made.push(...instrumentations);
  return Object.fromEntries(
    instrumentations.map((i) => [
      i.instrumentationName,
      (i.getConfig() as { overheadBudget?: unknown }).overheadBudget,
    ]),
  );
}

describe('overheadBudget / STATEWATCH_OVERHEAD_BUDGET', () => {
  it('unset → 0.01; a fraction in (0, 1]; exact in any case, with spaces', () => {
    expect(resolveOptions({}, {}).overheadBudget).toBe(0.01);
    expect(resolveOptions({}, { STATEWATCH_OVERHEAD_BUDGET: '' }).overheadBudget).toBe(0.01);
    expect(resolveOptions({}, { STATEWATCH_OVERHEAD_BUDGET: '0.05' }).overheadBudget).toBe(0.05);
    expect(resolveOptions({}, { STATEWATCH_OVERHEAD_BUDGET: '1' }).overheadBudget).toBe(1);
    expect(resolveOptions({}, { STATEWATCH_OVERHEAD_BUDGET: ' EXACT ' }).overheadBudget).toBe('exact');
  });

  it('the code option wins over the variable', () => {
    const env = { STATEWATCH_OVERHEAD_BUDGET: '0.5' };
    expect(resolveOptions({ overheadBudget: 'exact' }, env).overheadBudget).toBe('exact');
    expect(resolveOptions({ overheadBudget: 0.002 }, env).overheadBudget).toBe(0.002);
  });

  it.each(['0', '-0.1', '1.5', '5%', 'fast', 'NaN'])(
    'STATEWATCH_OVERHEAD_BUDGET=%j is a ConfigError naming the variable',
    (value) => {
      const err = rejection({ STATEWATCH_OVERHEAD_BUDGET: value });
      expect(err.variable).toBe('STATEWATCH_OVERHEAD_BUDGET');
      expect(err.message).toBe(
        `STATEWATCH_OVERHEAD_BUDGET=${JSON.stringify(value)}: expected a fraction of one core in (0, 1] (e.g. 0.01) or exact`,
      );
    },
  );

  it('a bad overheadBudget option is a ConfigError naming the option', () => {
    expect(rejection({}, { overheadBudget: 0 }).variable).toBe('overheadBudget');
    expect(rejection({}, { overheadBudget: 'fast' }).message).toMatch(/^overheadBudget="fast": expected/);
  });

  it("statewatch's pipeline gives the budget to clone and lock, not gc; their own option wins", () => {
    const resolved = resolveOptions({}, { STATEWATCH_OVERHEAD_BUDGET: 'exact' });
    expect(budgets(pipelineInstrumentations(resolved))).toEqual({
      '@statewatch/instrumentation-gc': undefined,
      '@statewatch/instrumentation-lock': 'exact',
      '@statewatch/instrumentation-clone': 'exact',
    });
    const own = resolveOptions({ instrumentations: { clone: { overheadBudget: 0.2 } } }, {});
    expect(budgets(pipelineInstrumentations(own))['@statewatch/instrumentation-clone']).toBe(0.2);
  });

  it('getStatewatchInstrumentations takes it too', () => {
    expect(budgets(getStatewatchInstrumentations({ overheadBudget: 0.03, gc: false }))).toEqual({
      '@statewatch/instrumentation-lock': 0.03,
      '@statewatch/instrumentation-clone': 0.03,
    });
  });

  it('register: a bad value stops statewatch with one line naming the variable; the app runs', async () => {
    const run = await runApp('busy-app.cjs', ['--require', '@statewatch/node/register'], {
      STATEWATCH_OVERHEAD_BUDGET: 'fast',
      APP_RUN_MS: '200',
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('app finished its work');
    expect(run.stderr.trim().split('\n')).toEqual([
      'statewatch: not started: STATEWATCH_OVERHEAD_BUDGET="fast": expected a fraction of one core in (0, 1] (e.g. 0.01) or exact',
    ]);
  });

  it('register with exact: every copy counted and timed, the interval gauge says 1', async () => {
    const port = await freePort();
    const run = await runApp('work-app.cjs', ['--require', '@statewatch/node/register'], {
      STATEWATCH_PROMETHEUS_PORT: String(port),
      STATEWATCH_OVERHEAD_BUDGET: 'exact',
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const exposition = parsePrometheusText(run.stdout);
    const rfdc = { clone_strategy: 'rfdc' };
    expect(sumSamples(exposition, 'statewatch_clone_copies_total', rfdc)).toBe(3);
    expect(sumSamples(exposition, 'statewatch_clone_duration_seconds_count', rfdc)).toBe(3);
    expect(sumSamples(exposition, 'statewatch_clone_sampling_interval', rfdc)).toBe(1);
  });
});
