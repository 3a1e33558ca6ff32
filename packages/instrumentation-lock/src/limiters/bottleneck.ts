import {
  InstrumentationNodeModuleDefinition,
  InstrumentationNodeModuleFile,
} from '@opentelemetry/instrumentation';
import { recordWeighted, reportError } from '@statewatch/instrumentation-common';
import type { HistogramHandle } from '@statewatch/instrumentation-common';
import { METRIC_LOCK_THROTTLE_DURATION } from '@statewatch/semconv';
import { nowMs } from '../clock';
import { hiddenSlot } from '../hidden';
import type { AnyFunction } from '../internal-types';
import { checkMembers, isFunction } from '../integration';
import type { Member } from '../integration';
import type { LockMetrics } from '../lock-metrics';
import { MS } from '../lock-metrics';
import type { MethodWrapper } from '../wrap';
import { BottleneckLimiter, DEFAULT_ID } from './bottleneck-limiter';
import type { JobState } from './bottleneck-limiter';
import { askTask, dataProperty, finishWhenSettled } from './limiter';

/** 2.19.0 is the oldest release whose Job and `_receive` are the ones relied on (docs/lock-libraries.md); 2.19.5 the last. */
export const SUPPORTED_BOTTLENECK_VERSIONS = ['>=2.19.0 <=2.19.5'];
const LIBRARY = 'bottleneck';
const LIMITER_METHODS = ['_receive', '_run', '_drainOne', 'stop'];
const JOB_METHODS = ['doExecute', 'doDrop'];

interface LimiterInternals {
  queued(): number;
}
interface JobInternals {
  task: AnyFunction;
  options: { weight: number };
}

function bottleneckMembers(Bottleneck: unknown, Job: unknown): Member[] {
  const proto = (Bottleneck as { prototype?: Record<string, unknown> } | undefined)?.prototype;
  const jobProto = (Job as { prototype?: object } | undefined)?.prototype;
  const defaults = (key: string) => dataProperty(proto, key) as Record<string, unknown> | undefined;
  return [
    { path: 'Bottleneck (lib/Bottleneck.js, a class)', present: () => typeof Bottleneck === 'function' },
    ...[...LIMITER_METHODS, 'queued'].map((key) => ({
      path: `Bottleneck.prototype.${key}`,
      present: () => isFunction(proto, key),
    })),
    {
      path: `Bottleneck.prototype.instanceDefaults (datastore "local", id "${DEFAULT_ID}")`,
      present: () =>
        defaults('instanceDefaults')?.datastore === 'local' &&
        defaults('instanceDefaults')?.id === DEFAULT_ID,
    },
    {
      path: 'Bottleneck.prototype.storeDefaults (maxConcurrent, minTime, reservoir)',
      present: () =>
        ['maxConcurrent', 'minTime', 'reservoir'].every((k) => k in (defaults('storeDefaults') ?? {})),
    },
    { path: 'Job (lib/Job.js, a class)', present: () => typeof Job === 'function' },
    ...JOB_METHODS.map((key) => ({ path: `Job.prototype.${key}`, present: () => isFunction(jobProto, key) })),
  ];
}

/*
 * bottleneck 2.19, lock.kind `rate_limiter` (limiters with the local datastore). A job is asked
 * for when `schedule`, `submit`, `wrap`'s function or `wrap().withOptions` hands it to the
 * limiter (`_receive`); it starts when the library executes it (`Job#doExecute`: the wait ends)
 * and its hold lasts until the function's result settles (submit: its callback is called).
 * Contended: at `_receive`, the slots, the reservoir or the minTime spacing, after the jobs
 * ahead, would not let it start at once. statewatch.lock.throttle.duration, per started job: the
 * minTime delay the store gave it at registration (`_run`, a slot already taken) plus the time the
 * queue was held back by the reservoir while more slots were free than the reservoir allowed
 * (seen where `_drainOne` finds nothing to register), from the job's ask when the reservoir was
 * already short for it then. `rejected`: a duplicate `id`, a job dropped
 * (highWater strategy, BLOCK, `stop()`). An `expiration` counts from the job's start: the job was
 * acquired, and its hold is still its function's run time. Not recorded: limiters on Redis
 * (`datastore` redis/ioredis, `connection`), the bundles `bottleneck/es5.js` and `light.js`, jobs
 * refused after `stop()`, the internal job of `stop({ dropWaitingJobs: false })`; with retries (a
 * `failed` listener) the hold is the first run's. Group limiters are named by their id,
 * `<group id>-<key>`.
 */
