import {
  InstrumentationNodeModuleDefinition,
  InstrumentationNodeModuleFile,
} from '@opentelemetry/instrumentation';
import { reportError } from '@statewatch/instrumentation-common';
import { hiddenSlot } from '../hidden';
import type { AnyFunction } from '../internal-types';
import { checkMembers, isFunction } from '../integration';
import type { Member } from '../integration';
import type { LockMetrics } from '../lock-metrics';
import type { MethodWrapper } from '../wrap';
import { dataProperty, Limiter, onlyDataProperties, runAsTask } from './limiter';
import type { LimiterTask } from './limiter';

/** p-queue 6 (CommonJS, `exports.default`), 7 to 10 (ESM only, `export default`). */
export const SUPPORTED_P_QUEUE_VERSIONS = ['>=6.0.1 <7', '>=7.0.0 <11'];
const LIBRARY = 'p-queue';
/** The add() options the library reads (so a getter among them is left alone). */
const OPTION_KEYS = ['priority', 'timeout', 'throwOnTimeout', 'signal', 'id'];

interface PQueueLike {
  readonly size: number;
  readonly pending: number;
  readonly isPaused: boolean;
  concurrency: number;
}

function queueClass(exports: unknown): (new () => PQueueLike) | undefined {
  const d = (exports as { default?: unknown } | null | undefined)?.default;
  if (typeof d === 'function') return d as new () => PQueueLike;
  const inner = (d as { default?: unknown } | null | undefined)?.default; // 6.x imported from ESM
  return typeof inner === 'function' ? (inner as new () => PQueueLike) : undefined;
}

function pQueueMembers(PQueue: (new () => PQueueLike) | undefined): Member[] {
  const proto = PQueue?.prototype as object | undefined;
  const getter = (key: string): Member => ({
    path: `PQueue.prototype.${key} (a getter)`,
    present: () => typeof Object.getOwnPropertyDescriptor(proto, key)?.get === 'function',
  });
  return [
    { path: 'PQueue (the default export, a class)', present: () => typeof PQueue === 'function' },
    { path: 'PQueue.prototype.add', present: () => isFunction(proto, 'add') },
    { path: 'PQueue.prototype.clear', present: () => isFunction(proto, 'clear') },
    getter('size'),
    getter('pending'),
    getter('isPaused'),
    {
      path: 'PQueue.prototype.concurrency (a getter; 6.0.x: the instance field _concurrency)',
      present: () =>
        typeof Object.getOwnPropertyDescriptor(proto, 'concurrency')?.get === 'function' ||
        typeof (new PQueue!() as unknown as { _concurrency?: unknown })._concurrency === 'number',
    },
  ];
}

/** Per-queue state, in a hidden slot of the PQueue (never a property of it). */
interface QueueState {
  limiter: Limiter;
  waiting: Set<LimiterTask>;
}

/*
 * p-queue, lock.kind `queue`: `add(fn, options)` asks for a task (wait starts; contended when
 * every slot is busy, tasks are queued or the queue is paused); the library calling fn starts it
 * (wait ends: whatever held it back, concurrency, priority, the interval cap or a pause), and
 * fn's result settling ends the hold. `clear()` gives every queued task up, outcome canceled.
 * Not recorded: tasks added with a `signal` (an abort would end their wait where the
 * instrumentation cannot see it without a listener of its own on the program's signal), and a
 * call whose options are behind getters or a proxy (they are not read).
 */
export class PQueueIntegration {
  private readonly states = hiddenSlot<QueueState>();

  constructor(
    private readonly metrics: LockMetrics,
    private readonly wrapper: MethodWrapper,
  ) {}

  definition(): InstrumentationNodeModuleDefinition {
    const v = SUPPORTED_P_QUEUE_VERSIONS;
    const patch = (exports: unknown, version?: string) => {
      const PQueue = queueClass(exports);
      if (checkMembers(LIBRARY, version, pQueueMembers(PQueue))) this.patch(PQueue!.prototype as object);
      return exports;
    };
    const unpatch = (exports: unknown) => {
      const proto = queueClass(exports)?.prototype as object | undefined;
      if (proto) for (const key of ['add', 'clear']) this.wrapper.unwrap(proto, key);
    };
    // By name, and its entry file (what import-in-the-middle names for an absolute path or file URL).
    return new InstrumentationNodeModuleDefinition(LIBRARY, v, patch, unpatch, [
      new InstrumentationNodeModuleFile(`${LIBRARY}/dist/index.js`, v, patch, unpatch),
    ]);
  }

  private stateOf(queue: object): QueueState {
    let st = this.states.get(queue);
    if (st === undefined)
      this.states.set(
        queue,
        (st = { limiter: new Limiter(this.metrics, queue, LIBRARY, 'queue'), waiting: new Set() }),
      );
    return st;
  }

  private patch(proto: object): void {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const p = this;
    this.wrapper.wrap(
      proto,
      'add',
      (original) =>
        ({
          add(this: PQueueLike, fn: unknown, options: unknown) {
            // eslint-disable-next-line prefer-rest-params
            const args = Array.prototype.slice.call(arguments) as unknown[];
            let st: QueueState | undefined;
            let task: LimiterTask | undefined;
            let sizeBefore = 0;
            try {
              const plain =
                options === undefined ||
                (options !== null &&
                  typeof options === 'object' &&
                  onlyDataProperties(options, OPTION_KEYS) &&
                  dataProperty(options, 'signal') === undefined);
              if (typeof fn === 'function' && plain) {
                st = p.stateOf(this);
                sizeBefore = this.size;
                const concurrency =
                  'concurrency' in proto ? this.concurrency : dataProperty(this, '_concurrency');
                const busy = this.pending >= (concurrency as number) || sizeBefore > 0 || this.isPaused;
                task = st.limiter.ask(busy);
                st.waiting.add(task);
                args[0] = runAsTask(task, fn as AnyFunction, st.waiting);
              }
            } catch (err) {
              reportError('p-queue add', err);
            }
            const result = original.apply(this, args) as unknown;
            if (st !== undefined && task !== undefined)
              try {
                // Neither started nor queued: refused (e.g. a bad timeout); it never runs.
                if (!task.started && this.size <= sizeBefore) {
                  st.waiting.delete(task);
                  task.giveUp('rejected');
                }
              } catch (err) {
                reportError('p-queue add', err);
              }
            return result;
          },
        }).add,
    );
    this.wrapper.wrap(
      proto,
      'clear',
      (original) =>
        ({
          clear(this: object) {
            // eslint-disable-next-line prefer-rest-params
            const result = original.apply(this, arguments as unknown as unknown[]) as unknown;
            try {
              const st = p.states.get(this);
              if (st !== undefined) {
                for (const task of st.waiting) task.giveUp('canceled');
                st.waiting.clear();
              }
            } catch (err) {
              reportError('p-queue clear', err);
            }
            return result;
          },
        }).clear,
    );
  }
}
