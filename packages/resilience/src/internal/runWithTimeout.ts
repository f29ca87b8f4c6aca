import type { Clock } from '../Clock.js';
import type { ResilienceEventListener } from '../ResilienceEvent.js';
import { ResilienceTimeoutError } from '../ResilienceTimeoutError.js';
import { abortReason } from './abortReason.js';
import { onAbort } from './onAbort.js';
import { rejectWith } from './rejectWith.js';

/**
 * Runs `fn` with a fresh AbortSignal that aborts after `timeoutMs` (reason: a ResilienceTimeoutError of
 * `scope`) or when `parent` aborts. Rejects as soon as either happens, without waiting for `fn`.
 */
export function runWithTimeout<T>(
  fn: (signal: AbortSignal) => PromiseLike<T> | T,
  timeoutMs: number,
  scope: 'attempt' | 'deadline',
  clock: Clock,
  parent: AbortSignal | undefined,
  onEvent: ResilienceEventListener | undefined,
): Promise<T> {
  if (parent?.aborted) return Promise.reject(abortReason(parent));
  const controller = new AbortController();
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    let unsubscribe: (() => void) | undefined;
    const finish = (): boolean => {
      if (settled) return false;
      settled = true;
      clock.clearTimeout(timer);
      unsubscribe?.();
      return true;
    };
    const onParentAbort = (): void => {
      if (!finish()) return;
      const reason = abortReason(parent!);
      controller.abort(reason);
      reject(reason);
    };
    const timer = clock.setTimeout(() => {
      if (!finish()) return;
      const error = new ResilienceTimeoutError(scope, timeoutMs);
      onEvent?.({ type: 'timeout.fired', at: clock.now(), scope, timeoutMs });
      controller.abort(error);
      reject(error);
    }, timeoutMs);
    // One shared listener per caller signal, however many calls wait on it (see onAbort).
    if (parent) unsubscribe = onAbort(parent, onParentAbort);
    let result: PromiseLike<T> | T;
    try {
      result = fn(controller.signal);
    } catch (error) {
      result = rejectWith(error);
    }
    Promise.resolve(result).then(
      (value) => {
        if (finish()) resolve(value);
      },
      (error: unknown) => {
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- pass-through
        if (finish()) reject(error);
      },
    );
  });
}
