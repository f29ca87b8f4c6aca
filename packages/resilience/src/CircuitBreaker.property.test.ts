import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deferred, newClock, serverError, type Deferred } from '../test/helpers.js';
import { CircuitOpenError } from './CircuitOpenError.js';
import {
  createCircuitBreaker,
  restoreCircuitBreaker,
  type CircuitBreaker,
  type CircuitBreakerOptions,
  type CircuitBreakerSnapshot,
} from './CircuitBreaker.js';

type Op =
  | { readonly kind: 'advance'; readonly ms: number }
  | { readonly kind: 'call'; readonly outcome: 'ok' | 'fail' | 'hang' }
  | { readonly kind: 'settle'; readonly pick: number; readonly ok: boolean };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('advance' as const),
      ms: fc.integer({ min: 1, max: 400 }),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('call' as const),
      outcome: fc.constantFrom('ok' as const, 'fail' as const, 'hang' as const),
    }),
    weight: 4,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('settle' as const),
      pick: fc.nat(),
      ok: fc.boolean(),
    }),
    weight: 1,
  },
);

const optionsArb = fc.record({
  failureThreshold: fc.integer({ min: 1, max: 6 }),
  windowMs: fc.integer({ min: 50, max: 2_000 }),
  openMs: fc.integer({ min: 10, max: 1_000 }),
  halfOpenMaxProbes: fc.integer({ min: 1, max: 3 }),
  successThreshold: fc.integer({ min: 1, max: 3 }),
});

