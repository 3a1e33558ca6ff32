import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireRedisServer, startRedisServers } from '../../../test/utils/redis-server';
import type { RedisServer } from '../../../test/utils/redis-server';

// Two processes, each instrumented and each with its own Redlock over the same three real Redis
// servers, contend for one resource. The test takes turns: one holds, the other asks and is seen
// retrying by Redis (MONITOR: a second try from its connection) before the holder releases. Each
// process's recorded attempts, contended acquisitions, waits and holds must match what that
// process timed and counted itself, and its attempts what Redis received from it.
const fixtures = join(__dirname, 'fixtures');
const { monitorOf } = createRequire(__filename)('./fixtures/redlock-common.cjs') as {
  monitorOf(port: number): Promise<Monitor>;
};
interface Monitor {
  countFrom(hash: string, key: string, source: string): number;
  settle(): Promise<void>;
  stop(): void;
}
const haveRedis = requireRedisServer('redlock two-process test');
const ROUNDS = 4;
const STALL_MS = 25;

interface Hist {
  count: number;
  sum: number;
}
interface Report {
  truth: { wait: number; hold: number; acquisitions: number; contended: number; libraryAttempts: number };
  recorded: {
    wait: Hist;
    hold: Hist;
    contended: number;
    uncontended: number;
    waiters: number;
    attempts: number;
    lost: number;
  };
}
interface Event {
  event: string;
  source?: string;
  acquireHash?: string;
  attempts?: number;
  truth?: Report['truth'];
  recorded?: Report['recorded'];
}

/** A contender process: send it a command, wait for its next event. */
function contender(alias: string, key: string, ports: number[]) {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    ['--preserve-symlinks', '--require', './telemetry.cjs', 'redlock-contender.cjs', alias, key],
    { cwd: fixtures, env: { ...process.env, REDIS_PORTS: ports.join(',') } },
  );
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += String(d)));
  const events: Event[] = [];
  const waiting: ((e: Event) => void)[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    const e = JSON.parse(line) as Event;
    const w = waiting.shift();
    if (w) w(e);
    else events.push(e);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const next = (event: string) =>
    new Promise<Event>((resolve, reject) => {
      const check = (e: Event) =>
        e.event === event ? resolve(e) : reject(new Error(`expected ${event}, got ${JSON.stringify(e)}`));
      const queued = events.shift();
      if (queued) check(queued);
      else waiting.push(check);
      void exited.then((code) => reject(new Error(`contender exited (${code}) before ${event}:\n${stderr}`)));
    });
  return {
    next,
    send: (command: string) => child.stdin.write(`${command}\n`),
    /** No more commands: its stdin ends, so it can exit. */
    end: () => child.stdin.end(),
    exited,
    kill: () => child.kill(),
  };
}

let servers: RedisServer[] = [];
beforeAll(async () => {
  if (haveRedis) servers = await startRedisServers(3);
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});

describe.skipIf(!haveRedis)('two instrumented processes contending for one redlock resource', () => {
  it.each(['redlock-v4-newest', 'redlock-v5-oldest', 'redlock-v5-newest'])(
    '%s: each process records what it timed and what Redis received from it',
    async (alias) => {
      const ports = servers.map((s) => s.port);
      const key = `${alias}:two-processes`;
      const monitor = await monitorOf(ports[0]!);
      const procs = [contender(alias, key, ports), contender(alias, key, ports)];
      try {
        const ready = await Promise.all(procs.map((p) => p.next('ready')));
        const hash = ready[0]!.acquireHash!;
        for (let round = 0; round < ROUNDS; round++) {
          const holder = procs[round % 2]!;
          const asker = procs[(round + 1) % 2]!;
          const askerSource = ready[(round + 1) % 2]!.source!;
          holder.send('acquire');
          expect((await holder.next('held')).attempts).toBe(1);
          const before = monitor.countFrom(hash, key, askerSource);
          asker.send('acquire');
          // Its second try reached Redis: the first one failed, it is retrying.
          while (monitor.countFrom(hash, key, askerSource) < before + 2)
            await new Promise((r) => setTimeout(r, 5));
          holder.send('release');
          await holder.next('released');
          expect((await asker.next('held')).attempts).toBeGreaterThan(1);
          asker.send('release');
          await asker.next('released');
        }
        await monitor.settle();
        for (const [i, p] of procs.entries()) {
          p.send('report');
          p.end();
          const { truth, recorded } = (await p.next('report')) as Required<Event>;
          expect([truth.acquisitions, truth.contended]).toEqual([ROUNDS, ROUNDS / 2]);
          expect(recorded.attempts).toBe(truth.libraryAttempts);
          expect(recorded.attempts).toBe(monitor.countFrom(hash, key, ready[i]!.source!));
          expect([recorded.contended, recorded.uncontended, recorded.wait.count]).toEqual([
            truth.contended,
            truth.acquisitions - truth.contended,
            truth.acquisitions,
          ]);
          expect([recorded.waiters, recorded.lost, recorded.hold.count]).toEqual([0, 0, ROUNDS]);
          expect(Math.abs(recorded.wait.sum * 1e3 - truth.wait)).toBeLessThan(2 * ROUNDS + STALL_MS);
          expect(Math.abs(recorded.hold.sum * 1e3 - truth.hold)).toBeLessThan(2 * ROUNDS + STALL_MS);
          expect(await p.exited).toBe(0);
        }
      } finally {
        for (const p of procs) p.kill();
        monitor.stop();
      }
    },
    60_000,
  );
});
