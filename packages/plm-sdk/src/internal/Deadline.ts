import type { PlmClock } from '../PlmClock.js';
import { PlmAbortError } from '../PlmAbortError.js';
import type { PlmOperation } from '../PlmOperation.js';
import { PlmTimeoutError } from '../PlmTimeoutError.js';

/**
 * The calls waiting on each caller signal. A signal gets one `abort` listener however many calls
 * share it (1,000 concurrent calls on one signal would otherwise add 1,000 listeners, and Node warns
 * with `MaxListenersExceededWarning` past 10); the listener goes when its last call is done.
 */
const listeners = new WeakMap<AbortSignal, SharedListener>();

interface SharedListener {
  readonly waiters: Set<() => void>;
  readonly dispatch: () => void;
}

/** Runs `waiter` when `signal` aborts; returns the function that stops waiting. */
function onAbort(signal: AbortSignal, waiter: () => void): () => void {
  let shared = listeners.get(signal);
  if (shared === undefined) {
    const waiters = new Set<() => void>();
    const created: SharedListener = {
      waiters,
      dispatch: () => {
        listeners.delete(signal);
        for (const each of [...waiters]) each();
      },
    };
    shared = created;
    listeners.set(signal, created);
    signal.addEventListener('abort', created.dispatch, { once: true });
  }
  const own = shared;
  own.waiters.add(waiter);
  return () => {
    own.waiters.delete(waiter);
    if (own.waiters.size > 0 || listeners.get(signal) !== own) return;
    listeners.delete(signal);
    signal.removeEventListener('abort', own.dispatch);
  };
}

/**
 * One call's time limit and the caller's signal combined into one `AbortSignal`, remembering which
 * of the two fired so the client can reject with the right error. Without a time limit
 * (`timeoutMs` `undefined`) it follows the caller's signal alone.
 */
export class Deadline {
  readonly signal: AbortSignal;
  readonly #controller = new AbortController();
  readonly #clock: PlmClock;
  readonly #timer: unknown;
  readonly #callerSignal: AbortSignal | undefined;
  readonly #stopListening: (() => void) | undefined;
  #timedOut = false;

  constructor(
    readonly timeoutMs: number | undefined,
    clock: PlmClock,
    callerSignal: AbortSignal | undefined,
  ) {
    this.signal = this.#controller.signal;
    this.#clock = clock;
    this.#callerSignal = callerSignal;
    if (callerSignal?.aborted === true) {
      this.#controller.abort(callerSignal.reason);
    } else if (callerSignal !== undefined) {
      this.#stopListening = onAbort(callerSignal, () =>
        this.#controller.abort(callerSignal.reason),
      );
    }
    const onTimeout = () => {
      this.#timedOut = true;
      this.#controller.abort(new DOMException(`timed out after ${timeoutMs} ms`, 'TimeoutError'));
    };
    if (timeoutMs !== undefined) {
      this.#timer =
        clock.setTimeout === undefined
          ? setTimeout(onTimeout, timeoutMs)
          : clock.setTimeout(onTimeout, timeoutMs);
    }
  }

  get aborted(): boolean {
    return this.#controller.signal.aborted;
  }

  dispose(): void {
    if (this.#timer !== undefined) {
      if (this.#clock.clearTimeout === undefined) clearTimeout(this.#timer as NodeJS.Timeout);
      else this.#clock.clearTimeout(this.#timer);
    }
    this.#stopListening?.();
  }

  /** The error for a call this deadline cut short. */
  toError(operation: PlmOperation, correlationId: string): PlmTimeoutError | PlmAbortError {
    if (this.#timedOut) {
      return new PlmTimeoutError({
        operation,
        correlationId,
        timeoutMs: this.timeoutMs,
        message: `PLM ${operation} timed out after ${this.timeoutMs} ms (correlation id ${correlationId})`,
      });
    }
    const reason: unknown = this.#callerSignal?.reason;
    if (reason instanceof Error && reason.name === 'TimeoutError') {
      return new PlmTimeoutError({
        operation,
        correlationId,
        timeoutMs: undefined,
        message: `PLM ${operation} timed out: the caller's signal timed out (correlation id ${correlationId})`,
        cause: reason,
      });
    }
    return new PlmAbortError({ operation, correlationId, cause: reason });
  }

  /** `promise`, or this deadline's error as soon as it fires. */
  race<T>(promise: Promise<T>, operation: PlmOperation, correlationId: string): Promise<T> {
    if (this.aborted) return Promise.reject(this.toError(operation, correlationId));
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(this.toError(operation, correlationId));
      this.signal.addEventListener('abort', onAbort, { once: true });
      promise.then(
        (value) => {
          this.signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: unknown) => {
          this.signal.removeEventListener('abort', onAbort);
          // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- passes the token source's PlmError through
          reject(error);
        },
      );
    });
  }
}
