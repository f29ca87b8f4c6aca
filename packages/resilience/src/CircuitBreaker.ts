import { createActor, type Actor, type SnapshotFrom } from 'xstate';
import { AbortedError } from './AbortedError.js';
import { CircuitOpenError } from './CircuitOpenError.js';
import { systemClock, type Clock } from './Clock.js';
import {
  circuitBreakerMachine,
  type CircuitBreakerContext,
  type CircuitBreakerEvent,
} from './internal/circuitBreakerMachine.js';
import { withoutStack } from './internal/cheapError.js';
import type { FailureWindowState } from './FailureWindowState.js';
import { createFailureWindow } from './internal/createFailureWindow.js';
import type { FailureWindow } from './internal/FailureWindow.js';
import { OpenTimer } from './internal/OpenTimer.js';
import { isTransientError } from './isTransientError.js';
import type { ResilienceEventListener, TransitionReason } from './ResilienceEvent.js';
import { rejectWith } from './internal/rejectWith.js';

/** Public state of a breaker. An isolated breaker reports `open`. */
export type CircuitState = 'closed' | 'open' | 'halfOpen';

type MachineState = CircuitState | 'isolated';

/** A state change, published to {@link CircuitBreaker.subscribe} listeners. */
export interface CircuitTransition {
  readonly from: MachineState;
  readonly to: MachineState;
  /** Clock time of the change, in milliseconds. */
  readonly at: number;
  readonly reason: TransitionReason;
}

/** Serialisable state of a breaker; rebuild it with {@link restoreCircuitBreaker}. */
export interface CircuitBreakerSnapshot {
  readonly version: 1;
  readonly state: MachineState;
  /** The internal state machine's persisted state: opaque, JSON, for {@link restoreCircuitBreaker}. */
  readonly machine: unknown;
  readonly window: FailureWindowState;
}

/** Options of {@link createCircuitBreaker}. */
export interface CircuitBreakerOptions {
  /**
   * Name used in telemetry events.
   * @default 'circuit'
   */
  readonly name?: string;
  /**
   * Failures within `windowMs` that open the circuit (absolute-count mode).
   * @default 5
   */
  readonly failureThreshold?: number;
  /**
   * Length of the rolling window, in milliseconds.
   * @default 30000
   */
  readonly windowMs?: number;
  /**
   * Switches to failure-rate mode: open when this share (0–1) of the calls in the window failed and
   * at least `minimumThroughput` calls ended in it. `failureThreshold` is then ignored.
   * @default undefined (absolute-count mode)
   */
  readonly failureRateThreshold?: number;
  /**
   * Calls needed in the window before the failure rate is judged (rate mode only).
   * @default 10
   */
  readonly minimumThroughput?: number;
  /**
   * Buckets the rate window is split into (rate mode only).
   * @default 10
   */
  readonly rateBuckets?: number;
  /**
   * How long the circuit stays open before admitting probes, in milliseconds.
   * @default 30000
   */
  readonly openMs?: number;
  /**
   * Growth of the open period on each consecutive re-open (1 = constant).
   * @default 1
   */
  readonly openBackoffFactor?: number;
  /**
   * Cap of the grown open period, in milliseconds.
   * @default openMs
   */
  readonly maxOpenMs?: number;
  /**
   * Probe calls allowed in flight at once while half-open; extra calls are rejected, not queued.
   * @default 1
   */
  readonly halfOpenMaxProbes?: number;
  /**
   * Successful probes that close the circuit; any failed probe re-opens it.
   * @default 1
   */
  readonly successThreshold?: number;
  /**
   * Which errors count as failures. Errors that do not count still reach the caller.
   * @default isTransientError (the error's own `retryable` flag, then 5xx, 429, 408, timeouts and network codes)
   */
  readonly isFailure?: (error: unknown) => boolean;
  /**
   * Time source. With `setTimeout`, the open → half-open change is also published when it is due
   * (system timers are `unref`'d); without it, state advances on the next call or `state` read.
   * @default systemClock
   */
  readonly clock?: Pick<Clock, 'now'> & Partial<Pick<Clock, 'setTimeout' | 'clearTimeout'>>;
  /**
   * Telemetry listener: transitions and rejections.
   * @default undefined (no telemetry)
   */
  readonly onEvent?: ResilienceEventListener;
}

/** A circuit breaker; see {@link createCircuitBreaker}. */
export interface CircuitBreaker {
  readonly name: string;
  /** Current state; reading it advances an elapsed open period to `halfOpen`. */
  readonly state: CircuitState;
  /** True while opened by hand with {@link CircuitBreaker.isolate}. */
  readonly isolated: boolean;
  /**
   * True while calls are rejected at once: `state` is `open` (isolated included). `false` when
   * closed, and when half-open (a probe may be admitted). This is the check for work that should
   * wait out an outage without calling, e.g. metrics' `isPaused: () => breaker.isOpen()`.
   */
  isOpen(): boolean;
  /**
   * Runs `fn` unless the circuit is open: then rejects at once with {@link CircuitOpenError}
   * without calling `fn`. The outcome of `fn` is passed through unchanged.
   */
  execute<T>(fn: () => PromiseLike<T> | T): Promise<T>;
  /** Listens to state changes; returns the unsubscribe function. */
  subscribe(listener: (transition: CircuitTransition) => void): () => void;
  /** Serialisable state, including the failure window. */
  snapshot(): CircuitBreakerSnapshot;
  /** Opens the circuit until {@link CircuitBreaker.reset}; every call is rejected. */
  isolate(): void;
  /** Closes the circuit and forgets past failures. */
  reset(): void;
  /** Stops the actor and clears the pending timer. */
  dispose(): void;
}

