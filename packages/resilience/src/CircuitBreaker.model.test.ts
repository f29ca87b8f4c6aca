import { createTestModel } from '@xstate/graph';
import { describe, expect, it } from 'vitest';
import { createActor, type SnapshotFrom } from 'xstate';
import { deferred, newClock, serverError, type Deferred } from '../test/helpers.js';
import { AbortedError } from './AbortedError.js';
import { CircuitOpenError } from './CircuitOpenError.js';
import { createCircuitBreaker, type CircuitBreaker } from './CircuitBreaker.js';
import {
  circuitBreakerMachine,
  type CircuitBreakerEvent,
} from './internal/circuitBreakerMachine.js';

type Snapshot = SnapshotFrom<typeof circuitBreakerMachine>;

const config = {
  openMs: 1_000,
  openBackoffFactor: 2,
  maxOpenMs: 4_000,
  halfOpenMaxProbes: 2,
  successThreshold: 2,
  now: 0,
};
const failureThreshold = 2;

/** Events the model may take from a state; times never go backwards along a path. */
function eventsFor(snapshot: Snapshot): CircuitBreakerEvent[] {
  const c = snapshot.context;
  const at = c.changedAt;
  const round = c.halfOpenRound;
  switch (snapshot.value) {
    case 'closed':
      return [
        { type: 'TRIP', at: at + 10, reason: 'failureThreshold' },
        { type: 'ISOLATE', at: at + 10 },
        { type: 'RESET', at: at + 10 },
      ];
    case 'open': {
      const due = c.openedAt + c.openDurationMs;
      return [
        { type: 'ADMIT', at: due - 1 },
        { type: 'ADMIT', at: due },
        { type: 'ELAPSE', at: due },
        { type: 'ISOLATE', at: due + 5 },
        { type: 'RESET', at: due + 5 },
      ];
    }
    case 'halfOpen': {
      const events: CircuitBreakerEvent[] = [
        { type: 'ADMIT', at: at + 1 },
        { type: 'ISOLATE', at: at + 2 },
        { type: 'RESET', at: at + 2 },
      ];
      if (c.probesInFlight > 0) {
        events.push(
          { type: 'PROBE_SUCCESS', at: at + 1, round },
          { type: 'PROBE_FAILURE', at: at + 1, round },
          { type: 'PROBE_CANCEL', at: at + 1, round },
        );
      }
      return events;
    }
    case 'isolated':
      return [{ type: 'RESET', at: at + 1 }];
  }
}

/**
 * Model-based test of the breaker's public API: the internal machine's graph supplies the paths
 * and serves as the oracle, and every step is made and checked through `createCircuitBreaker`
 * (execute, state, isOpen, isolated, isolate, reset), never through the machine or its actor.
 */
