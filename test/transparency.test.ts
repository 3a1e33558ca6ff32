import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compare, HARNESS, NODES, runPair, scenarios } from './transparency/runner';
import { requireRedisServer, startRedisServers } from './utils/redis-server';
import type { RedisServer } from './utils/redis-server';

// The differential harness (test/transparency/README.md): every scenario, bare and instrumented,
// on Node 22, 24 and 26; the outputs must be equal except for documented exceptions.
const hasWebLocks = (node: string) =>
  execFileSync(node, ['-p', 'typeof globalThis.navigator?.locks?.request'], { encoding: 'utf8' }).trim() ===
  'function';

// `// @requires redis` scenarios (redlock): three real redis-servers for them, REDIS_PORTS in both
// processes (each selects a database of its own).
const needRedis = scenarios().some((s) => s.requires.includes('redis'));
const haveRedis = needRedis && requireRedisServer('transparency scenarios that @require redis');
let redis: RedisServer[] = [];
beforeAll(async () => {
  if (haveRedis) redis = await startRedisServers(3);
});
afterAll(async () => {
  await Promise.all(redis.map((s) => s.stop()));
});

for (const [major, node] of Object.entries(NODES)) {
  const webLocks = hasWebLocks(node);
  describe(`Node ${major}`, () => {
    for (const scenario of scenarios()) {
      const skip =
        (scenario.requires.includes('web-locks') && !webLocks) ||
        (scenario.requires.includes('redis') && !haveRedis);
      it.skipIf(skip)(`${scenario.name}: bare and instrumented observe the same`, async () => {
        if (scenario.requires.includes('redis'))
          scenario.env = { ...scenario.env, REDIS_PORTS: redis.map((s) => s.port).join(',') };
        const result = await runPair(scenario, node);
        expect(result.bare.code, result.bare.stderr).toBe(0);
        expect(result.bare.lines.length).toBeGreaterThan(0);
        const { differences, unusedExceptions } = compare(scenario, Number(major), result);
        expect(differences, `${scenario.name} on Node ${major}`).toEqual([]);
        expect(unusedExceptions, 'exceptions.json lists a difference that no longer happens').toEqual([]);
        // The instrumented process really recorded what the scenario exercised.
        for (const text of scenario.expectMetrics)
          expect(
            result.metrics.split('\n').some((l) => !l.startsWith('#') && l.includes(text)),
            text,
          ).toBe(true);
      });
    }
  });
}

describe('the harness', () => {
  it('catches own properties added to user objects and an extra microtask turn', async () => {
    const [selftest] = scenarios('harness-selftest.cjs');
    const result = await runPair(selftest!, NODES[24], ['--require', join(HARNESS, 'fixtures/leaky.cjs')]);
    const { differences } = compare(selftest!, 24, result);
    expect(differences.join('\n')).toMatch(/leaky\.state/);
    expect(differences.join('\n')).toMatch(/"turns":2/);
  });
});
