import { describe, expect, it } from 'vitest';
import { createTestClock } from './TestClock.js';

describe('createTestClock', () => {
  it('fires due timers in time order, then in arming order, and moves time only when told', async () => {
    const clock = createTestClock({ start: 1_000 });
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('b'), 20);
    clock.setTimeout(() => fired.push('a'), 10);
    clock.setTimeout(() => fired.push('c'), 20);
    const cancelled = clock.setTimeout(() => fired.push('never'), 5);
    clock.clearTimeout(cancelled);
    expect(clock.now()).toBe(1_000);
    expect(clock.pendingTimers).toBe(3);
    await clock.advance(15);
    expect(fired).toEqual(['a']);
    expect(clock.now()).toBe(1_015);
    await clock.advance(5);
    expect(fired).toEqual(['a', 'b', 'c']);
    expect(clock.pendingTimers).toBe(0);
  });

  it('fires timers armed by a callback when they fall due within the same advance', async () => {
    const clock = createTestClock({ start: 0 });
    const seen: number[] = [];
    const tick = (): void => {
      seen.push(clock.now());
      if (seen.length < 3) clock.setTimeout(tick, 100);
    };
    clock.setTimeout(tick, 100);
    await clock.advance(1_000);
    expect(seen).toEqual([100, 200, 300]);
  });

  it('lets promise work scheduled by a timer settle before advance resolves', async () => {
    const clock = createTestClock();
    let done = false;
    clock.setTimeout(() => {
      void Promise.resolve().then(() => {
        done = true;
      });
    }, 1);
    await clock.advance(1);
    expect(done).toBe(true);
  });

  it('never moves backwards', async () => {
    const clock = createTestClock({ start: 500 });
    await clock.advanceTo(100);
    expect(clock.now()).toBe(500);
  });

  it('advances synchronously: due timers fire in order before advanceSync returns, promise work does not', () => {
    const clock = createTestClock({ start: 0 });
    const seen: number[] = [];
    let promiseRan = false;
    const tick = (): void => {
      seen.push(clock.now());
      void Promise.resolve().then(() => {
        promiseRan = true;
      });
      if (seen.length < 3) clock.setTimeout(tick, 100);
    };
    clock.setTimeout(tick, 100);
    clock.setTimeout(() => seen.push(-1), 1_001);
    clock.advanceSync(250);
    expect(seen).toEqual([100, 200]);
    expect(clock.now()).toBe(250);
    expect(promiseRan).toBe(false);
    clock.advanceToSync(1_000);
    expect(seen).toEqual([100, 200, 300]);
    expect(clock.pendingTimers).toBe(1);
    clock.advanceToSync(10);
    expect(clock.now()).toBe(1_000);
    clock.advanceSync(-5);
    expect(clock.now()).toBe(1_000);
    clock.advanceSync(1);
    expect(seen).toEqual([100, 200, 300, -1]);
    expect(clock.pendingTimers).toBe(0);
  });
});
