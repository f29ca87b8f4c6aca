/*
 * The health model behind `integration.health()`, the alerts and the migration guard. It listens
 * to the request path's telemetry and the audit stream, keeps rotating 10-second buckets (counts
 * and an HdrHistogram each) for the 1/5/15-minute windows, polls the usage outbox on the injected
 * clock, and evaluates alerts and the guard on the same tick. `snapshot()` reads memory only.
 */
import { metrics, type BatchObservableResult, type Meter } from '@opentelemetry/api';
import { build, type Histogram } from 'hdr-histogram-js';
import type { AuditEvent, AuditListener } from '../AuditEvent.js';
import type { PlmConfig, PlmMode } from '../PlmConfig.js';
import type {
  PlmAlert,
  PlmAlertName,
  PlmAlertState,
  PlmCircuitTransition,
  PlmGuardEvidence,
  PlmGuardState,
  PlmGuardTrigger,
  PlmHealth,
  PlmHealthWindow,
  PlmRequestPoint,
  PlmRequestWindow,
} from '../PlmHealth.js';
import type { PlmAlertThresholds, PlmHealthOptions } from '../PlmHealthOptions.js';
import type { PlmLogger } from '../PlmLogger.js';
import type { FallbackReason } from '../Provenance.js';
import type { ShadowComparisonResults } from '../ShadowResult.js';
import { toPlmIntegrationError } from '../toPlmIntegrationError.js';
import type { Clock, ResilienceEvent } from './policy.js';
import type { UsageMetricsStats } from './usageOutbox.js';

const BUCKET_MS = 10_000;
const WINDOWS: readonly (readonly [PlmHealthWindow, number])[] = [
  ['1m', 6],
  ['5m', 30],
  ['15m', 90],
];
const SPAN_MS = 90 * BUCKET_MS;
/** One attributes object per cache status: a cache hit allocates nothing here. */
const CACHE_ATTRIBUTES = Object.freeze({
  hit: Object.freeze({ 'plm.cache.status': 'hit' }),
  miss: Object.freeze({ 'plm.cache.status': 'miss' }),
  stale: Object.freeze({ 'plm.cache.status': 'stale' }),
  'stale-if-error': Object.freeze({ 'plm.cache.status': 'stale-if-error' }),
});
const MAX_TRANSITIONS = 20;
const GUARD_BY = 'plm-migration-guard';

type CacheCounts = { hit: number; miss: number; stale: number; 'stale-if-error': number };

interface Bucket {
  readonly start: number;
  calls: number;
  failures: number;
  shortCircuited: number;
  authFailures: number;
  readonly cache: CacheCounts;
  staleMaxAgeMs: number;
  readonly latency: Histogram;
  /** Percentiles frozen when the bucket is no longer current (closed buckets never change). */
  p50: number;
  p95: number;
}

/** What the monitor reads from the integration (closures over its state, no I/O but `usageStats`). */
export interface HealthMonitorSources {
  readonly config: PlmConfig;
  readonly clock: Clock;
  readonly logger: PlmLogger;
  readonly options: PlmHealthOptions | undefined;
  readonly shadow: ShadowComparisonResults | undefined;
  readonly mode: () => PlmMode;
  readonly enabledForModels: () => readonly string[];
  readonly circuitState: () => string;
  readonly stats: () => {
    readonly reads: Readonly<Record<string, number>>;
    readonly fallbacks: Readonly<Partial<Record<FallbackReason, number>>>;
  };
  readonly cacheEntries: () => number | undefined;
  /** The outbox's figures, or `undefined` while the outbox does not exist (never creates it). */
  readonly usageStats: () => Promise<UsageMetricsStats> | undefined;
  readonly subscribeTelemetry: (listener: (event: ResilienceEvent) => void) => () => void;
  readonly subscribe: (listener: AuditListener) => () => void;
  readonly emit: (event: AuditEvent) => void;
  readonly setMode: (mode: PlmMode, options: { by: string; reason: string }) => void;
}

/** The monitor as the integration uses it. */
export interface HealthMonitor {
  snapshot(): PlmHealth;
  countDeprecatedRead(api: string): void;
  /**
   * Counts one fresh cache hit at `at` (clock time) that was served without a `cache.served`
   * event: what that event would have counted (the warm read counts in place while no one else
   * listens to the telemetry).
   */
  countCacheHit(at: number): void;
  /** Told by the SDK client's fetch about each token request. */
  onTokenRequest(outcome: { readonly ok: boolean }): void;
  resetGuard(by: string, reason: string): void;
  /** Runs one evaluation now (the tick does this every `intervalMs`). */
  evaluate(): void;
  close(): void;
}