describe('circuit breaker properties', () => {
  it('never calls fn while open, and never has more than halfOpenMaxProbes probes in flight', async () => {
    await fc.assert(
      fc.asyncProperty(optionsArb, fc.array(opArb, { maxLength: 80 }), async (options, ops) => {
        const clock = newClock();
        const breaker = createCircuitBreaker({ ...options, clock });
        let round = 0;
        breaker.subscribe((t) => {
          if (t.to === 'halfOpen') round++;
        });
        const hanging: { call: Deferred<string>; round: number | undefined }[] = [];
        const inFlightThisRound = (): number => hanging.filter((h) => h.round === round).length;
        for (const op of ops) {
          if (op.kind === 'advance') clock.advanceSync(op.ms);
          if (op.kind === 'settle' && hanging.length > 0) {
            const [h] = hanging.splice(op.pick % hanging.length, 1);
            if (op.ok) h!.call.resolve('ok');
            else h!.call.reject(serverError());
            await Promise.resolve();
            await Promise.resolve();
          }
          if (op.kind !== 'call') continue;
          const before = breaker.state;
          let called = false;
          const settled = breaker
            .execute(() => {
              called = true;
              if (op.outcome === 'ok') return Promise.resolve('ok');
              if (op.outcome === 'fail') return Promise.reject(serverError());
              const call = deferred<string>();
              hanging.push({ call, round: breaker.state === 'halfOpen' ? round : undefined });
              return call.promise;
            })
            .catch((e: unknown) => e);
          if (before === 'open') expect(called).toBe(false);
          if (breaker.state === 'halfOpen') {
            expect(inFlightThisRound()).toBeLessThanOrEqual(options.halfOpenMaxProbes);
          }
          if (!called) expect(await settled).toBeInstanceOf(CircuitOpenError);
          if (op.outcome !== 'hang') await settled;
        }
      }),
      {
        numRuns: 200,
        examples: [
          [
            {
              failureThreshold: 1,
              windowMs: 100,
              openMs: 10,
              halfOpenMaxProbes: 1,
              successThreshold: 1,
            },
            [
              { kind: 'call', outcome: 'fail' },
              { kind: 'advance', ms: 10 },
              { kind: 'call', outcome: 'hang' },
              { kind: 'call', outcome: 'hang' },
            ],
          ],
        ],
      },
    );
  });

  it('failures spread over at least windowMs do not open; inside it, they do', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 5_000 }), { minLength: 4, maxLength: 4 }),
        fc.oneof(fc.integer({ min: -2, max: 2 }), fc.integer({ min: -5_000, max: 5_000 })),
        async (gaps, delta) => {
          // Window lengths around the span of the failures, where an off-by-one would show.
          const windowMs = Math.max(1, gaps.reduce((a, b) => a + b, 0) + delta);
          const clock = newClock();
          const breaker = createCircuitBreaker({ clock, failureThreshold: 5, windowMs });
          await breaker.execute(() => Promise.reject(serverError())).catch(() => undefined);
          for (const gap of gaps) {
            clock.advanceSync(gap);
            await breaker.execute(() => Promise.reject(serverError())).catch(() => undefined);
          }
          const span = gaps.reduce((a, b) => a + b, 0);
          expect(breaker.state).toBe(span >= windowMs ? 'closed' : 'open');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('opens on the 5th failure inside the window, not the 4th or the 6th', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1_000, max: 60_000 }),
        fc.array(fc.integer({ min: 0, max: 199 }), { minLength: 5, maxLength: 5 }),
        fc.array(fc.boolean(), { minLength: 5, maxLength: 20 }),
        async (windowMs, gaps, successes) => {
          const clock = newClock();
          const breaker = createCircuitBreaker({ clock, failureThreshold: 5, windowMs });
          const calls: string[] = [];
          for (let i = 0; i < 5; i++) {
            // Successes in between must not matter in absolute-count mode.
            if (successes[i]) await breaker.execute(() => Promise.resolve('ok'));
            clock.advanceSync(gaps[i]!);
            await breaker
              .execute(() => {
                calls.push(`failure ${i + 1}`);
                return Promise.reject(serverError());
              })
              .catch(() => undefined);
            expect(breaker.state).toBe(i < 4 ? 'closed' : 'open');
          }
          const sixth = await breaker
            .execute(() => {
              calls.push('sixth');
              return Promise.reject(serverError());
            })
            .catch((e: unknown) => e);
          expect(sixth).toBeInstanceOf(CircuitOpenError);
          expect(calls).toHaveLength(5);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a snapshot restores to identical behaviour', async () => {
    const quietOp: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 1, max: 400 }) }),
      fc.record({
        kind: fc.constant('call' as const),
        outcome: fc.constantFrom('ok' as const, 'fail' as const),
      }),
    );
    await fc.assert(
      fc.asyncProperty(
        optionsArb,
        fc.boolean(),
        fc.array(quietOp, { maxLength: 40 }),
        fc.array(quietOp, { maxLength: 40 }),
        async (base, rateMode, prefix, suffix) => {
          const options: CircuitBreakerOptions = rateMode
            ? { ...base, failureRateThreshold: 0.5, minimumThroughput: 3 }
            : base;
          const clockA = newClock();
          const a = createCircuitBreaker({ ...options, clock: clockA });
          await run(a, clockA, prefix);
          const clockB = newClock(clockA.now());
          const b = restoreCircuitBreaker(
            JSON.parse(JSON.stringify(a.snapshot())) as CircuitBreakerSnapshot,
            {
              ...options,
              clock: clockB,
            },
          );
          expect(await run(b, clockB, suffix)).toEqual(await run(a, clockA, suffix));
          expect(b.snapshot()).toEqual(a.snapshot());
        },
      ),
      { numRuns: 200 },
    );

    async function run(
      breaker: CircuitBreaker,
      clock: ReturnType<typeof newClock>,
      ops: readonly Op[],
    ): Promise<string[]> {
      const trace: string[] = [];
      for (const op of ops) {
        if (op.kind === 'advance') clock.advanceSync(op.ms);
        if (op.kind !== 'call') continue;
        const outcome = await breaker
          .execute(() =>
            op.outcome === 'ok' ? Promise.resolve('ok') : Promise.reject(serverError()),
          )
          .then(
            (v) => v,
            (e: unknown) => (e instanceof CircuitOpenError ? `open:${e.retryAfterMs}` : 'failed'),
          );
        trace.push(`${outcome}/${breaker.state}`);
      }
      return trace;
    }
  });
});