type Snapshot = SnapshotFrom<typeof circuitBreakerMachine>;

class Breaker implements CircuitBreaker {
  readonly name: string;
  private readonly actor: Actor<typeof circuitBreakerMachine>;
  private current: MachineState;
  private context: CircuitBreakerContext;
  private openUntil = 0;
  private readonly timer: OpenTimer;
  private readonly listeners = new Set<(transition: CircuitTransition) => void>();
  private readonly window: FailureWindow;
  private readonly isFailure: (error: unknown) => boolean;
  private readonly clock: NonNullable<CircuitBreakerOptions['clock']>;
  private readonly onEvent: ResilienceEventListener | undefined;
  private readonly onClosedSuccess: ((value: unknown) => unknown) | undefined;
  private readonly onClosedFailure: (error: unknown) => never;

  constructor(options: CircuitBreakerOptions, restored?: CircuitBreakerSnapshot) {
    this.name = options.name ?? 'circuit';
    this.clock = options.clock ?? systemClock;
    this.isFailure = options.isFailure ?? isTransientError;
    this.onEvent = options.onEvent;
    this.window = createFailureWindow(options, restored?.window);
    this.timer = new OpenTimer(this.clock, () => {
      if (this.current === 'open') this.send({ type: 'ELAPSE', at: this.clock.now() });
    });
    const openMs = options.openMs ?? 30_000;
    const input = {
      openMs,
      openBackoffFactor: options.openBackoffFactor ?? 1,
      maxOpenMs: options.maxOpenMs ?? openMs,
      halfOpenMaxProbes: options.halfOpenMaxProbes ?? 1,
      successThreshold: options.successThreshold ?? 1,
      now: this.clock.now(),
    };
    this.actor = createActor(
      circuitBreakerMachine,
      restored ? { input, snapshot: restored.machine as Snapshot } : { input },
    );
    this.actor.start();
    const snapshot = this.actor.getSnapshot();
    this.current = snapshot.value;
    this.context = snapshot.context;
    this.openUntil = this.context.openedAt + this.context.openDurationMs;
    if (this.current === 'open') this.timer.arm(this.openUntil);
    // Probes that were in flight when the snapshot was taken can never report back here.
    for (let i = 0; i < this.context.probesInFlight; i++) {
      this.send({ type: 'PROBE_CANCEL', at: input.now, round: this.context.halfOpenRound });
    }

    this.onClosedSuccess = this.window.countsSuccesses
      ? (value) => {
          if (this.current === 'closed') this.window.recordSuccess(this.clock.now());
          return value;
        }
      : undefined;
    this.onClosedFailure = (error) => {
      if (this.current === 'closed' && this.isFailure(error)) {
        const now = this.clock.now();
        const verdict = this.window.recordFailure(now);
        if (verdict !== 'ok') this.send({ type: 'TRIP', at: now, reason: verdict });
      }
      throw error;
    };
  }

  get state(): CircuitState {
    if (this.current === 'open') {
      const now = this.clock.now();
      if (now >= this.openUntil) this.send({ type: 'ELAPSE', at: now });
    }
    return this.current === 'isolated' ? 'open' : this.current;
  }

  get isolated(): boolean {
    return this.current === 'isolated';
  }

  isOpen(): boolean {
    return this.state === 'open';
  }

  execute<T>(fn: () => PromiseLike<T> | T): Promise<T> {
    if (this.current === 'closed') {
      let result: PromiseLike<T> | T;
      try {
        result = fn();
      } catch (error) {
        return rejectWith(error).then(undefined, this.onClosedFailure);
      }
      return Promise.resolve(result).then(
        this.onClosedSuccess as ((value: T) => T) | undefined,
        this.onClosedFailure,
      );
    }
    return this.executeNotClosed(fn);
  }

  private executeNotClosed<T>(fn: () => PromiseLike<T> | T): Promise<T> {
    if (this.current === 'isolated') return this.reject(Number.POSITIVE_INFINITY, true);
    const now = this.clock.now();
    if (this.current === 'open' && now < this.openUntil) return this.reject(this.openUntil - now);
    const admittedBefore = this.context.admitted;
    this.send({ type: 'ADMIT', at: now });
    if (this.context.admitted === admittedBefore) {
      // Only reachable in half-open with every probe slot taken: reject, do not queue.
      return this.current === 'closed' ? this.execute(fn) : this.reject(0);
    }
    const round = this.context.halfOpenRound;
    const settle = (type: CircuitBreakerEvent['type']): void => {
      this.send({ type, at: this.clock.now(), round } as CircuitBreakerEvent);
    };
    let result: PromiseLike<T> | T;
    try {
      result = fn();
    } catch (error) {
      result = rejectWith(error);
    }
    return Promise.resolve(result).then(
      (value) => {
        settle('PROBE_SUCCESS');
        return value;
      },
      (error: unknown) => {
        settle(
          error instanceof AbortedError
            ? 'PROBE_CANCEL'
            : this.isFailure(error)
              ? 'PROBE_FAILURE'
              : 'PROBE_SUCCESS',
        );
        throw error;
      },
    );
  }

