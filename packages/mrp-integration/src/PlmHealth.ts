import type { PlmMode } from './PlmConfig.js';
import type { FallbackReason } from './Provenance.js';
import type { ShadowPathStats } from './ShadowResult.js';

/** A sliding window of the health model. */
export type PlmHealthWindow = '1m' | '5m' | '15m';

/** PLM request figures over one sliding window (granularity: 10-second buckets). */
export interface PlmRequestWindow {
  /** Calls through the request path (reads and usage deliveries), short-circuited ones included. */
  readonly calls: number;
  /** Calls that failed, short-circuited ones included. */
  readonly failures: number;
  /** Of `failures`, calls the open (or isolated) circuit rejected without asking PLM. */
  readonly shortCircuited: number;
  /** failures / calls; 0 without calls. */
  readonly errorRate: number;
  /** 1 − errorRate; 1 without calls. */
  readonly availability: number;
  /** Latency percentiles (ms) of the calls that reached PLM (HdrHistogram, 2 significant digits); 0 without calls. */
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
}

/** One 10-second point of the request time series (what the page charts). */
export interface PlmRequestPoint {
  /** Start of the bucket, epoch ms of the integration's clock. */
  readonly at: number;
  readonly calls: number;
  readonly failures: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
}

/** A circuit transition as the health model keeps it. */
export interface PlmCircuitTransition {
  readonly at: number;
  readonly from: string;
  readonly to: string;
  readonly reason: string;
}

/** The name of an alert rule. */
export type PlmAlertName =
  | 'plm-availability'
  | 'plm-latency-p95'
  | 'shadow-diff-rate'
  | 'shadow-critical-diffs'
  | 'circuit-open'
  | 'usage-backlog-growing'
  | 'plm-auth-failures';

/**
 * State of an alert: `inactive` (condition false, never fired since start), `pending` (condition
 * true for less than the rule's `forMs`), `firing`, `resolved` (condition false after firing).
 */
export type PlmAlertState = 'inactive' | 'pending' | 'firing' | 'resolved';

/** One alert rule with its current state. */
export interface PlmAlert {
  readonly name: PlmAlertName;
  readonly state: PlmAlertState;
  /** Since when the alert is in `state`, epoch ms; `undefined` while never active. */
  readonly since: number | undefined;
  /** The measured value at the last evaluation (unit in `unit`). */
  readonly value: number;
  readonly threshold: number;
  readonly unit: 'ratio' | 'ms' | 'count' | 'events';
  /** What the rule checks, in words. */
  readonly summary: string;
}

/** The migration guard's state (see `PLM_AUTO_ROLLBACK`). */
export interface PlmGuardState {
  /** `off` when `PLM_AUTO_ROLLBACK` is false; `armed` watches; `tripped` acted and waits for a reset. */
  readonly state: 'off' | 'armed' | 'tripped';
  readonly trippedAt: number | undefined;
  readonly trigger: PlmGuardTrigger | undefined;
  /** The mode step it made. */
  readonly step: { readonly from: PlmMode; readonly to: PlmMode } | undefined;
  /** The measurements that tripped it. */
  readonly evidence: PlmGuardEvidence | undefined;
}

/** Which rollback trigger of the plan tripped the guard. */
export type PlmGuardTrigger = 'error-rate' | 'latency-p95' | 'critical-diffs';

/** What the guard measured when it tripped (recorded in its audit events). */
export interface PlmGuardEvidence {
  /** Error rate of the last minute, and since when it has been above the threshold. */
  readonly errorRate: number;
  readonly errorRateAboveSince: number | undefined;
  readonly p95Ms: number;
  /** Compared shadow reads with a critical difference since the guard was armed. */
  readonly criticalDiffs: number;
  readonly calls5m: number;
}

/**
 * One JSON-serialisable snapshot of the integration's health, computed from in-memory counters
 * (no I/O): what `integration.health()` returns and the health page shows.
 */