export class BottleneckIntegration {
  private readonly limiters = hiddenSlot<BottleneckLimiter | null>();
  private readonly jobs = hiddenSlot<JobState>();
  private readonly throttle: HistogramHandle;
  /** lib/Job.js as just loaded: lib/Bottleneck.js requires it before its own hook runs. */
  private loadedJob: unknown;
  /** The limiter inside a `stop()` call (its own job is not the program's). */
  private stopping: object | undefined;

  constructor(
    private readonly metrics: LockMetrics,
    private readonly wrapper: MethodWrapper,
  ) {
    this.throttle = metrics.recorder.histogram(METRIC_LOCK_THROTTLE_DURATION);
  }

  definition(): InstrumentationNodeModuleDefinition {
    const v = SUPPORTED_BOTTLENECK_VERSIONS;
    const captureJob = (exports: unknown) => {
      this.loadedJob = exports;
      return exports;
    };
    const unpatchJob = (exports: unknown) => {
      const proto = (exports as { prototype?: object } | undefined)?.prototype;
      if (proto) for (const key of JOB_METHODS) this.wrapper.unwrap(proto, key);
    };
    const patch = (exports: unknown, version?: string) => {
      const Job = this.loadedJob;
      this.loadedJob = undefined;
      if (checkMembers(LIBRARY, version, bottleneckMembers(exports, Job)))
        this.patch((exports as { prototype: object }).prototype, (Job as { prototype: object }).prototype);
      return exports;
    };
    const unpatch = (exports: unknown) => {
      const proto = (exports as { prototype?: object } | undefined)?.prototype;
      if (proto) for (const key of LIMITER_METHODS) this.wrapper.unwrap(proto, key);
    };
    // lib/index.js only re-exports lib/Bottleneck.js, which requires lib/Job.js first.
    return new InstrumentationNodeModuleDefinition(LIBRARY, v, undefined, undefined, [
      new InstrumentationNodeModuleFile(`${LIBRARY}/lib/Job.js`, v, captureJob, unpatchJob),
      new InstrumentationNodeModuleFile(`${LIBRARY}/lib/Bottleneck.js`, v, patch, unpatch),
    ]);
  }

  /** The limiter's state; null (not recorded) for a store that is not the local one. */
  private limiterOf(limiter: object): BottleneckLimiter | null {
    let st = this.limiters.get(limiter);
    if (st === undefined) {
      const local =
        dataProperty(limiter, 'datastore') === 'local' && dataProperty(limiter, 'connection') == null;
      st = (local && BottleneckLimiter.of(this.metrics, this.throttle, limiter)) || null;
      this.limiters.set(limiter, st);
    }
    return st;
  }

  private patch(proto: object, jobProto: object): void {
    const w = (target: object, key: string, make: (original: AnyFunction) => AnyFunction) =>
      this.wrapper.wrap(target, key, make);
    w(proto, '_receive', (original) => this.receiveWrapper(original));
    w(proto, '_run', (original) => this.runWrapper(original));
    w(proto, '_drainOne', (original) => this.drainOneWrapper(original));
    w(proto, 'stop', (original) => this.stopWrapper(original));
    w(jobProto, 'doExecute', (original) => this.doExecuteWrapper(original));
    w(jobProto, 'doDrop', (original) => this.doDropWrapper(original));
  }

  /** `_receive(job)`: schedule/submit hand a job over; the wait starts. */
  private receiveWrapper(original: AnyFunction): AnyFunction {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const p = this;
    return {
      _receive(this: object, job: JobInternals) {
        let st: JobState | undefined;
        try {
          const limiter = p.stopping === this ? null : p.limiterOf(this);
          if (limiter !== null && p.jobs.get(job) === undefined) {
            const weight = job.options.weight;
            const task = askTask(limiter, !limiter.couldStartAtOnce(weight));
            const reservoirShortAtAsk = limiter.reservoirShort(weight);
            st = { limiter, task, weight, registeredAt: 0, spacing: 0, reservoirMs: 0, reservoirShortAtAsk };
            limiter.pendingWeight += weight;
            p.jobs.set(job, st);
          }
        } catch (err) {
          reportError('bottleneck schedule', err);
        }
        let result: unknown;
        try {
          // eslint-disable-next-line prefer-rest-params
          result = original.apply(this, arguments as unknown as unknown[]);
        } catch (err) {
          if (st !== undefined) p.refused(st);
          throw err;
        }
        if (st !== undefined && result === false) p.refused(st); // a duplicate id
        return result;
      },
    }._receive;
  }

  private refused(st: JobState): void {
    if (st.task.started || st.task.gaveUp) return;
    try {
      if (st.registeredAt === 0) st.limiter.pendingWeight -= st.weight;
      st.task.giveUp('rejected');
    } catch (err) {
      reportError('bottleneck schedule', err);
    }
  }

