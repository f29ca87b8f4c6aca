import { describe, expect, it, vi } from 'vitest';
import { Actor } from 'xstate';
import { newClock, serverError } from '../test/helpers.js';
import { CircuitOpenError } from './CircuitOpenError.js';
import { createCircuitBreaker, restoreCircuitBreaker } from './CircuitBreaker.js';
import type { CircuitBreakerSnapshot, CircuitTransition } from './CircuitBreaker.js';
import type { ResilienceEvent } from './ResilienceEvent.js';

const fail = (): Promise<never> => Promise.reject(serverError());
const ok = (): Promise<string> => Promise.resolve('ok');

describe('createCircuitBreaker', () => {
  it('opens after failureThreshold failures in the window and rejects without calling fn', async () => {
    const clock = newClock(1_000);
    const breaker = createCircuitBreaker({
      clock,
      failureThreshold: 3,
      windowMs: 10_000,
      openMs: 5_000,
    });
    for (let i = 0; i < 2; i++)
      await expect(breaker.execute(fail)).rejects.toMatchObject({ status: 503 });
    expect(breaker.state).toBe('closed');
    await expect(breaker.execute(fail)).rejects.toMatchObject({ status: 503 });
    expect(breaker.state).toBe('open');
    const fn = vi.fn(ok);
    clock.advanceSync(2_000);
    const error = await breaker.execute(fn).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CircuitOpenError);
    expect(error).toMatchObject({ _tag: 'CircuitOpenError', retryAfterMs: 3_000 });
    expect(fn).not.toHaveBeenCalled();
  });

  it('does not count errors that isFailure rejects (4xx by default)', async () => {
    const breaker = createCircuitBreaker({ clock: newClock(), failureThreshold: 2 });
    const notFound = Object.assign(new Error('nope'), { status: 404 });
    for (let i = 0; i < 5; i++)
      await expect(breaker.execute(() => Promise.reject(notFound))).rejects.toBe(notFound);
    expect(breaker.state).toBe('closed');
  });

  it('counts sync throws as outcomes', async () => {
    const breaker = createCircuitBreaker({ clock: newClock(), failureThreshold: 1 });
    await expect(
      breaker.execute(() => {
        throw serverError();
      }),
    ).rejects.toMatchObject({ status: 503 });
    expect(breaker.state).toBe('open');
  });

  it('goes half-open after openMs, closes after successThreshold probe successes', async () => {
    const clock = newClock();
    const transitions: CircuitTransition[] = [];
    const breaker = createCircuitBreaker({
      clock,
      failureThreshold: 1,
      openMs: 1_000,
      successThreshold: 2,
    });
    breaker.subscribe((t) => transitions.push(t));
    await breaker.execute(fail).catch(() => undefined);
    clock.advanceSync(1_000);
    expect(breaker.state).toBe('halfOpen');
    await expect(breaker.execute(ok)).resolves.toBe('ok');
    expect(breaker.state).toBe('halfOpen');
    await expect(breaker.execute(ok)).resolves.toBe('ok');
    expect(breaker.state).toBe('closed');
    expect(transitions.map((t) => [t.from, t.to, t.reason, t.at])).toEqual([
      ['closed', 'open', 'failureThreshold', 0],
      ['open', 'halfOpen', 'openElapsed', 1_000],
      ['halfOpen', 'closed', 'probesSucceeded', 1_000],
    ]);
  });

  it('re-opens on a failed probe, growing the open period up to the cap', async () => {
    const clock = newClock();
    const breaker = createCircuitBreaker({
      clock,
      failureThreshold: 1,
      openMs: 1_000,
      openBackoffFactor: 2,
      maxOpenMs: 3_000,
    });
    await breaker.execute(fail).catch(() => undefined);
    const periods: number[] = [];
    for (let i = 0; i < 4; i++) {
      const error = (await breaker.execute(ok).catch((e: unknown) => e)) as CircuitOpenError;
      periods.push(error.retryAfterMs);
      clock.advanceSync(error.retryAfterMs);
      await breaker.execute(fail).catch(() => undefined); // the probe fails
    }
    expect(periods).toEqual([1_000, 2_000, 3_000, 3_000]);
  });

  it('rejects extra calls while half-open instead of queueing them', async () => {
    const clock = newClock();
    const breaker = createCircuitBreaker({
      clock,
      failureThreshold: 1,
      openMs: 10,
      halfOpenMaxProbes: 2,
    });
    await breaker.execute(fail).catch(() => undefined);
    clock.advanceSync(10);
    const hold = new Promise<string>(() => undefined);
    void breaker.execute(() => hold);
    void breaker.execute(() => hold);
    const fn = vi.fn(ok);
    await expect(breaker.execute(fn)).rejects.toBeInstanceOf(CircuitOpenError);
    expect(fn).not.toHaveBeenCalled();
  });

  it('supports failure-rate mode with a minimum throughput', async () => {
    const clock = newClock();
    const breaker = createCircuitBreaker({
      clock,
      failureRateThreshold: 0.5,
      minimumThroughput: 6,
      windowMs: 10_000,
    });
    for (let i = 0; i < 4; i++) await breaker.execute(ok);
    await breaker.execute(fail).catch(() => undefined);
    await breaker.execute(fail).catch(() => undefined);
    expect(breaker.state).toBe('closed'); // 2/6 failed
    await breaker.execute(fail).catch(() => undefined);
    expect(breaker.state).toBe('closed'); // 3/7 < 0.5
    await breaker.execute(fail).catch(() => undefined);
    expect(breaker.state).toBe('open'); // 4/8 >= 0.5
  });

  it('rate mode forgets outcomes older than the window', async () => {
    const clock = newClock();
    const breaker = createCircuitBreaker({
      clock,
      failureRateThreshold: 0.5,
      minimumThroughput: 4,
      windowMs: 1_000,
    });
    for (let i = 0; i < 3; i++) await breaker.execute(fail).catch(() => undefined);
    clock.advanceSync(1_500);
    await breaker.execute(fail).catch(() => undefined);
    expect(breaker.state).toBe('closed');
  });

  it('isolate() rejects everything until reset()', async () => {
    const clock = newClock();
    const breaker = createCircuitBreaker({ clock });
    breaker.isolate();
    expect(breaker.state).toBe('open');
    expect(breaker.isolated).toBe(true);
    clock.advanceSync(1e9);
    await expect(breaker.execute(ok)).rejects.toMatchObject({
      isolated: true,
      retryAfterMs: Infinity,
    });
    breaker.reset();
    await expect(breaker.execute(ok)).resolves.toBe('ok');
  });

  it('publishes transitions and rejections to onEvent', async () => {
    const events: ResilienceEvent[] = [];
    const breaker = createCircuitBreaker({
      clock: newClock(),
      failureThreshold: 1,
      name: 'plm',
      onEvent: (e) => events.push(e),
    });
    await breaker.execute(fail).catch(() => undefined);
    await breaker.execute(ok).catch(() => undefined);
    expect(events.map((e) => e.type)).toEqual(['breaker.transition', 'breaker.rejected']);
    expect(events[0]).toMatchObject({ name: 'plm', from: 'closed', to: 'open' });
  });

  it('advances open -> halfOpen on the clock timer, without a call', () => {
    const clock = newClock();
    const seen: string[] = [];
    const breaker = createCircuitBreaker({ clock, failureThreshold: 1, openMs: 100 });
    breaker.subscribe((t) => seen.push(t.to));
    return breaker.execute(fail).catch(() => {
      clock.advanceSync(100);
      expect(seen).toEqual(['open', 'halfOpen']);
    });
  });

  it('unrefs the system timer so an open breaker never keeps the process alive', async () => {
    const unref = vi.fn();
    const clock = {
      now: () => 0,
      setTimeout: () => ({ unref }),
      clearTimeout: () => undefined,
    };
    const breaker = createCircuitBreaker({ clock, failureThreshold: 1 });
    await breaker.execute(fail).catch(() => undefined);
    expect(unref).toHaveBeenCalledOnce();
    breaker.dispose();
  });

  it('isOpen() is true exactly while calls are refused at once (open or isolated)', async () => {
    const clock = newClock();
    const breaker = createCircuitBreaker({ clock, failureThreshold: 1, openMs: 1_000 });
    expect(breaker.isOpen()).toBe(false);
    await breaker.execute(fail).catch(() => undefined);
    expect(breaker.isOpen()).toBe(true);
    await expect(breaker.execute(ok)).rejects.toBeInstanceOf(CircuitOpenError);
    clock.advanceSync(1_000);
    // Half-open: a probe may be admitted, so work waiting on the outage may go ahead.
    expect(breaker.isOpen()).toBe(false);
    expect(breaker.state).toBe('halfOpen');
    await expect(breaker.execute(ok)).resolves.toBe('ok');
    expect(breaker.isOpen()).toBe(false);
    breaker.isolate();
    expect(breaker.isOpen()).toBe(true);
    breaker.reset();
    expect(breaker.isOpen()).toBe(false);
  });

  it('sends no machine event for successes in the closed state', async () => {
    // The actor is internal; watch every XState actor's send instead. XState binds `send` in the
    // actor's constructor, so the spy must be in place before the breaker is created.
    const send = vi.spyOn(Actor.prototype, 'send');
    const breaker = createCircuitBreaker({ clock: newClock() });
    try {
      for (let i = 0; i < 100; i++) await breaker.execute(ok);
      expect(send).not.toHaveBeenCalled();
      // The spy does see the breaker's own events: isolating it sends one.
      breaker.isolate();
      expect(send).toHaveBeenCalledOnce();
    } finally {
      send.mockRestore();
    }
  });

  it('restores from a JSON snapshot, in the open state with its remaining period', async () => {
    const clock = newClock();
    const breaker = createCircuitBreaker({ clock, failureThreshold: 1, openMs: 1_000 });
    await breaker.execute(fail).catch(() => undefined);
    clock.advanceSync(400);
    const restored = restoreCircuitBreaker(
      JSON.parse(JSON.stringify(breaker.snapshot())) as CircuitBreakerSnapshot,
      {
        clock,
        failureThreshold: 1,
        openMs: 1_000,
      },
    );
    expect(restored.state).toBe('open');
    await expect(restored.execute(ok)).rejects.toMatchObject({ retryAfterMs: 600 });
  });

  it('a restored half-open breaker frees the slots of probes it can never hear from', async () => {
    const clock = newClock();
    const breaker = createCircuitBreaker({ clock, failureThreshold: 1, openMs: 10 });
    await breaker.execute(fail).catch(() => undefined);
    clock.advanceSync(10);
    void breaker.execute(() => new Promise(() => undefined));
    const restored = restoreCircuitBreaker(breaker.snapshot(), { clock, failureThreshold: 1 });
    await expect(restored.execute(ok)).resolves.toBe('ok');
    expect(restored.state).toBe('closed');
  });
});
