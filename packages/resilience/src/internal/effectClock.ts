import { Clock as EffectClock, Duration, Effect } from 'effect';
import type { Clock } from '../Clock.js';

/** Adapts an injected {@link Clock} to Effect's `Clock` service, so schedules sleep on it. */
export function toEffectClock(clock: Clock): EffectClock.Clock {
  const nanos = (): bigint => BigInt(Math.round(clock.now() * 1_000_000));
  return {
    currentTimeMillisUnsafe: () => clock.now(),
    currentTimeMillis: Effect.sync(() => clock.now()),
    currentTimeNanosUnsafe: nanos,
    currentTimeNanos: Effect.sync(nanos),
    monotonicTimeNanosUnsafe: nanos,
    monotonicTimeNanos: Effect.sync(nanos),
    sleep: (duration) =>
      Effect.callback<void>((resume) => {
        const handle = clock.setTimeout(() => resume(Effect.void), Duration.toMillis(duration));
        return Effect.sync(() => clock.clearTimeout(handle));
      }),
  };
}

/** Runs `effect` with `clock` as Effect's clock when one is injected. */
export function withClock<A, E, R>(
  effect: Effect.Effect<A, E, R>,
  clock: Clock | undefined,
): Effect.Effect<A, E, R> {
  return clock === undefined
    ? effect
    : Effect.provideService(effect, EffectClock.Clock, toEffectClock(clock));
}