  /** `_run(index, job, wait)`: the store registered the job (slot taken), `wait` its spacing. */
  private runWrapper(original: AnyFunction): AnyFunction {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const p = this;
    return {
      _run(this: object, _index: unknown, job: object, wait: unknown) {
        try {
          const st = p.jobs.get(job);
          if (st !== undefined && st.registeredAt === 0)
            st.limiter.registered(st, typeof wait === 'number' && wait > 0 ? wait : 0);
        } catch (err) {
          reportError('bottleneck run', err);
        }
        // eslint-disable-next-line prefer-rest-params
        return original.apply(this, arguments as unknown as unknown[]) as unknown;
      },
    }._run;
  }

  /** `_drainOne(capacity)`: null when nothing could be registered (why: bottleneck-limiter.ts). */
  private drainOneWrapper(original: AnyFunction): AnyFunction {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const p = this;
    return {
      _drainOne(this: LimiterInternals) {
        // eslint-disable-next-line prefer-rest-params
        const result = original.apply(this, arguments as unknown as unknown[]) as unknown;
        try {
          const limiter = p.limiters.get(this);
          if (
            limiter != null &&
            result instanceof Promise &&
            Object.getPrototypeOf(result) === Promise.prototype
          ) {
            const seen = (drained: unknown) => {
              try {
                if (drained == null) limiter.drainFoundNothing(this.queued());
              } catch (err) {
                reportError('bottleneck drain', err);
              }
            };
            promiseThen.call(result, seen, noop);
          }
        } catch (err) {
          reportError('bottleneck drain', err);
        }
        return result;
      },
    }._drainOne;
  }

  private stopWrapper(original: AnyFunction): AnyFunction {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const p = this;
    return {
      stop(this: object) {
        const outer = p.stopping;
        p.stopping = this;
        try {
          // eslint-disable-next-line prefer-rest-params
          return original.apply(this, arguments as unknown as unknown[]) as unknown;
        } finally {
          p.stopping = outer;
        }
      },
    }.stop;
  }

  /**
   * `Job#doExecute(chained, …)`: the job starts (its first run; a retry runs it again). For the
   * hold, the library's call of `this.task` gets a stand-in that puts the task back first, then
   * follows its result; chained to another limiter, the hold ends when that one's job settles.
   */
  private doExecuteWrapper(original: AnyFunction): AnyFunction {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const p = this;
    return {
      doExecute(this: JobInternals, chained: unknown) {
        const st = p.jobs.get(this);
        if (st === undefined || st.task.started || st.task.gaveUp)
          // eslint-disable-next-line prefer-rest-params
          return original.apply(this, arguments as unknown as unknown[]) as unknown;
        let fn: AnyFunction | undefined;
        let standIn: AnyFunction | undefined;
        try {
          // Timed with its wait, and with its weight (0: an acquisition the lock's sampler left
          // untimed, which reads no clock here).
          const throttleMs =
            st.task.weight === 0 ? 0 : st.reservoirMs + (st.spacing > 0 ? nowMs() - st.registeredAt : 0);
          st.task.start();
          if (st.task.weight !== 0) recordWeighted(st.limiter.throttleOf(), throttleMs * MS, st.task.weight);
          if (chained == null && typeof this.task === 'function') {
            // eslint-disable-next-line @typescript-eslint/no-this-alias
            const job = this;
            const task = st.task;
            const userFn = (fn = this.task);
            standIn = function (this: unknown) {
              job.task = userFn;
              let result: unknown;
              try {
                // eslint-disable-next-line prefer-rest-params
                result = userFn.apply(this, arguments as unknown as unknown[]);
              } catch (err) {
                task.finish();
                throw err;
              }
              finishWhenSettled(task, result);
              return result;
            };
            this.task = standIn;
          }
        } catch (err) {
          reportError('bottleneck execute', err);
        }
        let result: unknown;
        try {
          // eslint-disable-next-line prefer-rest-params
          result = original.apply(this, arguments as unknown as unknown[]);
        } finally {
          if (standIn !== undefined && this.task === standIn) this.task = fn!;
        }
        if (standIn === undefined) finishWhenSettled(st.task, result);
        return result;
      },
    }.doExecute;
  }

  /** `Job#doDrop()`: true when the job was still the limiter's (dropped before it started). */
  private doDropWrapper(original: AnyFunction): AnyFunction {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const p = this;
    return {
      doDrop(this: object) {
        // eslint-disable-next-line prefer-rest-params
        const result = original.apply(this, arguments as unknown as unknown[]) as unknown;
        const st = p.jobs.get(this);
        if (st !== undefined && result === true && !st.task.started) p.refused(st);
        return result;
      },
    }.doDrop;
  }
}

const promiseThen = Promise.prototype.then;
const noop = () => {};
