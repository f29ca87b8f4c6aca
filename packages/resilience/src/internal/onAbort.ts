/**
 * One `abort` listener per signal, shared by every call waiting on it. A caller that passes the
 * same long-lived `AbortSignal` to many concurrent calls would otherwise get one listener per call,
 * and Node warns (`MaxListenersExceededWarning`) past ten; the listener lists also grow and shrink
 * with every call. Callbacks run in subscription order when the signal aborts.
 */
const subscribers = new WeakMap<AbortSignal, Set<() => void>>();

function dispatch(this: AbortSignal): void {
  const callbacks = subscribers.get(this);
  subscribers.delete(this);
  if (callbacks === undefined) return;
  for (const callback of callbacks) callback();
}

/**
 * Runs `callback` once when `signal` aborts. Returns the unsubscribe function; the shared listener
 * leaves the signal with its last subscriber. The signal must not be aborted yet.
 */
export function onAbort(signal: AbortSignal, callback: () => void): () => void {
  let callbacks = subscribers.get(signal);
  if (callbacks === undefined) {
    callbacks = new Set();
    subscribers.set(signal, callbacks);
    signal.addEventListener('abort', dispatch, { once: true });
  }
  // A wrapper, so the same callback function subscribed twice is two subscriptions.
  const entry = (): void => callback();
  callbacks.add(entry);
  return () => {
    const current = subscribers.get(signal);
    if (current === undefined || !current.delete(entry) || current.size > 0) return;
    subscribers.delete(signal);
    signal.removeEventListener('abort', dispatch);
  };
}

/**
 * A signal that aborts with `parent` (same reason), for APIs that add their own listener per call
 * (Effect's `runPromise`): they listen to the child, and the parent keeps one shared listener.
 * Call `release` when the call is over.
 */
export function childSignal(parent: AbortSignal): {
  readonly signal: AbortSignal;
  readonly release: () => void;
} {
  const controller = new AbortController();
  const release = onAbort(parent, () => controller.abort(parent.reason));
  return { signal: controller.signal, release };
}
