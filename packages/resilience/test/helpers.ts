import { createTestClock, type TestClock } from '../src/TestClock.js';

/** Lets pending promise callbacks (and Effect fibers) run, without waiting on real time. */
export async function flush(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** Advances a test clock in steps, letting async work scheduled by each timer run. */
export async function advance(clock: TestClock, ms: number, step = ms): Promise<void> {
  let left = ms;
  while (left > 0) {
    const by = Math.min(step, left);
    await flush(2);
    clock.advanceSync(by);
    left -= by;
    await flush(2);
  }
}

/** A promise with its resolve/reject exposed. */
export interface Deferred<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** An error the default classifiers treat as transient (HTTP 503). */
export function serverError(message = 'unavailable'): Error & { status: number } {
  return Object.assign(new Error(message), { status: 503 });
}

/** The monorepo's one test clock ({@link createTestClock}), starting at `start`. */
export function newClock(start = 0): TestClock {
  return createTestClock({ start });
}