export interface PlmHealth {
  /** When the snapshot was taken, epoch ms of the integration's clock. */
  readonly at: number;
  /** `critical` when an alert fires, `degraded` when one is pending or the circuit is not closed, else `ok`. */
  readonly status: 'ok' | 'degraded' | 'critical';
  readonly mode: {
    readonly mode: PlmMode;
    /** MRP model ids PLM is primary for in `enabled` mode; empty = all. */
    readonly enabledForModels: readonly string[];
    readonly guard: PlmGuardState;
  };
  readonly circuit: {
    readonly state: string;
    /** When the circuit entered `state` (the monitor's start when it never moved). */
    readonly since: number;
    readonly timeInStateMs: number;
    /** The last transitions, newest first (at most 20). */
    readonly transitions: readonly PlmCircuitTransition[];
  };
  readonly requests: {
    readonly windows: Readonly<Record<PlmHealthWindow, PlmRequestWindow>>;
    /** Per-10-second points over the last 15 minutes, oldest first. */
    readonly series: readonly PlmRequestPoint[];
  };
  readonly cache: {
    /** (hit + stale) / lookups over 15 minutes; `undefined` without lookups. */
    readonly hitRatio: number | undefined;
    readonly lookups15m: number;
    readonly byStatus15m: Readonly<Record<'hit' | 'miss' | 'stale' | 'stale-if-error', number>>;
    /** Entries in this instance's store; `undefined` when the store cannot tell (e.g. Redis). */
    readonly entries: number | undefined;
    /** Age of the oldest stale answer served in the last 15 minutes, ms; `undefined` when none. */
    readonly oldestStaleAgeMs: number | undefined;
  };
  readonly fallbacks: {
    /** Reads since start. */
    readonly reads: number;
    readonly total: number;
    /** total / reads (0 without reads). */
    readonly share: number;
    readonly byReason: Readonly<
      Partial<Record<FallbackReason, { readonly count: number; readonly share: number }>>
    >;
  };
  /** Shadow comparison figures; `undefined` when no comparison is plugged in. */
  readonly shadow:
    | {
        readonly sampleRate: number;
        readonly compared: number;
        readonly diffRate: number;
        readonly criticalDiffRate: number;
        readonly noiseRate: number;
        readonly critical: number;
        readonly topPaths: readonly ShadowPathStats[];
      }
    | undefined;
  /** Usage-metrics outbox, as last polled; `undefined` until the outbox exists. */
  readonly usage:
    | {
        readonly polledAt: number;
        readonly pending: number;
        readonly oldestPendingAgeMs: number | undefined;
        readonly deadLetters: number;
        readonly delivered: number;
        /** delivered / (delivered + dead-lettered by this instance); `undefined` before either. */
        readonly deliverySuccessRate: number | undefined;
        readonly backlogGrowing: boolean;
        readonly paused: boolean;
      }
    | undefined;
  /** PLM answers that failed the contract or the adapter, by `PLM-Schema-Version`. */
  readonly contractDrift: {
    readonly total: number;
    readonly bySchemaVersion: Readonly<Record<string, number>>;
  };
  readonly auth: {
    /** Token requests sent (only counted when the integration built the SDK client itself). */
    readonly tokenRequests: number;
    readonly tokenRequestFailures: number;
    /** Calls that failed authentication: the token request failed, or a 401 after a fresh token. */
    readonly authFailures: number;
    readonly lastAuthFailureAt: number | undefined;
  };
  /** Reads of deprecated MRP product APIs, as the host counted them. */
  readonly deprecatedReads: {
    readonly total: number;
    readonly byApi: Readonly<Record<string, number>>;
  };
  /** Every alert rule with its state. */
  readonly alerts: readonly PlmAlert[];
  /** Names of the pending and firing alerts. */
  readonly activeAlerts: readonly PlmAlertName[];
}
