import type { PlmClock } from '../PlmClock.js';
import { PlmAbortError } from '../PlmAbortError.js';
import type { PlmOperation } from '../PlmOperation.js';
import { PlmTimeoutError } from '../PlmTimeoutError.js';

/**
 * One call's time limit and the caller's signal combined into one `AbortSignal`, remembering which
 * of the two fired so the client can reject with the right error.
 */
export class Deadline {
  readonly signal: AbortSignal;
  readonly #controller = new AbortController();
  readonly #clock: PlmClock;
  readonly #timer: unknown;
  readonly #callerSignal: AbortSignal | undefined;
  readonly #onCallerAbort: (() => void) | undefined;
  #timedOut = false;

  constructor(
    readonly timeoutMs: number,
    clock: PlmClock,
    callerSignal: AbortSignal | undefined,
  ) {
    this.signal = this.#controller.signal;
    this.#clock = clock;
    this.#callerSignal = callerSignal;
    if (callerSignal?.aborted === true) {
      this.#controller.abort(callerSignal.reason);
    } else if (callerSignal !== undefined) {
      this.#onCallerAbort = () => this.#controller.abort(callerSignal.reason);
      callerSignal.addEventListener('abort', this.#onCallerAbort, { once: true });
    }
    const onTimeout = () => {
      this.#timedOut = true;
      this.#controller.abort(new DOMException(`timed out after ${timeoutMs} ms`, 'TimeoutError'));
    };
    this.#timer =
      clock.setTimeout === undefined
        ? setTimeout(onTimeout, timeoutMs)
        : clock.setTimeout(onTimeout, timeoutMs);
  }

  get aborted(): boolean {
    return this.#controller.signal.aborted;
  }

  dispose(): void {
    if (this.#clock.clearTimeout === undefined) clearTimeout(this.#timer as NodeJS.Timeout);
    else this.#clock.clearTimeout(this.#timer);
    if (this.#onCallerAbort !== undefined) {
      this.#callerSignal?.removeEventListener('abort', this.#onCallerAbort);
    }
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
