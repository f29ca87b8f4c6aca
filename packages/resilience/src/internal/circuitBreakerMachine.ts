import { assign, setup } from 'xstate';
import type { TransitionReason } from '../ResilienceEvent.js';

/** Configuration and bookkeeping held in the breaker machine's context (all JSON). */
export interface CircuitBreakerContext {
  readonly openMs: number;
  readonly openBackoffFactor: number;
  readonly maxOpenMs: number;
  readonly halfOpenMaxProbes: number;
  readonly successThreshold: number;
  /** When the current open period started. */
  readonly openedAt: number;
  /** Length of the current open period (grows with `openBackoffFactor` on repeated opens). */
  readonly openDurationMs: number;
  /** Opens since the breaker last closed; drives the exponential open period. */
  readonly consecutiveOpens: number;
  readonly probesInFlight: number;
  readonly probeSuccesses: number;
  /** Incremented on each entry to half-open, so late results of an older probe round are ignored. */
  readonly halfOpenRound: number;
  /** Total probes admitted; lets the caller see whether its `ADMIT` was granted. */
  readonly admitted: number;
  readonly changedAt: number;
  readonly reason: TransitionReason;
}

/** Input of the breaker machine: its configuration. */
export interface CircuitBreakerMachineInput {
  readonly openMs: number;
  readonly openBackoffFactor: number;
  readonly maxOpenMs: number;
  readonly halfOpenMaxProbes: number;
  readonly successThreshold: number;
  readonly now: number;
}

/**
 * Events of the breaker machine. Successful calls in the closed state send nothing: the machine
 * only hears about outcomes that can change its state.
 */
export type CircuitBreakerEvent =
  | {
      readonly type: 'TRIP';
      readonly at: number;
      readonly reason: 'failureThreshold' | 'failureRate';
    }
  | { readonly type: 'ADMIT'; readonly at: number }
  | { readonly type: 'ELAPSE'; readonly at: number }
  | { readonly type: 'PROBE_SUCCESS'; readonly at: number; readonly round: number }
  | { readonly type: 'PROBE_FAILURE'; readonly at: number; readonly round: number }
  | { readonly type: 'PROBE_CANCEL'; readonly at: number; readonly round: number }
  | { readonly type: 'ISOLATE'; readonly at: number }
  | { readonly type: 'RESET'; readonly at: number };

function openPeriod(context: CircuitBreakerContext, consecutiveOpens: number): number {
  const grown = context.openMs * context.openBackoffFactor ** (consecutiveOpens - 1);
  return Math.min(grown, Math.max(context.maxOpenMs, context.openMs));
}

/**
 * The circuit breaker as an XState v5 machine: `closed`, `open`, `halfOpen` and `isolated`. It is
 * pure (no timers, no side effects): time arrives in each event's `at`, so it can be inspected,
 * visualised and tested from its graph (`CircuitBreaker.model.test.ts`). Internal: only
 * `createCircuitBreaker` drives it, and its shape may change without notice.
 */
export const circuitBreakerMachine = setup({
  types: {
    context: {} as CircuitBreakerContext,
    events: {} as CircuitBreakerEvent,
    input: {} as CircuitBreakerMachineInput,
  },
  guards: {
    openElapsed: ({ context, event }) => event.at >= context.openedAt + context.openDurationMs,
    probeSlotFree: ({ context }) => context.probesInFlight < context.halfOpenMaxProbes,
    currentRound: ({ context, event }) => 'round' in event && event.round === context.halfOpenRound,
    closesCircuit: ({ context, event }) =>
      'round' in event &&
      event.round === context.halfOpenRound &&
      context.probeSuccesses + 1 >= context.successThreshold,
  },
  actions: {
    trip: assign(({ context, event }) => {
      const consecutiveOpens = context.consecutiveOpens + 1;
      return {
        openedAt: event.at,
        openDurationMs: openPeriod(context, consecutiveOpens),
        consecutiveOpens,
        probesInFlight: 0,
        probeSuccesses: 0,
        changedAt: event.at,
        reason: event.type === 'TRIP' ? event.reason : ('probeFailed' as const),
      };
    }),
    enterHalfOpen: assign(({ context, event }) => ({
      probesInFlight: 0,
      probeSuccesses: 0,
      halfOpenRound: context.halfOpenRound + 1,
      changedAt: event.at,
      reason: 'openElapsed' as const,
    })),
    admitProbe: assign(({ context }) => ({
      probesInFlight: context.probesInFlight + 1,
      admitted: context.admitted + 1,
    })),
    releaseProbe: assign(({ context }) => ({
      probesInFlight: Math.max(0, context.probesInFlight - 1),
    })),
    countProbeSuccess: assign(({ context }) => ({
      probesInFlight: context.probesInFlight - 1,
      probeSuccesses: context.probeSuccesses + 1,
    })),
    close: assign(({ event }) => ({
      consecutiveOpens: 0,
      probesInFlight: 0,
      probeSuccesses: 0,
      changedAt: event.at,
      reason: 'probesSucceeded' as const,
    })),
    isolate: assign(({ event }) => ({
      probesInFlight: 0,
      probeSuccesses: 0,
      changedAt: event.at,
      reason: 'isolated' as const,
    })),
    reset: assign(({ event }) => ({
      consecutiveOpens: 0,
      probesInFlight: 0,
      probeSuccesses: 0,
      changedAt: event.at,
      reason: 'reset' as const,
    })),
  },
}).createMachine({
  id: 'circuitBreaker',
  initial: 'closed',
  context: ({ input }) => ({
    openMs: input.openMs,
    openBackoffFactor: input.openBackoffFactor,
    maxOpenMs: input.maxOpenMs,
    halfOpenMaxProbes: input.halfOpenMaxProbes,
    successThreshold: input.successThreshold,
    openedAt: 0,
    openDurationMs: input.openMs,
    consecutiveOpens: 0,
    probesInFlight: 0,
    probeSuccesses: 0,
    halfOpenRound: 0,
    admitted: 0,
    changedAt: input.now,
    reason: 'reset',
  }),
  on: {
    ISOLATE: { target: '.isolated', actions: 'isolate' },
    RESET: { target: '.closed', actions: 'reset' },
  },
  states: {
    closed: {
      on: { TRIP: { target: 'open', actions: 'trip' } },
    },
    open: {
      on: {
        ELAPSE: { guard: 'openElapsed', target: 'halfOpen', actions: 'enterHalfOpen' },
        ADMIT: {
          guard: 'openElapsed',
          target: 'halfOpen',
          actions: ['enterHalfOpen', 'admitProbe'],
        },
      },
    },
    halfOpen: {
      on: {
        ADMIT: { guard: 'probeSlotFree', actions: 'admitProbe' },
        PROBE_SUCCESS: [
          { guard: 'closesCircuit', target: 'closed', actions: 'close' },
          { guard: 'currentRound', actions: 'countProbeSuccess' },
        ],
        PROBE_FAILURE: { guard: 'currentRound', target: 'open', actions: 'trip' },
        PROBE_CANCEL: { guard: 'currentRound', actions: 'releaseProbe' },
      },
    },
    isolated: {},
  },
});
