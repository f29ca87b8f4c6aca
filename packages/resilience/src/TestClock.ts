import type { Clock } from './Clock.js';

/**
 * A {@link Clock} whose time moves only when a test says so: the one test clock of the monorepo,
 * so every package's tests advance time the same way instead of sleeping.
 */
export interface TestClock extends Clock {
  /** Number of armed timers (due or not). */
  readonly pendingTimers: number;
  /**
   * Moves time forward by `ms`, firing every timer due on the way in time order (timers that a
   * callback arms are fired too when due), and lets promise callbacks and I/O callbacks settle
   * after each one.
   */
  advance(ms: number): Promise<void>;
  /** Sets the time to `at` (never backwards) and fires what became due, as {@link advance}. */
  advanceTo(at: number): Promise<void>;
  /**
   * Moves time forward by `ms` and fires every timer due on the way in time order, as
   * {@link advance}, but synchronously: no promise or I/O callback runs in between. For tests that
   * check what holds at one instant (a breaker's state right after its cooldown) or that drive
   * time from inside synchronous code (a property-based model).
   */
  advanceSync(ms: number): void;
  /** Sets the time to `at` (never backwards) and fires what became due, as {@link advanceSync}. */
  advanceToSync(at: number): void;
  /** Lets pending promise callbacks and I/O callbacks run without moving time. */
  settle(turns?: number): Promise<void>;
}

/** Options of {@link createTestClock}. */
export interface TestClockOptions {
  /**
   * Start time in milliseconds since the Unix epoch.
   * @default Date.UTC(2026, 2, 2, 10, 0, 0) (2026-03-02T10:00:00Z)
   */
  readonly start?: number;
  /**
   * How many event-loop turns (`setImmediate`) {@link TestClock.settle} waits by default.
   * @default 20
   */
  readonly settleTurns?: number;
}

interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly callback: () => void;
}

/**
 * Creates a {@link TestClock}. Timers due at the same instant fire in the order they were armed.
 *
 * @example
 * ```ts
 * import { createTestClock } from '@mrp-plm/resilience';
 *
 * const clock = createTestClock();
 * let fired = false;
 * clock.setTimeout(() => {
 *   fired = true;
 * }, 1_000);
 * await clock.advance(1_000);
 * console.log(fired); // true
 * ```
 */
export function createTestClock(options: TestClockOptions = {}): TestClock {
  let now = options.start ?? Date.UTC(2026, 2, 2, 10, 0, 0);
  const defaultTurns = options.settleTurns ?? 20;
  let seq = 0;
  const timers = new Map<number, Timer>();

  const settle = async (turns = defaultTurns): Promise<void> => {
    for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
  };

  const nextDue = (target: number): [number, Timer] | undefined => {
    let next: [number, Timer] | undefined;
    for (const entry of timers) {
      const timer = entry[1];
      if (timer.at > target) continue;
      if (
        next === undefined ||
        timer.at < next[1].at ||
        (timer.at === next[1].at && timer.seq < next[1].seq)
      )
        next = entry;
    }
    return next;
  };

  /** Fires the earliest timer due by `target`, moving time to it; false when none is due. */
  const fireNext = (target: number): boolean => {
    const next = nextDue(target);
    if (next === undefined) return false;
    timers.delete(next[0]);
    now = Math.max(now, next[1].at);
    next[1].callback();
    return true;
  };

  const advanceToSync = (target: number): void => {
    while (fireNext(target));
    now = Math.max(now, target);
  };

  const advanceTo = async (target: number): Promise<void> => {
    await settle();
    while (fireNext(target)) await settle();
    now = Math.max(now, target);
    await settle();
  };

  return {
    now: () => now,
    setTimeout(callback: () => void, ms: number): unknown {
      const id = ++seq;
      const delay = Number.isFinite(ms) ? Math.max(0, ms) : 0;
      timers.set(id, { at: now + delay, seq: id, callback });
      return id;
    },
    clearTimeout(handle: unknown): void {
      if (typeof handle === 'number') timers.delete(handle);
    },
    get pendingTimers() {
      return timers.size;
    },
    advance: (ms) => advanceTo(now + Math.max(0, ms)),
    advanceTo,
    advanceSync: (ms) => advanceToSync(now + Math.max(0, ms)),
    advanceToSync,
    settle,
  };
}