const newHistogram = (): Histogram =>
  build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 3_600_000,
    numberOfSignificantValueDigits: 2,
    // Int32 counts: percentile reads are ~50x faster than the packed array's.
    bitBucketSize: 32,
    useWebAssembly: false,
  });

const tagOf = (value: unknown): string | undefined => {
  const tag = (value as { _tag?: unknown } | null | undefined)?._tag;
  return typeof tag === 'string' ? tag : undefined;
};

/** The error and its `cause` chain (bounded). */
function* causes(error: unknown): Generator<unknown> {
  let current = error;
  for (let i = 0; i < 8 && current !== undefined && current !== null; i++) {
    yield current;
    current = (current as { cause?: unknown }).cause;
  }
}

const round = (value: number, digits = 4): number => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};

interface AlertRule {
  readonly name: PlmAlertName;
  readonly unit: PlmAlert['unit'];
  readonly summary: string;
  readonly threshold: number;
  readonly forMs: number;
  /** The measured value, and whether the alert condition holds. */
  readonly measure: (now: number) => { readonly value: number; readonly active: boolean };
}

interface AlertStatus {
  state: PlmAlertState;
  since: number | undefined;
  /** When the condition started to hold (for `forMs`). */
  activeSince: number | undefined;
  value: number;
  fired: boolean;
}