describe('createCircuitBreaker (model-based, from the machine graph)', () => {
  const model = createTestModel(circuitBreakerMachine, {
    input: config,
    events: eventsFor,
    // A bug that lets a counter grow without bound makes the graph infinite: fail, do not hang.
    limit: 5_000,
    serializeState: (snapshot) => {
      const c = snapshot.context;
      return JSON.stringify([
        snapshot.value,
        c.probesInFlight,
        c.probeSuccesses,
        c.openDurationMs,
        Math.min(c.consecutiveOpens, 3),
      ]);
    },
  });
  const paths = model.getShortestPaths();

  it('reaches every state of the machine', () => {
    const reached = new Set(
      paths.flatMap((p) => p.steps.map((step) => step.state.value as string)),
    );
    expect([...reached].sort()).toEqual(['closed', 'halfOpen', 'isolated', 'open']);
    expect(paths.length).toBeGreaterThan(10);
  });

  for (const path of paths) {
    it(path.description, async () => {
      const clock = newClock();
      const calls: { fn: number } = { fn: 0 };
      const breaker: CircuitBreaker = createCircuitBreaker({
        clock,
        failureThreshold,
        windowMs: 1_000_000,
        ...config,
      });
      const probes: { round: number; call: Deferred<string>; settled: Promise<unknown> }[] = [];
      // Half-open rounds as the public API shows them: one per transition to halfOpen.
      let round = 0;
      breaker.subscribe((t) => {
        if (t.to === 'halfOpen') round++;
      });
      const probesInFlight = (): number => probes.filter((p) => p.round === round).length;
      // The reference: the machine itself, fed the same events the system under test receives.
      const shadow = createActor(circuitBreakerMachine, { input: config }).start();
      const setTime = (event: CircuitBreakerEvent): void => {
        if (event.at > clock.now()) clock.advanceToSync(event.at);
        shadow.send(event);
      };
      const model = (value: Snapshot['value']): Snapshot => {
        const s = shadow.getSnapshot();
        expect(s.value).toBe(value);
        return s;
      };
      const expectRejectsWithoutCalling = async (): Promise<void> => {
        const before = calls.fn;
        const error = await breaker
          .execute(() => {
            calls.fn++;
            return 'x';
          })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(CircuitOpenError);
        expect(calls.fn).toBe(before);
      };

      await path.test({
        states: {
          closed: () => {
            model('closed');
            expect(breaker.state).toBe('closed');
            expect(breaker.isOpen()).toBe(false);
          },
          open: async () => {
            const s = model('open');
            expect(breaker.state).toBe('open');
            expect(breaker.isOpen()).toBe(true);
            expect(breaker.isolated).toBe(false);
            const error = (await breaker
              .execute(() => 'x')
              .catch((e: unknown) => e)) as CircuitOpenError;
            expect(error.retryAfterMs).toBe(
              s.context.openedAt + s.context.openDurationMs - clock.now(),
            );
          },
          halfOpen: async () => {
            const s = model('halfOpen');
            expect(breaker.state).toBe('halfOpen');
            expect(breaker.isOpen()).toBe(false);
            expect(round).toBe(s.context.halfOpenRound);
            expect(probesInFlight()).toBe(s.context.probesInFlight);
            if (s.context.probesInFlight === s.context.halfOpenMaxProbes)
              await expectRejectsWithoutCalling();
          },
          isolated: async () => {
            model('isolated');
            expect(breaker.isolated).toBe(true);
            expect(breaker.isOpen()).toBe(true);
            await expectRejectsWithoutCalling();
          },
        },
        events: {
          TRIP: async ({ event }) => {
            setTime(event as CircuitBreakerEvent);
            for (let i = 0; i < failureThreshold; i++) {
              await breaker.execute(() => Promise.reject(serverError())).catch(() => undefined);
            }
          },
          ADMIT: async ({ event }) => {
            const before = shadow.getSnapshot();
            setTime(event as CircuitBreakerEvent);
            const call = deferred<string>();
            const wasOpenEarly =
              before.value === 'open' &&
              clock.now() < before.context.openedAt + before.context.openDurationMs;
            // An admitted probe runs at once: fn is called synchronously by execute.
            let admitted = false;
            const settled = breaker
              .execute(() => {
                admitted = true;
                return call.promise;
              })
              .catch((e: unknown) => e);
            expect(admitted).toBe(shadow.getSnapshot().context.admitted > before.context.admitted);
            if (admitted) {
              probes.push({ round, call, settled });
            } else {
              expect(await settled).toBeInstanceOf(CircuitOpenError);
              if (before.value === 'open') expect(wasOpenEarly).toBe(true);
            }
          },
          ELAPSE: ({ event }) => {
            setTime(event as CircuitBreakerEvent);
            void breaker.state;
          },
          PROBE_SUCCESS: async ({ event }) =>
            settleProbe(event as unknown as { at: number; round: number }, (d) => d.resolve('ok')),
          PROBE_FAILURE: async ({ event }) =>
            settleProbe(event as unknown as { at: number; round: number }, (d) =>
              d.reject(serverError()),
            ),
          PROBE_CANCEL: async ({ event }) =>
            settleProbe(event as unknown as { at: number; round: number }, (d) =>
              d.reject(new AbortedError()),
            ),
          ISOLATE: ({ event }) => {
            setTime(event as CircuitBreakerEvent);
            breaker.isolate();
          },
          RESET: ({ event }) => {
            setTime(event as CircuitBreakerEvent);
            breaker.reset();
          },
        },
      });

      async function settleProbe(
        event: { at: number; round: number },
        settle: (d: Deferred<string>) => void,
      ): Promise<void> {
        setTime(event as CircuitBreakerEvent);
        const index = probes.findIndex((p) => p.round === event.round);
        expect(index).toBeGreaterThanOrEqual(0);
        const [probe] = probes.splice(index, 1);
        settle(probe!.call);
        await probe!.settled;
      }
    });
  }
});