  subscribe(listener: (transition: CircuitTransition) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  snapshot(): CircuitBreakerSnapshot {
    return {
      version: 1,
      state: this.current,
      machine: JSON.parse(JSON.stringify(this.actor.getPersistedSnapshot())) as unknown,
      window: this.window.toJSON(),
    };
  }

  isolate(): void {
    this.send({ type: 'ISOLATE', at: this.clock.now() });
  }

  reset(): void {
    this.window.reset();
    this.send({ type: 'RESET', at: this.clock.now() });
  }

  dispose(): void {
    this.timer.disarm();
    this.actor.stop();
  }

  private send(event: CircuitBreakerEvent): void {
    this.actor.send(event);
    this.sync(this.actor.getSnapshot());
  }

  private sync(snapshot: Snapshot): void {
    const from = this.current;
    this.context = snapshot.context;
    this.openUntil = this.context.openedAt + this.context.openDurationMs;
    const to = snapshot.value;
    if (from === to) return;
    this.current = to;
    if (to === 'closed') this.window.reset();
    if (to === 'open') this.timer.arm(this.openUntil);
    else this.timer.disarm();
    const transition: CircuitTransition = {
      from,
      to,
      at: this.context.changedAt,
      reason: this.context.reason,
    };
    this.onEvent?.({ type: 'breaker.transition', name: this.name, ...transition });
    for (const listener of this.listeners) listener(transition);
  }

  /**
   * The last rejection error. Rejections within the same millisecond carry identical (immutable)
   * errors, so one instance is shared: building an Error is most of the cost of a rejection.
   */
  private lastRejection: CircuitOpenError | undefined;

  private reject<T>(retryAfterMs: number, isolated = false): Promise<T> {
    this.onEvent?.({
      type: 'breaker.rejected',
      at: this.clock.now(),
      name: this.name,
      retryAfterMs,
    });
    let error = this.lastRejection;
    if (error === undefined || error.retryAfterMs !== retryAfterMs || error.isolated !== isolated) {
      error = this.lastRejection = withoutStack(() => new CircuitOpenError(retryAfterMs, isolated));
    }
    return Promise.reject(error);
  }
}

/**
 * Creates a circuit breaker (an internal XState machine). It opens after
 * `failureThreshold` failures within `windowMs` (or on a failure rate, see
 * `failureRateThreshold`), rejects calls at once while open, admits `halfOpenMaxProbes` probes after
 * `openMs`, and closes after `successThreshold` successful probes. Successful calls in the closed
 * state cost one `.then` and send no machine event.
 *
 * One breaker per upstream: pass the same instance to {@link createPolicy} and to anything that
 * must know about the outage (metrics' `isPaused: () => breaker.isOpen()`).
 *
 * @example
 * ```ts
 * import { CircuitOpenError, createCircuitBreaker } from '@mrp-plm/resilience';
 *
 * const breaker = createCircuitBreaker({ failureThreshold: 5, windowMs: 30_000, openMs: 30_000 });
 * breaker.subscribe((t) => console.log(`${t.from} -> ${t.to} (${t.reason})`));
 * try {
 *   const config = await breaker.execute(() => sdk.getModelConfig('MDL-000001'));
 *   console.log(config.id);
 * } catch (error) {
 *   if (error instanceof CircuitOpenError) console.warn(`PLM is down; retry in ${error.retryAfterMs} ms`);
 *   else throw error;
 * }
 * const paused = breaker.isOpen(); // true while PLM calls are refused at once
 * ```
 */
export function createCircuitBreaker(options: CircuitBreakerOptions = {}): CircuitBreaker {
  return new Breaker(options);
}

/**
 * Rebuilds a breaker from {@link CircuitBreaker.snapshot}. Pass the same options as the original
 * (the window mode and `isFailure` are not in the snapshot); state, open period, probe bookkeeping
 * and recorded failures are restored, so it behaves identically.
 *
 * @example
 * ```ts
 * import { createCircuitBreaker, restoreCircuitBreaker } from '@mrp-plm/resilience';
 *
 * const breaker = createCircuitBreaker({ failureThreshold: 5 });
 * const saved = JSON.stringify(breaker.snapshot());
 * const again = restoreCircuitBreaker(JSON.parse(saved), { failureThreshold: 5 });
 * ```
 */
export function restoreCircuitBreaker(
  snapshot: CircuitBreakerSnapshot,
  options: CircuitBreakerOptions = {},
): CircuitBreaker {
  return new Breaker(options, snapshot);
}