export function createHealthMonitor(sources: HealthMonitorSources): HealthMonitor {
  const { clock, config } = sources;
  const thresholds: Required<{ [K in keyof PlmAlertThresholds]: number }> = {
    availability: sources.options?.alerts?.availability ?? 0.99,
    p95Ms: sources.options?.alerts?.p95Ms ?? 500,
    shadowDiffRate: sources.options?.alerts?.shadowDiffRate ?? 0.05,
    circuitOpenMs: sources.options?.alerts?.circuitOpenMs ?? 300_000,
    criticalDiffs: sources.options?.alerts?.criticalDiffs ?? 0,
    authFailures: sources.options?.alerts?.authFailures ?? 0,
    backlogWindowMs: sources.options?.alerts?.backlogWindowMs ?? 900_000,
    minSamples: sources.options?.alerts?.minSamples ?? 20,
    forMs: sources.options?.alerts?.forMs ?? 60_000,
  };
  const intervalMs = sources.options?.intervalMs ?? 10_000;
  const started = clock.now();

  // ---- request windows -------------------------------------------------------------------
  /** Buckets of the last 15 minutes, oldest first; only buckets with data exist. */
  const buckets: Bucket[] = [];
  /** One histogram per window: every bucket's values are added, and subtracted when it leaves. */
  const windowLatency = WINDOWS.map(() => newHistogram());
  /** Per window, how many of the oldest `buckets` already left it (their values subtracted). */
  const left = WINDOWS.map(() => 0);

  const bucketStart = (at: number): number => Math.floor(at / BUCKET_MS) * BUCKET_MS;

  const freeze = (bucket: Bucket): void => {
    bucket.p50 = bucket.latency.totalCount === 0 ? 0 : bucket.latency.getValueAtPercentile(50);
    bucket.p95 = bucket.latency.totalCount === 0 ? 0 : bucket.latency.getValueAtPercentile(95);
  };

  /** Moves the windows to `now`: buckets older than a window are subtracted from its histogram. */
  const rotate = (now: number): void => {
    const current = bucketStart(now);
    WINDOWS.forEach(([, size], w) => {
      const oldest = current - (size - 1) * BUCKET_MS;
      while (left[w]! < buckets.length && buckets[left[w]!]!.start < oldest) {
        windowLatency[w]!.subtract(buckets[left[w]!]!.latency);
        left[w]!++;
      }
    });
    // The 15-minute window is the longest: what left it is dropped for good.
    const gone = left[WINDOWS.length - 1]!;
    if (gone > 0) {
      buckets.splice(0, gone);
      for (let w = 0; w < left.length; w++) left[w] = left[w]! - gone;
    }
  };

  /**
   * The bucket of `at`. Kept small (the current bucket, no division): it is inlined into every
   * warm read, and a bigger one crowded the cache lookup out of the compiler's inlining budget.
   */
  const bucketAt = (at: number): Bucket => {
    // Never `buckets[-1]`: on an empty array that is a named-property lookup, and one made the
    // element load megamorphic (a generic lookup per warm read) for every monitor in the process.
    const n = buckets.length;
    if (n !== 0) {
      const last = buckets[n - 1]!;
      if (at >= last.start && at < last.start + BUCKET_MS) return last;
    }
    return nextBucket(at);
  };

  /** A new bucket for `at`, which the last one (if any) does not hold: it freezes that one and moves the windows. */
  const nextBucket = (at: number): Bucket => {
    const start = bucketStart(at);
    if (buckets.length !== 0) freeze(buckets[buckets.length - 1]!);
    rotate(at);
    const bucket: Bucket = {
      start,
      calls: 0,
      failures: 0,
      shortCircuited: 0,
      authFailures: 0,
      cache: { hit: 0, miss: 0, stale: 0, 'stale-if-error': 0 },
      staleMaxAgeMs: 0,
      latency: newHistogram(),
      p50: 0,
      p95: 0,
    };
    buckets.push(bucket);
    return bucket;
  };

  /** Buckets of window `w` at `now` (after rotation). */
  const inWindow = (w: number, now: number): Bucket[] => {
    const oldest = bucketStart(now) - (WINDOWS[w]![1] - 1) * BUCKET_MS;
    return buckets.filter((b) => b.start >= oldest);
  };

  const requestWindow = (w: number, now: number): PlmRequestWindow => {
    let calls = 0;
    let failures = 0;
    let shortCircuited = 0;
    for (const b of inWindow(w, now)) {
      calls += b.calls;
      failures += b.failures;
      shortCircuited += b.shortCircuited;
    }
    const h = windowLatency[w]!;
    const has = h.totalCount > 0;
    const errorRate = calls === 0 ? 0 : failures / calls;
    return {
      calls,
      failures,
      shortCircuited,
      errorRate: round(errorRate),
      availability: round(1 - errorRate),
      p50Ms: has ? h.getValueAtPercentile(50) : 0,
      p95Ms: has ? h.getValueAtPercentile(95) : 0,
      p99Ms: has ? h.getValueAtPercentile(99) : 0,
    };
  };

  // ---- counters --------------------------------------------------------------------------
  const transitions: PlmCircuitTransition[] = [];
  let circuitSince = started;
  const driftByVersion: Record<string, number> = {};
  let driftTotal = 0;
  const auth = { tokenRequests: 0, tokenRequestFailures: 0, authFailures: 0, lastAt: 0 };
  const deprecated = new Map<string, number>();
  let usage: (UsageMetricsStats & { readonly polledAt: number }) | undefined;
  /** (time, pending) samples of the outbox over `backlogWindowMs`. */
  const backlog: { at: number; pending: number }[] = [];
  /** (time, critical count) samples of the shadow comparison over 15 minutes. */
  const criticalSamples: { at: number; critical: number }[] = [];
  const initialShadow = sources.shadow?.stats();
  if (initialShadow !== undefined) {
    criticalSamples.push({ at: started, critical: initialShadow.critical });
  }

  // ---- OpenTelemetry ---------------------------------------------------------------------
  const meter: Meter = (sources.options?.meterProvider ?? metrics.getMeterProvider()).getMeter(
    '@mrp-plm/mrp-integration',
  );
  const otel = {
    duration: meter.createHistogram('plm.client.request.duration', {
      description:
        'Duration of PLM calls through the request path (short-circuited calls excluded).',
      unit: 's',
      advice: { explicitBucketBoundaries: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10] },
    }),
    shortCircuited: meter.createCounter('plm.client.request.short_circuited', {
      description: 'PLM calls the open circuit rejected without asking PLM.',
      unit: '{request}',
    }),
    cache: meter.createCounter('plm.cache.lookups', {
      description: 'Cache lookups of PLM answers, by status.',
      unit: '{lookup}',
    }),
    transitions: meter.createCounter('plm.circuit.transitions', {
      description: 'Circuit breaker transitions.',
      unit: '{transition}',
    }),
    fallbacks: meter.createCounter('plm.integration.fallbacks', {
      description: 'Reads not served by a fresh PLM answer although PLM was asked, by reason.',
      unit: '{read}',
    }),
    drift: meter.createCounter('plm.contract.violations', {
      description: 'PLM answers that failed the contract or the adapter, by schema version.',
      unit: '{response}',
    }),
    tokens: meter.createCounter('plm.auth.token.requests', {
      description: 'OAuth token requests sent to PLM.',
      unit: '{request}',
    }),
    authFailures: meter.createCounter('plm.auth.failures', {
      description: 'PLM calls that failed authentication.',
      unit: '{request}',
    }),
    deprecated: meter.createCounter('plm.deprecated_api.reads', {
      description: 'Reads of deprecated MRP product APIs, as counted by the host.',
      unit: '{read}',
    }),
    circuitState: meter.createObservableUpDownCounter('plm.circuit.state', {
      description: 'Circuit breaker state: 1 for the current state, 0 for the others.',
      unit: '{state}',
    }),
    pending: meter.createObservableUpDownCounter('plm.usage.outbox.pending', {
      description: 'Usage events waiting for delivery.',
      unit: '{event}',
    }),
    oldestPending: meter.createObservableGauge('plm.usage.outbox.oldest_pending_age', {
      description: 'Age of the oldest pending usage event.',
      unit: 's',
    }),
    deadLetters: meter.createObservableUpDownCounter('plm.usage.outbox.dead_letters', {
      description: 'Usage events in the dead-letter store.',
      unit: '{event}',
    }),
    diffRate: meter.createObservableGauge('plm.shadow.diff_rate', {
      description: 'Share of compared shadow reads with a difference, by severity.',
      unit: '1',
    }),
    alerts: meter.createObservableUpDownCounter('plm.alerts.active', {
      description: 'Alerts pending or firing, by name and state.',
      unit: '{alert}',
    }),
  };
  const batchObserver = (result: BatchObservableResult): void => {
    const state = sources.circuitState();
    for (const s of ['closed', 'half-open', 'open', 'isolated']) {
      result.observe(otel.circuitState, s === state ? 1 : 0, { 'plm.circuit.state': s });
    }
    if (usage !== undefined) {
      result.observe(otel.pending, usage.pending);
      result.observe(otel.oldestPending, (usage.oldestPendingAgeMs ?? 0) / 1_000);
      result.observe(otel.deadLetters, usage.deadLettered);
    }
    const shadow = sources.shadow?.stats();
    if (shadow !== undefined) {
      result.observe(otel.diffRate, shadow.diffRate, { 'plm.shadow.severity': 'any' });
      result.observe(otel.diffRate, shadow.criticalDiffRate, { 'plm.shadow.severity': 'critical' });
    }
    for (const [name, status] of alertStatus) {
      if (status.state === 'pending' || status.state === 'firing') {
        result.observe(otel.alerts, 1, { 'plm.alert.name': name, 'plm.alert.state': status.state });
      }
    }
  };
  const observables = [
    otel.circuitState,
    otel.pending,
    otel.oldestPending,
    otel.deadLetters,
    otel.diffRate,
    otel.alerts,
  ];
  meter.addBatchObservableCallback(batchObserver, observables);

  // ---- inputs ----------------------------------------------------------------------------
  /** A fresh hit, from its `cache.served` event or counted in place by the warm read. */
  const countCacheHit = (at: number): void => {
    bucketAt(at).cache.hit++;
    otel.cache.add(1, CACHE_ATTRIBUTES.hit);
  };
  const onTelemetry = (event: ResilienceEvent): void => {
    switch (event.type) {
      case 'call.settled': {
        const bucket = bucketAt(event.at);
        bucket.calls++;
        if (event.outcome === 'failure') {
          bucket.failures++;
          let short = false;
          for (const e of causes(event.error)) {
            const tag = tagOf(e);
            if (tag === 'CircuitOpenError') short = true;
            if (tag === 'PlmAuthError') {
              bucket.authFailures++;
              auth.authFailures++;
              auth.lastAt = event.at;
              const reason = (e as { reason?: unknown }).reason;
              otel.authFailures.add(1, {
                'plm.auth.failure_reason': typeof reason === 'string' ? reason : 'unknown',
              });
              break;
            }
          }
          if (short) {
            bucket.shortCircuited++;
            otel.shortCircuited.add(1);
            return;
          }
          if (toPlmIntegrationError(event.error).code === 'PLM_DATA_INVALID') {
            let version = 'unknown';
            for (const e of causes(event.error)) {
              const v = (e as { schemaVersion?: unknown }).schemaVersion;
              if (typeof v === 'string' && v.length > 0) {
                version = v;
                break;
              }
            }
            driftByVersion[version] = (driftByVersion[version] ?? 0) + 1;
            driftTotal++;
            otel.drift.add(1, { 'plm.schema.version': version });
          }
        }
        const latency = Math.min(Math.max(0, Math.round(event.latencyMs)), 3_600_000);
        bucket.latency.recordValue(latency);
        for (const h of windowLatency) h.recordValue(latency);
        otel.duration.record(latency / 1_000, {
          'plm.outcome': event.outcome,
          ...(event.outcome === 'failure' ? { 'error.type': tagOf(event.error) ?? 'Error' } : {}),
        });
        return;
      }
      case 'cache.served': {
        if (event.status === 'hit') {
          countCacheHit(event.at);
          return;
        }
        const bucket = bucketAt(event.at);
        bucket.cache[event.status]++;
        if (event.status === 'stale' || event.status === 'stale-if-error') {
          bucket.staleMaxAgeMs = Math.max(bucket.staleMaxAgeMs, event.ageMs);
        }
        otel.cache.add(1, CACHE_ATTRIBUTES[event.status]);
        return;
      }
      case 'breaker.transition': {
        transitions.unshift({ at: event.at, from: event.from, to: event.to, reason: event.reason });
        if (transitions.length > MAX_TRANSITIONS) transitions.length = MAX_TRANSITIONS;
        circuitSince = event.at;
        otel.transitions.add(1, { 'plm.circuit.from': event.from, 'plm.circuit.to': event.to });
        return;
      }
      case 'breaker.rejected':
      case 'retry.scheduled':
      case 'retry.stopped':
      case 'timeout.fired':
      case 'limiter.queued':
      case 'limiter.rejected':
      case 'cache.store-error':
        // Their outcome reaches the health model as the call's `call.settled`.
        return;
    }
  };
  const onAudit = (event: AuditEvent): void => {
    if (event.type === 'read.fell-back') {
      otel.fallbacks.add(1, { 'plm.fallback.reason': event.reason });
    }
  };
  const unsubscribeTelemetry = sources.subscribeTelemetry(onTelemetry);
  const unsubscribeAudit = sources.subscribe(onAudit);

  // ---- alerts ----------------------------------------------------------------------------
  const windowIndex = (name: PlmHealthWindow): number => WINDOWS.findIndex(([n]) => n === name);
  const W5 = windowIndex('5m');
  const W15 = windowIndex('15m');

  const backlogTrend = (now: number): { value: number; growing: boolean } => {
    const since = now - thresholds.backlogWindowMs;
    const samples = backlog.filter((s) => s.at >= since);
    if (usage?.backlogGrowing === true) {
      const first = samples[0]?.pending ?? 0;
      return { value: Math.max(0, (usage.pending ?? 0) - first), growing: true };
    }
    // Growing: at least half the window of samples, a positive least-squares slope, and more
    // pending at the end than at the start.
    if (samples.length < 3) return { value: 0, growing: false };
    const span = samples[samples.length - 1]!.at - samples[0]!.at;
    const growth = samples[samples.length - 1]!.pending - samples[0]!.pending;
    if (span < thresholds.backlogWindowMs / 2) return { value: growth, growing: false };
    const n = samples.length;
    const mx = samples.reduce((a, s) => a + s.at, 0) / n;
    const my = samples.reduce((a, s) => a + s.pending, 0) / n;
    let num = 0;
    let den = 0;
    for (const s of samples) {
      num += (s.at - mx) * (s.pending - my);
      den += (s.at - mx) ** 2;
    }
    const slope = den === 0 ? 0 : num / den;
    return { value: growth, growing: slope > 0 && growth > 0 };
  };

  /**
   * Critical diffs counted since 15 minutes ago: the count now minus the count at the latest sample
   * taken at or before that moment (the tick keeps one such sample). In the first 15 minutes that
   * is the sample taken when the monitor started, so diffs found before the first tick count too.
   */
  const criticalInLast15m = (now: number): number => {
    const stats = sources.shadow?.stats();
    if (stats === undefined) return 0;
    const since = now - SPAN_MS;
    let base = criticalSamples[0];
    for (const sample of criticalSamples) {
      if (sample.at > since) break;
      base = sample;
    }
    return Math.max(0, stats.critical - (base?.critical ?? 0));
  };

  const authFailures15m = (now: number): number =>
    inWindow(W15, now).reduce((a, b) => a + b.authFailures, 0);

  const rules: readonly AlertRule[] = [
    {
      name: 'plm-availability',
      unit: 'ratio',
      summary: `PLM availability over 5 minutes below ${thresholds.availability}`,
      threshold: thresholds.availability,
      forMs: thresholds.forMs,
      measure: (now) => {
        const w = requestWindow(W5, now);
        return {
          value: w.availability,
          active: w.calls >= thresholds.minSamples && w.availability < thresholds.availability,
        };
      },
    },
    {
      name: 'plm-latency-p95',
      unit: 'ms',
      summary: `PLM p95 latency over 5 minutes above ${thresholds.p95Ms} ms`,
      threshold: thresholds.p95Ms,
      forMs: thresholds.forMs,
      measure: (now) => {
        rotate(now);
        const h = windowLatency[W5]!;
        const value = h.totalCount === 0 ? 0 : h.getValueAtPercentile(95);
        return {
          value,
          active: h.totalCount >= thresholds.minSamples && value > thresholds.p95Ms,
        };
      },
    },
    {
      name: 'shadow-diff-rate',
      unit: 'ratio',
      summary: `Shadow diff rate above ${thresholds.shadowDiffRate}`,
      threshold: thresholds.shadowDiffRate,
      forMs: thresholds.forMs,
      measure: () => {
        const s = sources.shadow?.stats();
        if (s === undefined) return { value: 0, active: false };
        return {
          value: s.diffRate,
          active: s.compared >= thresholds.minSamples && s.diffRate > thresholds.shadowDiffRate,
        };
      },
    },
    {
      name: 'shadow-critical-diffs',
      unit: 'count',
      summary: `Critical shadow differences in the last 15 minutes above ${thresholds.criticalDiffs}`,
      threshold: thresholds.criticalDiffs,
      forMs: 0,
      measure: (now) => {
        const value = criticalInLast15m(now);
        return { value, active: value > thresholds.criticalDiffs };
      },
    },
    {
      name: 'circuit-open',
      unit: 'ms',
      summary: `Circuit open (or isolated) for more than ${thresholds.circuitOpenMs / 60_000} min`,
      threshold: thresholds.circuitOpenMs,
      // Pending from the moment it opens; firing once open longer than the threshold.
      forMs: thresholds.circuitOpenMs,
      measure: (now) => {
        const state = sources.circuitState();
        const open = state === 'open' || state === 'isolated';
        return { value: open ? now - circuitSince : 0, active: open };
      },
    },
    {
      name: 'usage-backlog-growing',
      unit: 'events',
      summary: `Usage-metric backlog growing over ${thresholds.backlogWindowMs / 60_000} min`,
      threshold: 0,
      forMs: 0,
      measure: (now) => {
        const trend = backlogTrend(now);
        return { value: trend.value, active: trend.growing };
      },
    },
    {
      name: 'plm-auth-failures',
      unit: 'count',
      summary: `Authentication failures in the last 15 minutes above ${thresholds.authFailures}`,
      threshold: thresholds.authFailures,
      forMs: 0,
      measure: (now) => {
        const value = authFailures15m(now);
        return { value, active: value > thresholds.authFailures };
      },
    },
  ];
  const alertStatus = new Map<PlmAlertName, AlertStatus>(
    rules.map((r) => [
      r.name,
      { state: 'inactive', since: undefined, activeSince: undefined, value: 0, fired: false },
    ]),
  );

  const transition = (rule: AlertRule, status: AlertStatus, to: PlmAlertState, now: number) => {
    const from = status.state;
    status.state = to;
    status.since = now;
    if (to === 'firing') status.fired = true;
    sources.emit({
      type: 'alert.changed',
      at: now,
      alert: rule.name,
      from,
      to,
      value: status.value,
      threshold: rule.threshold,
    });
    const line = { event: 'alert.changed', alert: rule.name, from, to, value: status.value };
    if (to === 'firing') sources.logger.warn(line, `PLM alert ${rule.name} firing`);
    else sources.logger.info(line, `PLM alert ${rule.name} ${from} → ${to}`);
  };

  const evaluateAlerts = (now: number): void => {
    for (const rule of rules) {
      const status = alertStatus.get(rule.name)!;
      const { value, active } = rule.measure(now);
      status.value = round(value);
      if (active) {
        status.activeSince ??= now;
        const due = now - status.activeSince >= rule.forMs;
        if (status.state !== 'firing' && due) transition(rule, status, 'firing', now);
        else if (status.state !== 'firing' && status.state !== 'pending' && !due)
          transition(rule, status, 'pending', now);
      } else {
        status.activeSince = undefined;
        if (status.state === 'firing') transition(rule, status, 'resolved', now);
        else if (status.state === 'pending')
          transition(rule, status, status.fired ? 'resolved' : 'inactive', now);
      }
    }
  };

  // ---- migration guard -------------------------------------------------------------------
  interface Guard {
    state: PlmGuardState['state'];
    trippedAt: number | undefined;
    trigger: PlmGuardTrigger | undefined;
    step: PlmGuardState['step'];
    evidence: PlmGuardEvidence | undefined;
    errorAboveSince: number | undefined;
    /** Critical diffs counted before the guard was (re-)armed do not trip it. */
    criticalBase: number;
  }
  const freshGuard = (): Guard => ({
    state: config.autoRollback ? 'armed' : 'off',
    trippedAt: undefined,
    trigger: undefined,
    step: undefined,
    evidence: undefined,
    errorAboveSince: undefined,
    criticalBase: sources.shadow?.stats().critical ?? 0,
  });
  let guard = freshGuard();

  const evaluateGuard = (now: number): void => {
    if (guard.state !== 'armed') return;
    const w1 = requestWindow(windowIndex('1m'), now);
    const w5 = requestWindow(W5, now);
    if (w1.calls > 0 && w1.errorRate > config.autoRollbackErrorRate) guard.errorAboveSince ??= now;
    else guard.errorAboveSince = undefined;
    const critical = Math.max(0, (sources.shadow?.stats().critical ?? 0) - guard.criticalBase);
    const latencySamples = windowLatency[W5]!.totalCount;
    let trigger: PlmGuardTrigger | undefined;
    if (
      guard.errorAboveSince !== undefined &&
      now - guard.errorAboveSince >= config.autoRollbackSustain * 1_000
    ) {
      trigger = 'error-rate';
    } else if (
      latencySamples >= Math.min(thresholds.minSamples, 5) &&
      w5.p95Ms > config.autoRollbackP95Ms
    ) {
      trigger = 'latency-p95';
    } else if (config.autoRollbackOnCriticalDiffs && critical > 0) {
      trigger = 'critical-diffs';
    }
    if (trigger === undefined) return;
    const from = sources.mode();
    const to: PlmMode | undefined =
      from === 'enabled'
        ? 'shadow'
        : from === 'shadow' && config.autoRollbackToDisabled
          ? 'disabled'
          : undefined;
    if (to === undefined) return;
    const evidence: PlmGuardEvidence = {
      errorRate: w1.errorRate,
      errorRateAboveSince: guard.errorAboveSince,
      p95Ms: w5.p95Ms,
      criticalDiffs: critical,
      calls5m: w5.calls,
    };
    Object.assign(guard, {
      state: 'tripped',
      trippedAt: now,
      trigger,
      step: { from, to },
      evidence,
    });
    sources.emit({ type: 'guard.tripped', at: now, trigger, from, to, evidence });
    sources.logger.error(
      { event: 'guard.tripped', trigger, from, to, evidence },
      `PLM migration guard: ${from} → ${to} (${trigger})`,
    );
    sources.setMode(to, {
      by: GUARD_BY,
      reason: `automatic rollback: ${trigger} (error rate ${evidence.errorRate}, p95 ${evidence.p95Ms} ms, critical diffs ${evidence.criticalDiffs})`,
    });
  };

  // ---- the tick --------------------------------------------------------------------------
  let closed = false;
  let timer: unknown;
  let polling = false;

  const evaluate = (): void => {
    const now = clock.now();
    rotate(now);
    const shadow = sources.shadow?.stats();
    if (shadow !== undefined) {
      criticalSamples.push({ at: now, critical: shadow.critical });
      // Keep the latest sample at or before the window's start: it is the window's base.
      while (criticalSamples.length > 1 && criticalSamples[1]!.at <= now - SPAN_MS) {
        criticalSamples.shift();
      }
    }
    evaluateGuard(now);
    evaluateAlerts(now);
  };

  const poll = async (): Promise<void> => {
    const pending = sources.usageStats();
    if (pending === undefined || polling) return;
    polling = true;
    try {
      const stats = await pending;
      const at = clock.now();
      usage = { ...stats, polledAt: at };
      backlog.push({ at, pending: stats.pending });
      const keep = at - thresholds.backlogWindowMs;
      while (backlog.length > 0 && backlog[0]!.at < keep) backlog.shift();
    } catch (error) {
      sources.logger.warn(
        { event: 'health.usage-poll-failed', code: toPlmIntegrationError(error).code },
        'could not read the usage outbox figures',
      );
    } finally {
      polling = false;
    }
  };

  const schedule = (): void => {
    if (closed) return;
    timer = clock.setTimeout(() => {
      void poll().finally(() => {
        if (closed) return;
        try {
          evaluate();
        } catch (error) {
          sources.logger.error(
            { event: 'health.evaluate-failed', code: toPlmIntegrationError(error).code },
            'health evaluation failed',
          );
        }
        schedule();
      });
    }, intervalMs);
    // Never keep the host process alive for the health tick.
    (timer as { unref?: () => void } | undefined)?.unref?.();
  };
  schedule();

  return {
    snapshot(): PlmHealth {
      const now = clock.now();
      rotate(now);
      const windows = {} as Record<PlmHealthWindow, PlmRequestWindow>;
      WINDOWS.forEach(([name], w) => {
        windows[name] = requestWindow(w, now);
      });
      const series: PlmRequestPoint[] = [];
      const last = buckets[buckets.length - 1];
      if (last !== undefined && last.start === bucketStart(now)) freeze(last);
      const first = bucketStart(now) - (WINDOWS[W15]![1] - 1) * BUCKET_MS;
      let i = 0;
      for (let at = first; at <= bucketStart(now); at += BUCKET_MS) {
        while (i < buckets.length && buckets[i]!.start < at) i++;
        const b = buckets[i]?.start === at ? buckets[i] : undefined;
        series.push({
          at,
          calls: b?.calls ?? 0,
          failures: b?.failures ?? 0,
          p50Ms: b?.p50 ?? 0,
          p95Ms: b?.p95 ?? 0,
        });
      }
      const cache: CacheCounts = { hit: 0, miss: 0, stale: 0, 'stale-if-error': 0 };
      let staleMax = 0;
      for (const b of inWindow(W15, now)) {
        cache.hit += b.cache.hit;
        cache.miss += b.cache.miss;
        cache.stale += b.cache.stale;
        cache['stale-if-error'] += b.cache['stale-if-error'];
        staleMax = Math.max(staleMax, b.staleMaxAgeMs);
      }
      const lookups = cache.hit + cache.miss + cache.stale + cache['stale-if-error'];
      const stats = sources.stats();
      const reads = Object.values(stats.reads).reduce((a, n) => a + n, 0);
      const byReason: Partial<Record<FallbackReason, { count: number; share: number }>> = {};
      let fallbackTotal = 0;
      for (const [reason, count] of Object.entries(stats.fallbacks) as [FallbackReason, number][]) {
        fallbackTotal += count;
        byReason[reason] = { count, share: reads === 0 ? 0 : round(count / reads) };
      }
      const shadowStats = sources.shadow?.stats();
      const alerts: PlmAlert[] = rules.map((rule) => {
        const status = alertStatus.get(rule.name)!;
        return {
          name: rule.name,
          state: status.state,
          since: status.since,
          value: status.value,
          threshold: rule.threshold,
          unit: rule.unit,
          summary: rule.summary,
        };
      });
      const activeAlerts = alerts
        .filter((a) => a.state === 'pending' || a.state === 'firing')
        .map((a) => a.name);
      const circuitState = sources.circuitState();
      const delivered = usage?.delivered ?? 0;
      const dead = usage?.deadLetteredByThisInstance ?? 0;
      return {
        at: now,
        status: alerts.some((a) => a.state === 'firing')
          ? 'critical'
          : activeAlerts.length > 0 || circuitState !== 'closed'
            ? 'degraded'
            : 'ok',
        mode: {
          mode: sources.mode(),
          enabledForModels: [...sources.enabledForModels()],
          guard: {
            state: guard.state,
            trippedAt: guard.trippedAt,
            trigger: guard.trigger,
            step: guard.step,
            evidence: guard.evidence,
          },
        },
        circuit: {
          state: circuitState,
          since: circuitSince,
          timeInStateMs: now - circuitSince,
          transitions: transitions.map((t) => ({ ...t })),
        },
        requests: { windows, series },
        cache: {
          hitRatio: lookups === 0 ? undefined : round((cache.hit + cache.stale) / lookups),
          lookups15m: lookups,
          byStatus15m: cache,
          entries: sources.cacheEntries(),
          oldestStaleAgeMs: cache.stale + cache['stale-if-error'] === 0 ? undefined : staleMax,
        },
        fallbacks: {
          reads,
          total: fallbackTotal,
          share: reads === 0 ? 0 : round(fallbackTotal / reads),
          byReason,
        },
        shadow:
          shadowStats === undefined
            ? undefined
            : {
                sampleRate: shadowStats.sampleRate,
                compared: shadowStats.compared,
                diffRate: shadowStats.diffRate,
                criticalDiffRate: shadowStats.criticalDiffRate,
                noiseRate: shadowStats.noiseRate,
                critical: shadowStats.critical,
                topPaths: shadowStats.topPaths.slice(0, 10),
              },
        usage:
          usage === undefined
            ? undefined
            : {
                polledAt: usage.polledAt,
                pending: usage.pending,
                oldestPendingAgeMs: usage.oldestPendingAgeMs,
                deadLetters: usage.deadLettered,
                delivered,
                deliverySuccessRate:
                  delivered + dead === 0 ? undefined : round(delivered / (delivered + dead)),
                backlogGrowing: backlogTrend(now).growing,
                paused: usage.paused,
              },
        contractDrift: { total: driftTotal, bySchemaVersion: { ...driftByVersion } },
        auth: {
          tokenRequests: auth.tokenRequests,
          tokenRequestFailures: auth.tokenRequestFailures,
          authFailures: auth.authFailures,
          lastAuthFailureAt: auth.authFailures === 0 ? undefined : auth.lastAt,
        },
        deprecatedReads: {
          total: [...deprecated.values()].reduce((a, n) => a + n, 0),
          byApi: Object.fromEntries(deprecated),
        },
        alerts,
        activeAlerts,
      };
    },
    countCacheHit,
    countDeprecatedRead(api) {
      deprecated.set(api, (deprecated.get(api) ?? 0) + 1);
      otel.deprecated.add(1, { 'plm.api.name': api });
    },
    onTokenRequest({ ok }) {
      auth.tokenRequests++;
      if (!ok) auth.tokenRequestFailures++;
      otel.tokens.add(1, { 'plm.outcome': ok ? 'success' : 'failure' });
    },
    resetGuard(by, reason) {
      if (!config.autoRollback) return;
      guard = freshGuard();
      sources.emit({ type: 'guard.reset', at: clock.now(), by, reason });
      sources.logger.info({ event: 'guard.reset', by, reason }, 'PLM migration guard re-armed');
    },
    evaluate,
    close() {
      closed = true;
      clock.clearTimeout(timer);
      unsubscribeTelemetry();
      unsubscribeAudit();
      meter.removeBatchObservableCallback(batchObserver, observables);
    },
  };
}
