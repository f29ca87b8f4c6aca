import { randomUUID } from 'node:crypto';
import type { AuditEvent, AuditListener, PlmResource } from './AuditEvent.js';
import {
  createIdTranslator,
  learnModelIds,
  mapCatalogPayload,
  mapFeatureListPayload,
  mapModelConfigPayload,
  mapTrimPayload,
  nextCursorOf,
  type IdTranslator,
  type Mapped,
  type MrpCatalog,
  type MrpFeature,
  type MrpModelConfig,
  type MrpTrim,
} from './internal/adapter.js';
import { createHealthMonitor, type HealthMonitor } from './internal/healthMonitor.js';
import { sha256Of } from './internal/payloadHash.js';
import { inSample } from './internal/stickySample.js';
import {
  endAttemptSpan,
  endReadSpan,
  startAttemptSpan,
  startReadSpan,
  traceIdOf,
  traceparentOf,
  tracingRegistered,
  type Span,
} from './internal/tracing.js';
import {
  createClientFromConfig,
  createPlmTransport,
  correlationIdFor,
  type PlmClient,
  type PlmTransport,
  type PlmWireResponse,
} from './internal/plmClient.js';
import {
  createReadPolicy,
  isCircuitOpen,
  systemClock,
  type CachedRead,
  type CacheStore,
  type CircuitState,
  type Clock,
  type AttemptContext,
  type CacheResult,
  type ReadPolicy,
  type ResilienceEvent,
} from './internal/policy.js';
import type { MaybePromise, MrpProductPort } from './MrpProductPort.js';
import { MODEL_ID, type PlmConfig, type PlmMode } from './PlmConfig.js';
import { PlmIntegrationError } from './PlmIntegrationError.js';
import type { PlmModeChange, PlmModeRecord, PlmModeStore } from './PlmModeStore.js';
import type { PlmHealth } from './PlmHealth.js';
import type { PlmHealthOptions } from './PlmHealthOptions.js';
import { silentLogger, type PlmLogger } from './PlmLogger.js';
import type {
  FallbackReason,
  Provenance,
  ProvenanceCacheStatus,
  Provenanced,
} from './Provenance.js';
import type { PlmCaller, ReadContext } from './ReadContext.js';
import type { ShadowComparison } from './createShadowComparison.js';
import type { ShadowMismatch, ShadowMismatchFilter } from './ShadowResult.js';
import { toPlmIntegrationError } from './toPlmIntegrationError.js';
import {
  createUsageOutbox,
  type UsageEvent,
  type UsageMetricsStats,
  type UsageMetricsStore,
  type UsageOutbox,
} from './internal/usageOutbox.js';

/** A PLM usage event (the contract's `UsageEvent`, PLM ids, ISO dates). */
export type PlmUsageEvent = UsageEvent;

/** Usage-metrics outbox options. */
export interface PlmUsageOptions {
  /**
   * The outbox store (metrics' memory, SQLite or Postgres store). With the Postgres store,
   * `recordUsage(event, tx)` writes in the work order's transaction.
   * @default a SQLite file at `config.usageOutboxPath`, opened on the first `recordUsage`
   */
  readonly store?: UsageMetricsStore | undefined;
  /** How long `close()` waits for the outbox to drain, ms. @default 5000 */
  readonly drainTimeoutMs?: number | undefined;
}

/** A cache entry of the integration (what a shared cache store holds). */
export type PlmCacheEntry = CachedRead;

/** What `onShadowRead` receives for one read in `shadow` mode. */
export type ShadowRead =
  | ShadowReadOf<'modelConfig', MrpModelConfig>
  | ShadowReadOf<'catalog', MrpCatalog>
  | ShadowReadOf<'trim', MrpTrim>
  | ShadowReadOf<'features', MrpFeature[]>;

/** One resource's shadow read. */
export interface ShadowReadOf<R extends PlmResource, T> {
  readonly resource: R;
  /** MRP id of the model, trim or (for the catalog) `'*'`. */
  readonly id: string;
  /** Exactly what the caller got. */
  readonly mrp: Provenanced<T>;
  /**
   * Reads the same item from PLM through the request path (rejects with a PlmIntegrationError);
   * with `bypassCache`, past the cache (limiter, breaker, retry and timeout still apply).
   */
  readonly readPlm: (options?: ShadowPlmReadOptions) => Promise<Provenanced<T>>;
  /** Reads the same item from MRP's port again (noise calibration's second MRP read). */
  readonly readMrp: () => Promise<Provenanced<T>>;
  readonly correlationId: string;
}

/** Options of {@link ShadowReadOf.readPlm}. */
export interface ShadowPlmReadOptions {
  /** Ends the read (it then rejects with `REQUEST_CANCELLED`). */
  readonly signal?: AbortSignal | undefined;
  /** Read PLM itself, not a cached answer (noise calibration reads PLM twice). @default false */
  readonly bypassCache?: boolean | undefined;
}

/** Options of {@link createPlmIntegration}. */
export interface PlmIntegrationOptions {
  readonly config: PlmConfig;
  /** The port MRP implements over its own product tables. */
  readonly mrp: MrpProductPort;
  /**
   * The adapter's id translator. Missing model translations are learned from the catalog's
   * `externalIds.mrp` when needed.
   * @default createIdTranslator() (learning only)
   */
  readonly ids?: IdTranslator | undefined;
  /** @default createPlmClient from the config's connection settings, created on the first PLM call */
  readonly client?: PlmClient | undefined;
  /**
   * Cache store of the PLM answers (resilience's Redis store shares it between instances).
   * @default an in-memory store
   */
  readonly cacheStore?: CacheStore<PlmCacheEntry> | undefined;
  /** @default systemClock */
  readonly clock?: Clock | undefined;
  /** Usage metrics (see {@link PlmIntegration.recordUsage}). @default a SQLite outbox */
  readonly usage?: PlmUsageOptions | undefined;
  /** A pino-compatible logger. @default silent */
  readonly logger?: PlmLogger | undefined;
  /**
   * Called in `shadow` mode, off the request path, for each read of a sampled model. The
   * comparison is the host's (or a later release's); errors it throws are logged and dropped.
   * @default undefined (shadow mode reads nothing from PLM)
   */
  readonly onShadowRead?: ((read: ShadowRead) => void | Promise<void>) | undefined;
  /**
   * Shares run-time mode changes between instances: `setMode` on one instance is stored and
   * reaches every instance given a store over the same data (each audits it). The configured
   * mode is the start and the default until a change is stored; at start the stored change is
   * loaded (reads wait for that one load). The host owns the store (`close()` does not close it).
   * @default undefined (a `setMode` changes this instance only)
   */
  readonly modeStore?: PlmModeStore | undefined;
  /**
   * The shadow comparison ({@link createShadowComparison}) that gets every sampled read in
   * `shadow` mode, off the request path; it uses this integration's clock and logger. Its
   * results feed `health()` (diff rates, top drifting paths), the alerts, the migration guard and
   * the health page's diff viewer. It is the host's to close (before this integration, so no
   * comparison is cut off).
   * @default undefined (no comparison, no shadow figures)
   */
  readonly shadow?: ShadowComparison | undefined;
  /** Health model, alerts and OpenTelemetry metrics (see {@link PlmIntegration.health}). @default the plan's thresholds */
  readonly health?: PlmHealthOptions | undefined;
}

/** Who did an operator action, and why (recorded in its audit event). */
export interface PlmOperatorAction {
  readonly by: string;
  readonly reason: string;
}

/** Options of {@link PlmIntegration.setMode}. */
export interface SetModeOptions {
  /** New allowlist of MRP model ids (empty = all). @default the current allowlist */
  readonly models?: readonly string[] | undefined;
  /** Who changed it. */
  readonly by: string;
  /** Why. */
  readonly reason: string;
}

/** Counters since start (cheap to read; the hook point of the health model). */
export interface PlmIntegrationStats {
  readonly reads: Readonly<Record<PlmResource, number>>;
  readonly plmServed: number;
  readonly mrpServed: number;
  readonly fallbacks: Readonly<Partial<Record<FallbackReason, number>>>;
  readonly notInPlm: number;
  readonly contractDrift: number;
  readonly shadowReads: number;
  /** How often a PLM catalog was mapped (a 304 revalidation maps nothing). */
  readonly catalogMappings: number;
  readonly circuit: CircuitState | 'isolated';
}

/** The integration MRP calls; see {@link createPlmIntegration}. */
export interface PlmIntegration {
  readonly mode: PlmMode;
  readonly enabledForModels: readonly string[];
  getModelConfig(mrpModelId: string, ctx?: ReadContext): Promise<Provenanced<MrpModelConfig>>;
  getCatalog(ctx?: ReadContext): Promise<Provenanced<MrpCatalog>>;
  getTrim(mrpTrimId: string, ctx?: ReadContext): Promise<Provenanced<MrpTrim>>;
  listFeatures(
    query: { readonly modelId: string; readonly trimId?: string | undefined },
    ctx?: ReadContext,
  ): Promise<Provenanced<MrpFeature[]>>;
  /**
   * Changes the mode (and optionally the allowlist) at run time on this instance at once; audited.
   * With a `modeStore`, the change is then stored and reaches the other instances (a failure to
   * store it is logged as `mode.share-failed`; this instance keeps the new mode).
   */
  setMode(mode: PlmMode, options: SetModeOptions): void;
  /** Audit events: fallbacks, mode changes, circuit transitions, alerts, guard and operator actions. Returns the unsubscribe. */
  subscribe(listener: AuditListener): () => void;
  /** Every event of the PLM request path (breaker, retry, timeout, cache, call latency). */
  subscribeTelemetry(listener: (event: ResilienceEvent) => void): () => void;
  /** Drops the cached PLM answers of these PLM model ids (and the catalog). */
  invalidateModels(plmModelIds: readonly string[]): Promise<void>;
  stats(): PlmIntegrationStats;
  /**
   * Validates a PLM usage event and writes it to the durable outbox (in `tx` when the store
   * supports transactions); a worker delivers it through the SDK, paused while the circuit is
   * open or the mode is `disabled`.
   * @throws {PlmIntegrationError} `USAGE_EVENT_INVALID`, `USAGE_BACKLOG_FULL`, `USAGE_STORE_FAILED`
   */
  recordUsage(event: PlmUsageEvent, tx?: unknown): Promise<void>;
  /** Outbox figures (pending, delivered, dead letters, …); starts the outbox if needed. */
  usageStats(): Promise<UsageMetricsStats>;
  /**
   * One JSON-serialisable health snapshot (mode, circuit, request windows, cache, fallbacks,
   * shadow, usage outbox, contract drift, auth, deprecated reads, alerts), from memory only.
   */
  health(): PlmHealth;
  /** Counts one read of a deprecated MRP product API (shown in `health().deprecatedReads`). */
  countDeprecatedRead(api: string): void;
  /** Recent shadow mismatches, newest first (empty without a shadow comparison). */
  shadowMismatches(filter?: ShadowMismatchFilter): readonly ShadowMismatch[];
  /** Re-arms the migration guard after it tripped; audited (`guard.reset`). */
  resetGuard(action: PlmOperatorAction): void;
  /** Opens the circuit by hand until {@link PlmIntegration.resetCircuit}; audited (`circuit.admin`). */
  isolateCircuit(action: PlmOperatorAction): void;
  /** Closes the circuit and forgets its failures; audited (`circuit.admin`). */
  resetCircuit(action: PlmOperatorAction): void;
  /** Drains the outbox within its bound and stops everything; later reads reject with `INTEGRATION_CLOSED`. */
  close(): Promise<void>;
}

interface ReadSpec<T> {
  readonly resource: PlmResource;
  /** MRP id the read is about (model or trim), for audit and errors. */
  readonly id: string;
  /** MRP model id for the allowlist, or undefined when unknown. */
  readonly modelId: string | undefined;
  readonly key: (plmIds: readonly string[]) => string;
  readonly tags: (plmIds: readonly string[]) => readonly string[];
  /** PLM ids needed for the request (throws IdTranslationError when untranslatable). */
  readonly plmIds: () => readonly string[];
  /**
   * The cache key once it is known without a call: a model read keeps its key from its first
   * translation, so its warm reads call neither `plmIds` nor `key`. Unset for the other reads.
   */
  readonly cacheKey?: string | undefined;
  readonly fetch: (
    plmIds: readonly string[],
    signal: AbortSignal | undefined,
    correlationId: string,
    traceparent: string | undefined,
  ) => Promise<PlmWireResponse>;
  readonly map: (payload: unknown, schemaVersion: string) => Mapped<T>;
  /** MRP's answer (the port's, as it gives it: a value or a promise). */
  readonly mrp: () => MaybePromise<T | undefined>;
}

const tagOf = (error: unknown): string | undefined =>
  typeof error === 'object' &&
  error !== null &&
  typeof (error as { _tag?: unknown })._tag === 'string'
    ? (error as { _tag: string })._tag
    : undefined;

function fallbackReasonOf(error: unknown): FallbackReason {
  if (isCircuitOpen(error)) return 'circuit-open';
  const tag = tagOf(error);
  if (tag === 'IdTranslationError') return 'untranslatable-id';
  if (tag === 'RevisionNotEffectiveError') return 'revision-not-effective';
  switch (toPlmIntegrationError(error).code) {
    case 'MODEL_NOT_IN_PLM':
      return 'not-in-plm';
    case 'PLM_DATA_INVALID':
      return 'contract-drift';
    case 'PLM_TIMEOUT':
      return 'plm-timeout';
    case 'PLM_AUTH_FAILED':
      return 'plm-auth-failed';
    case 'PLM_RATE_LIMITED':
      return 'plm-rate-limited';
    case 'PLM_MAINTENANCE':
      return 'plm-maintenance';
    case 'PLM_BUSY':
      return 'plm-busy';
    case 'PLM_UNAVAILABLE':
      return 'plm-unavailable';
    case 'PLM_REQUEST_REJECTED':
    case 'MRP_DATA_MISSING':
    case 'MRP_UNAVAILABLE':
    case 'INVALID_SELECTION':
    case 'USAGE_EVENT_INVALID':
    case 'USAGE_BACKLOG_FULL':
    case 'USAGE_STORE_FAILED':
    case 'REQUEST_CANCELLED':
    case 'CONFIG_INVALID':
    case 'INTEGRATION_CLOSED':
    case 'SNAPSHOT_SOURCE_CHANGED':
    case 'INTERNAL':
      return 'plm-error';
  }
}

function issuePathsOf(error: unknown): readonly string[] | undefined {
  const issues = (error as { issues?: unknown } | null)?.issues;
  if (!Array.isArray(issues)) return undefined;
  return issues
    .map((i: unknown) => (i as { path?: unknown } | null)?.path)
    .filter((p): p is string => typeof p === 'string');
}

/**
 * How often sampled shadow reads are handed over while they keep coming, ms (real time). Short:
 * the reads waiting for the tick stay alive until it, and a longer wait let them outlive young-
 * generation collections (10 ms put shadow's p99 13–16 % above disabled's in bench/shadow.ts).
 */
const SHADOW_HAND_OVER_MS = 2;
/** Sampled reads waiting for the tick beyond which they are handed over at once. */
const SHADOW_PENDING_MAX = 1_024;

/** The context of a read given none (shared: a read without one allocates nothing for it). */
const NO_CONTEXT: ReadContext = Object.freeze({});

const closedError = () => new PlmIntegrationError({ code: 'INTEGRATION_CLOSED' });

const isThenable = <T>(value: MaybePromise<T>): value is PromiseLike<T> =>
  typeof (value as { then?: unknown } | null | undefined)?.then === 'function';

/**
 * The PLM correlation id of one read, made on first use: the caller's trace id, else the read
 * span's, else a random UUID. A cache hit asks for none (it reports the cached answer's).
 */
function correlationOf(traceparent: string | undefined, span: Span): () => string {
  let id: string | undefined;
  return () => (id ??= correlationIdFor(traceparent) ?? traceIdOf(span) ?? randomUUID());
}

/**
 * Creates the integration MRP's work-order code calls instead of its product tables. The mode
 * decides the source of every read: `disabled` reads only MRP (no PLM request at all), `shadow`
 * returns MRP data and hands `onShadowRead` a PLM read to run off the request path, `enabled`
 * reads PLM first for the allowlisted models, through cache → limiter → one breaker → retry →
 * timeout, and falls back to the stale PLM answer, then to MRP (when `fallbackEnabled`), then to
 * a {@link PlmIntegrationError}. Every read resolves to `{ data, provenance }`.
 *
 * @example
 * ```ts
 * import { createPlmIntegration, loadPlmConfig, type MrpProductPort } from '@mrp-plm/mrp-integration';
 *
 * declare const mrpTables: MrpProductPort; // MRP's own product tables
 * const integration = createPlmIntegration({
 *   config: loadPlmConfig({ PLM_MODE: 'disabled' }),
 *   mrp: mrpTables,
 * });
 * const { data, provenance } = await integration.getModelConfig('M-1001');
 * console.log(data.name, provenance.dataSource); // … 'mrp'
 * await integration.close();
 * ```
 */
export function createPlmIntegration(options: PlmIntegrationOptions): PlmIntegration {
  const { config, mrp } = options;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  options.shadow?.attach({
    clock,
    logger,
    sampleRate: config.shadowSampleRate,
    handOver: () => handOverShadowReads(),
  });
  const ids = options.ids ?? createIdTranslator();
  const policy: ReadPolicy = createReadPolicy({
    config,
    clock,
    store: options.cacheStore,
  });
  /** The policy's cache (set whenever a read can be warm: `warmable` needs `cacheEnabled`). */
  const cache = policy.cache;
  const listeners = new Set<AuditListener>();
  /** Telemetry listeners of the host (`subscribeTelemetry`); the health monitor is not one. */
  let telemetryListeners = 0;
  let mode: PlmMode = config.mode;
  let allowlist: readonly string[] = config.enabledForModels;
  let allowSet = new Set(allowlist);
  let transport: PlmTransport | undefined =
    options.client === undefined ? undefined : createPlmTransport(options.client);
  let closed = false;
  /**
   * Whether a read may be served by {@link warmRead}: `enabled` mode, answers cached, the shared
   * mode loaded, not closed. One flag for the hot path, kept by {@link updateWarmable} wherever
   * one of them changes.
   */
  let warmable = false;
  const lastErrors = new Map<string, unknown>();
  /** PLM trim id → MRP model id, learned from model configs and the catalog (for the allowlist). */
  const trimModels = new Map<string, string>();
  let learning: Promise<void> | undefined;
  let catalogMappings = 0;
  const counters = {
    reads: { modelConfig: 0, catalog: 0, trim: 0, features: 0 },
    plmServed: 0,
    mrpServed: 0,
    fallbacks: {} as Partial<Record<FallbackReason, number>>,
    notInPlm: 0,
    contractDrift: 0,
    shadowReads: 0,
  };

  const emit = (event: AuditEvent): void => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (error) {
        logger.error({ err: toPlmIntegrationError(error) }, 'audit listener threw');
      }
    }
  };

  const unsubscribeBreaker = policy.subscribe((event) => {
    if (event.type !== 'breaker.transition') return;
    emit({
      type: 'breaker.transition',
      at: event.at,
      from: event.from,
      to: event.to,
      reason: event.reason,
    });
    logger.warn(
      { event: 'breaker.transition', from: event.from, to: event.to, reason: event.reason },
      `PLM circuit ${event.from} → ${event.to}`,
    );
  });

  const plm = (): PlmTransport => {
    if (transport === undefined) {
      try {
        transport = createPlmTransport(
          createClientFromConfig(config, (outcome) => monitor.onTokenRequest(outcome)),
        );
      } catch (cause) {
        throw new PlmIntegrationError({ code: 'CONFIG_INVALID', cause });
      }
    }
    return transport;
  };

  const asOf = (): Date => new Date(clock.now());

  let usage: UsageOutbox | undefined;
  const outbox = (): UsageOutbox =>
    (usage ??= createUsageOutbox({
      store: options.usage?.store,
      path: config.usageOutboxPath,
      clock,
      // Delivery goes through the one breaker (not retried there: the outbox retries itself).
      deliver: (batch, { signal }) =>
        policy.execute(
          (attemptSignal) =>
            plm().submitUsage(batch, {
              idempotencyKey: batch.idempotencyKey,
              signal: attemptSignal ?? signal,
            }),
          { signal, idempotent: false },
        ),
      isPaused: () =>
        mode === 'disabled' || policy.circuitState === 'open' || policy.circuitState === 'isolated',
    }));
  if (options.usage !== undefined) outbox();

  const mrpProvenance = (
    started: number,
    fallbackReason: FallbackReason | undefined,
  ): Provenance => ({
    dataSource: 'mrp',
    mode,
    cache: 'none',
    ageMs: 0,
    plmCorrelationId: undefined,
    plmSchemaVersion: undefined,
    plmRevision: undefined,
    fallbackReason,
    durationMs: clock.now() - started,
    plmPayload: undefined,
    plmPayloadSha256: undefined,
  });

  /**
   * MRP's answer; `served: false` for a read nobody is served (shadow noise calibration). Not an
   * async function: a port that answers synchronously costs one resolved promise here, not an
   * async frame and its microtask on top of the port's own.
   */
  function fromMrp<T>(spec: ReadSpec<T>, started: number, served = true): Promise<Provenanced<T>> {
    let answer: MaybePromise<T | undefined>;
    try {
      answer = spec.mrp();
    } catch (cause) {
      return Promise.reject(mrpUnavailable(spec, cause));
    }
    if (isThenable(answer)) {
      return Promise.resolve(answer).then(
        (data) => {
          if (data === undefined) throw mrpMissing(spec);
          return mrpServed(data, started, served);
        },
        (cause: unknown) => {
          throw mrpUnavailable(spec, cause);
        },
      );
    }
    return answer === undefined
      ? Promise.reject(mrpMissing(spec))
      : Promise.resolve(mrpServed(answer, started, served));
  }

  function mrpServed<T>(data: T, started: number, served: boolean): Provenanced<T> {
    if (served) counters.mrpServed++;
    return { data, provenance: mrpProvenance(started, undefined) };
  }

  const mrpUnavailable = (spec: ReadSpec<unknown> | ReadSpec<never>, cause: unknown) =>
    new PlmIntegrationError({ code: 'MRP_UNAVAILABLE', cause, modelId: spec.id });
  const mrpMissing = (spec: ReadSpec<unknown> | ReadSpec<never>) =>
    new PlmIntegrationError({ code: 'MRP_DATA_MISSING', modelId: spec.id });

  /** Learns the catalog's `externalIds.mrp` pairs (once at a time). */
  function learnFromCatalog(signal: AbortSignal | undefined, correlationId: string): Promise<void> {
    learning ??= (async () => {
      let cursor: string | undefined;
      do {
        const page = await policy.execute(
          (attemptSignal) =>
            plm().getCatalogPage({ cursor }, { signal: attemptSignal ?? signal, correlationId }),
          { signal, idempotent: true },
        );
        if (page.notModified) break;
        learnModelIds(ids, page.payload);
        cursor = nextCursorOf(page.payload);
      } while (cursor !== undefined);
    })().finally(() => {
      learning = undefined;
    });
    return learning;
  }

  async function resolvePlmIds(
    spec: { readonly plmIds: () => readonly string[] },
    signal: AbortSignal | undefined,
    correlationId: string,
  ): Promise<readonly string[]> {
    try {
      return spec.plmIds();
    } catch (error) {
      if (tagOf(error) !== 'IdTranslationError') throw error;
    }
    // Learning needs PLM: with the circuit open, fall back at once instead.
    policy.rejectIfOpen();
    await learnFromCatalog(signal, correlationId);
    return spec.plmIds();
  }

  async function fromPlm<T>(
    spec: ReadSpec<T>,
    correlation: () => string,
    signal: AbortSignal | undefined,
    started: number,
    span?: Span,
    bypassCache = false,
  ): Promise<Provenanced<T>> {
    let plmIds: readonly string[];
    try {
      plmIds = spec.plmIds();
    } catch (error) {
      if (tagOf(error) !== 'IdTranslationError') throw error;
      plmIds = await resolvePlmIds(spec, signal, correlation());
    }
    const key = spec.key(plmIds);
    const tags = spec.tags(plmIds);
    // The shadow comparison's calibration reads PLM past the cache (same breaker, retry, timeout).
    const get = bypassCache
      ? async (
          _key: string,
          load: (attempt: AttemptContext) => Promise<CachedRead>,
        ): Promise<CacheResult<CachedRead>> => {
          let n = 0;
          return {
            value: await policy.execute((s) => load({ attempt: ++n, signal: s }), {
              signal,
              idempotent: true,
            }),
            status: 'miss',
            ageMs: 0,
          };
        }
      : policy.get.bind(policy);
    const read = await get(
      key,
      async ({ attempt: n, signal: attemptSignal }) => {
        const attempt = startAttemptSpan(spec.resource, span, config.baseUrl, n);
        let status: number | undefined;
        try {
          const wire = await spec.fetch(
            plmIds,
            attemptSignal ?? signal,
            correlation(),
            traceparentOf(attempt),
          );
          status = wire.status;
          const mapped = spec.map(wire.payload, wire.schemaVersion);
          endAttemptSpan(attempt, status);
          return {
            resource: spec.resource,
            payload: wire.payload,
            sha256: sha256Of(wire.payload),
            correlationId: wire.correlationId,
            schemaVersion: wire.schemaVersion,
            etag: wire.etag,
            revision: mapped.revision,
            data: mapped.data,
          };
        } catch (error) {
          lastErrors.set(key, error);
          // A payload that fails the contract or the adapter fails its attempt too.
          endAttemptSpan(attempt, status, error);
          throw error;
        }
      },
      signal === undefined ? { tags } : { signal, tags },
    );
    let fallbackReason: FallbackReason | undefined;
    if (read.status === 'stale-if-error') {
      const cause = lastErrors.get(key);
      fallbackReason =
        cause !== undefined
          ? fallbackReasonOf(cause)
          : policy.circuitState === 'closed'
            ? 'plm-error'
            : 'circuit-open';
      countFallback(fallbackReason);
      audit(spec, fallbackReason, 'stale-plm', correlation(), undefined, cause);
    }
    return plmServed<T>(
      key,
      read.value,
      policy.cacheEnabled ? read.status : 'none',
      read.ageMs,
      fallbackReason,
      clock.now() - started,
    );
  }

  /** What a PLM answer (fresh, cached or stale) serves: its data with its provenance. */
  function plmServed<T>(
    key: string,
    value: CachedRead,
    cache: ProvenanceCacheStatus,
    ageMs: number,
    fallbackReason: FallbackReason | undefined,
    durationMs: number,
  ): Provenanced<T> {
    if (lastErrors.size > 0) lastErrors.delete(key);
    counters.plmServed++;
    return {
      // The cache holds this read's key only, so the entry's data has this read's type.
      data: value.data as T,
      provenance: {
        dataSource: 'plm',
        mode,
        cache,
        ageMs,
        plmCorrelationId: value.correlationId,
        plmSchemaVersion: value.schemaVersion,
        plmRevision: value.revision,
        fallbackReason,
        durationMs,
        plmPayload: value.payload,
        plmPayloadSha256: value.sha256,
      },
    };
  }

  function countFallback(reason: FallbackReason): void {
    counters.fallbacks[reason] = (counters.fallbacks[reason] ?? 0) + 1;
    if (reason === 'not-in-plm') counters.notInPlm++;
    if (reason === 'contract-drift' || reason === 'untranslatable-id') counters.contractDrift++;
  }

  function audit(
    spec: ReadSpec<unknown> | ReadSpec<never>,
    reason: FallbackReason,
    servedBy: 'stale-plm' | 'mrp' | 'error',
    correlationId: string,
    caller: PlmCaller | undefined,
    cause: unknown,
  ): void {
    const issues =
      reason === 'contract-drift' || reason === 'untranslatable-id'
        ? issuePathsOf(cause)
        : undefined;
    emit({
      type: 'read.fell-back',
      at: clock.now(),
      resource: spec.resource,
      modelId: spec.modelId ?? spec.id,
      reason,
      servedBy,
      correlationId,
      caller,
      ...(issues === undefined ? {} : { issues }),
    });
    const line = {
      event: 'read.fell-back',
      resource: spec.resource,
      modelId: spec.modelId ?? spec.id,
      reason,
      servedBy,
      correlationId,
      ...(issues === undefined ? {} : { issues }),
      ...(cause === undefined ? {} : { error: describe(cause) }),
    };
    if (reason === 'contract-drift') logger.error(line, 'PLM data failed the contract; not served');
    else logger.warn(line, `PLM read fell back (${reason})`);
  }

  function read<T>(spec: ReadSpec<T>, ctx: ReadContext = NO_CONTEXT): Promise<Provenanced<T>> {
    if (tracingRegistered()) return tracedRead(spec, ctx);
    // Without an SDK a span records nothing, and a warm hit or an MRP read needs no correlation id
    // from it: a span (the carrier of the caller's trace id) is started only when PLM is asked.
    return warmRead(spec, undefined) ?? readIn(spec, ctx, undefined);
  }

  /** A read with an OpenTelemetry SDK registered: one span around it, warm or not. */
  function tracedRead<T>(spec: ReadSpec<T>, ctx: ReadContext): Promise<Provenanced<T>> {
    const span = startReadSpan(spec.resource, spec.id, ctx.traceparent);
    const warm = warmRead(spec, span);
    if (warm !== undefined) return warm;
    const served = readIn(spec, ctx, span);
    if (!span.isRecording()) return served;
    return served.then(
      (result) => {
        endReadSpan(span, result.provenance);
        return result;
      },
      (error: unknown) => {
        endReadSpan(span, undefined, error);
        throw error;
      },
    );
  }

  /**
   * The warm path: PLM is primary for this read and the cache holds a fresh answer that it can give
   * synchronously. Served with what `readIn` would report (same counters, provenance and health
   * figures; a `cache.served` event to the host's telemetry listeners when there are any; `span`
   * ended) but without its promise chain; `undefined` sends the read to `readIn` (closed, mode
   * still loading, not PLM-primary, an id to learn, a miss, stale, a load in flight). The answer
   * is resolved here, where it is made: the compiler then sees it is no thenable and resolves the
   * promise inline instead of calling the generic `Promise.resolve`.
   *
   * Kept small, with its rare branches in functions of their own (`allowlisted`, `warmKeyOf`):
   * V8 inlines a call chain up to a bytecode budget, and on a path near it the cache lookup was
   * left out or not from one run to the next (warm reads 1.5–1.9x a bare cache hit, by run).
   */
  function warmRead<T>(
    spec: ReadSpec<T>,
    span: Span | undefined,
  ): Promise<Provenanced<T>> | undefined {
    if (!warmable || (allowSet.size !== 0 && !allowlisted(spec))) return undefined;
    const key = spec.cacheKey ?? warmKeyOf(spec);
    if (key === undefined) return undefined;
    // One clock read serves as the read's start and the cache's freshness check (same clock).
    const started = clock.now();
    // While only the health monitor listens to the telemetry, the hit is counted in place rather
    // than built as a `cache.served` event and dispatched to every listener.
    const report = telemetryListeners > 0;
    const hit = cache!.peek(key, started, report);
    if (hit === undefined) return undefined;
    if (!report) monitor.countCacheHit(started);
    counters.reads[spec.resource]++;
    // Answered synchronously, within the clock's millisecond: a second clock read would measure 0.
    const served = plmServed<T>(key, hit.value, 'hit', hit.ageMs, undefined, 0);
    if (span !== undefined) endReadSpan(span, served.provenance);
    return Promise.resolve(served);
  }

  /** Whether the allowlist (not empty) names the read's model. */
  function allowlisted(spec: ReadSpec<unknown> | ReadSpec<never>): boolean {
    return spec.modelId !== undefined && allowSet.has(spec.modelId);
  }

  /** The cache key of a read that keeps none, or `undefined` when an id must be learned first. */
  function warmKeyOf(spec: ReadSpec<unknown> | ReadSpec<never>): string | undefined {
    try {
      return spec.key(spec.plmIds());
    } catch {
      return undefined; // an id to learn from the catalog: readIn does it
    }
  }

  /**
   * A read past the warm path. `span`: the read's span when an SDK is registered; without one, a
   * (non-recording) span is started only if PLM is asked, as the carrier of the caller's trace id
   * (an MRP read needs none).
   */
  async function readIn<T>(
    spec: ReadSpec<T>,
    ctx: ReadContext,
    span: Span | undefined,
  ): Promise<Provenanced<T>> {
    if (closed) throw closedError();
    // Only until the shared mode's first load has settled (a single check afterwards).
    if (modeLoading !== undefined) await modeLoading;
    const started = clock.now();
    counters.reads[spec.resource]++;
    const currentMode = mode;
    const plmPrimary = currentMode === 'enabled' && (allowSet.size === 0 || allowlisted(spec));
    if (!plmPrimary) {
      const result = await fromMrp(spec, started);
      if (currentMode === 'shadow') scheduleShadow(spec, result, ctx);
      return result;
    }
    const readSpan = span ?? startReadSpan(spec.resource, spec.id, ctx.traceparent);
    const correlation = correlationOf(ctx.traceparent, readSpan);
    try {
      return await fromPlm(spec, correlation, ctx.signal, started, readSpan);
    } catch (error) {
      if (ctx.signal?.aborted === true) throw toPlmIntegrationError(error, { modelId: spec.id });
      if (error instanceof PlmIntegrationError && error.code === 'CONFIG_INVALID') throw error;
      const reason = fallbackReasonOf(error);
      countFallback(reason);
      const mapped =
        reason === 'untranslatable-id' &&
        tagOf(error) === 'IdTranslationError' &&
        spec.modelId === spec.id
          ? new PlmIntegrationError({ code: 'MODEL_NOT_IN_PLM', cause: error, modelId: spec.id })
          : toPlmIntegrationError(error, { modelId: spec.id, now: clock.now() });
      if (!config.fallbackEnabled) {
        audit(spec, reason, 'error', correlation(), ctx.caller, error);
        throw mapped;
      }
      let data: T | undefined;
      try {
        data = await spec.mrp();
      } catch (cause) {
        audit(spec, reason, 'error', correlation(), ctx.caller, error);
        throw new PlmIntegrationError({ code: 'MRP_UNAVAILABLE', cause, modelId: spec.id });
      }
      if (data === undefined) {
        audit(spec, reason, 'error', correlation(), ctx.caller, error);
        throw mapped;
      }
      audit(spec, reason, 'mrp', correlation(), ctx.caller, error);
      counters.mrpServed++;
      return { data, provenance: mrpProvenance(started, reason) };
    }
  }

  const shadowHooks: readonly ((read: ShadowRead) => void | Promise<void>)[] = [
    ...(options.shadow === undefined
      ? []
      : [(read: ShadowRead) => options.shadow?.onShadowRead(read)]),
    ...(options.onShadowRead === undefined ? [] : [options.onShadowRead]),
  ];
  /**
   * Sampled reads not handed over yet. The request path only appends here (one hash, one small
   * object); the reads are handed over together by a timer that keeps ticking every
   * {@link SHADOW_HAND_OVER_MS} while sampled reads keep coming, so under load no read arms
   * anything. Only the first sampled read after a quiet tick arms the timer again. (Handing over
   * in a `setImmediate` or `process.nextTick` per turn cost each read more than the rest of
   * shadow mode together: with reads one per event-loop turn, every read armed one.)
   */
  let shadowPending: {
    readonly spec: ReadSpec<unknown>;
    readonly result: Provenanced<unknown>;
    readonly ctx: ReadContext;
  }[] = [];

  function scheduleShadow<T>(spec: ReadSpec<T>, result: Provenanced<T>, ctx: ReadContext): void {
    if (shadowHooks.length === 0 || !inSample(spec.modelId ?? spec.id, config.shadowSampleRate)) {
      return;
    }
    counters.shadowReads++;
    shadowPending.push({ spec, result, ctx });
    if (shadowTimer === undefined) armShadowHandOver();
    // A burst bigger than a tick's worth is handed over at once (after the caller's continuation).
    else if (shadowPending.length === SHADOW_PENDING_MAX) process.nextTick(handOverShadowReads);
  }

  /** The hand-over tick: a real-time timer (not the clock's: it times no decision), unref'd. */
  let shadowTimer: ReturnType<typeof setTimeout> | undefined;
  function armShadowHandOver(): void {
    shadowTimer = setTimeout(onShadowTick, SHADOW_HAND_OVER_MS);
    shadowTimer.unref();
  }
  function onShadowTick(): void {
    shadowTimer = undefined;
    if (shadowPending.length === 0 || closed) return; // quiet: the next sampled read re-arms it
    handOverShadowReads();
    armShadowHandOver();
  }

  /** Hands the pending sampled reads to the hooks now (the tick, a burst, or the comparison's `idle()`). */
  function handOverShadowReads(): void {
    if (shadowPending.length === 0) return;
    const batch = shadowPending;
    shadowPending = [];
    if (closed) return;
    for (const { spec, result, ctx } of batch) {
      const read = shadowReadOf(spec, result, ctx);
      for (const hook of shadowHooks) {
        try {
          const pending = hook(read);
          if (pending !== undefined) Promise.resolve(pending).catch(shadowHookFailed);
        } catch (error) {
          shadowHookFailed(error);
        }
      }
    }
  }

  function shadowHookFailed(error: unknown): void {
    logger.warn({ event: 'shadow.hook-failed', error: describe(error) }, 'onShadowRead threw');
  }

  function shadowReadOf<T>(
    spec: ReadSpec<T>,
    result: Provenanced<T>,
    ctx: ReadContext,
  ): ShadowRead {
    const correlationId = correlationIdFor(ctx.traceparent) ?? randomUUID();
    const readPlm = async (readOptions: ShadowPlmReadOptions = {}): Promise<Provenanced<T>> => {
      const started = clock.now();
      try {
        return await fromPlm(
          spec,
          () => correlationId,
          readOptions.signal,
          started,
          undefined,
          readOptions.bypassCache === true,
        );
      } catch (error) {
        throw toPlmIntegrationError(error, { modelId: spec.id, now: clock.now() });
      }
    };
    const readMrp = (): Promise<Provenanced<T>> => fromMrp(spec, clock.now(), false);
    return {
      resource: spec.resource,
      id: spec.id,
      mrp: result,
      readPlm,
      readMrp,
      correlationId,
    } as ShadowRead;
  }

  const modelSpec = (mrpModelId: string): ReadSpec<MrpModelConfig> => {
    // Translated once (a translation does not change): a warm read reads `cacheKey` only.
    let plmIds: readonly string[] | undefined;
    const spec: ReadSpec<MrpModelConfig> & { cacheKey: string | undefined } = {
      resource: 'modelConfig',
      id: mrpModelId,
      modelId: mrpModelId,
      cacheKey: undefined,
      plmIds: () => {
        if (plmIds === undefined) {
          const plmId = ids.toPlm(mrpModelId, 'model');
          plmIds = [plmId];
          spec.cacheKey = `model:${plmId}`;
        }
        return plmIds;
      },
      key: (plmIds) => `model:${plmIds[0]}`,
      tags: (plmIds) => [`model:${plmIds[0]}`],
      fetch: ([plmId], signal, correlationId, traceparent) =>
        plm().getModelConfig(plmId!, { signal, correlationId, traceparent }),
      map: (payload, schemaVersion) => {
        const mapped = mapModelConfigPayload(payload, { ids, schemaVersion, asOf: asOf() });
        for (const trim of mapped.data.trims)
          if (trim.plmId) trimModels.set(trim.plmId, mrpModelId);
        return mapped;
      },
      mrp: () => mrp.getModelConfig(mrpModelId),
    };
    return spec;
  };

  // One spec per model, built once: the hot path (a warm cache hit) allocates no closures.
  const modelSpecs = new Map<string, ReadSpec<MrpModelConfig>>();
  const modelSpecOf = (mrpModelId: string): ReadSpec<MrpModelConfig> =>
    modelSpecs.get(mrpModelId) ?? newModelSpec(mrpModelId);
  /** A model's first spec (apart from `modelSpecOf`, which the warm path inlines: kept small). */
  const newModelSpec = (mrpModelId: string): ReadSpec<MrpModelConfig> => {
    const spec = modelSpec(mrpModelId);
    if (modelSpecs.size < 100_000) modelSpecs.set(mrpModelId, spec);
    return spec;
  };

  /** Mode sharing between instances (see `modeStore`). */
  const modeStore = options.modeStore;
  const instanceId = randomUUID();
  /** The version of the stored change this instance's mode reflects (0: none). */
  let modeVersion = 0;
  let modeLoading: Promise<void> | undefined;

  function updateWarmable(): void {
    warmable = !closed && modeLoading === undefined && mode === 'enabled' && policy.cacheEnabled;
  }

  function applyMode(change: PlmModeChange, via: 'setMode' | 'modeStore'): void {
    const from = mode;
    const previousModels = allowlist;
    mode = change.mode;
    updateWarmable();
    if (change.models !== allowlist) {
      allowlist = Object.freeze([...change.models]);
      allowSet = new Set(allowlist);
    }
    const { by, reason } = change;
    emit({
      type: 'mode.changed',
      at: clock.now(),
      from,
      to: mode,
      models: allowlist,
      previousModels,
      by,
      reason,
      via,
    });
    logger.info(
      { event: 'mode.changed', from, to: mode, models: allowlist, by, reason, via },
      `PLM mode ${from} → ${mode}`,
    );
  }

  const canCallPlm = (): boolean =>
    options.client !== undefined ||
    (config.baseUrl !== undefined &&
      config.clientId !== undefined &&
      config.clientSecret !== undefined);

  const sameAsCurrent = (change: PlmModeChange): boolean =>
    change.mode === mode &&
    change.models.length === allowlist.length &&
    change.models.every((id, i) => allowlist[i] === id);

  /** A change stored by any instance: applied when it is newer than what this instance reflects. */
  function onStoredChange(record: PlmModeRecord): void {
    if (closed || record.version <= modeVersion) return;
    modeVersion = record.version;
    // This instance's own change came back: already applied (and audited) by setMode.
    if (record.origin === instanceId && sameAsCurrent(record)) return;
    if (record.mode !== 'disabled' && !canCallPlm()) {
      // This instance has no PLM connection settings: it stays on MRP data rather than failing.
      logger.error(
        { event: 'mode.share-refused', to: record.mode, by: record.by, reason: record.reason },
        'shared PLM mode change not applied: PLM connection settings are missing here',
      );
      return;
    }
    applyMode(record, 'modeStore');
  }

  function shareMode(store: PlmModeStore, next: PlmMode, by: string, reason: string): void {
    const change: PlmModeChange = {
      mode: next,
      models: allowlist,
      by,
      reason,
      at: clock.now(),
      origin: instanceId,
    };
    store.save(change).then(
      (version) => onStoredChange({ ...change, version }),
      (error: unknown) => {
        logger.error(
          { event: 'mode.share-failed', to: next, by, reason, error: describe(error) },
          'PLM mode change not shared with the other instances',
        );
      },
    );
  }

  const unsubscribeModeStore = modeStore?.subscribe(onStoredChange);
  if (modeStore !== undefined) {
    modeLoading = modeStore
      .load()
      .then(
        (record) => {
          if (record !== undefined) onStoredChange(record);
        },
        (error: unknown) => {
          logger.error(
            { event: 'mode.load-failed', mode, error: describe(error) },
            'stored PLM mode not loaded; the configured mode applies',
          );
        },
      )
      .finally(() => {
        modeLoading = undefined;
        updateWarmable();
      });
  }
  updateWarmable();

  // The two getters are defined after the literal, not in it: V8 gives an object literal with an
  // accessor dictionary properties, and every `integration.getModelConfig(…)` then paid a hash
  // lookup (a generic load IC) before the read began, in every mode.
  const methods: Omit<PlmIntegration, 'mode' | 'enabledForModels'> = {
    getModelConfig: (mrpModelId, ctx) => read(modelSpecOf(mrpModelId), ctx),
    getCatalog: (ctx) =>
      read<MrpCatalog>(
        {
          resource: 'catalog',
          id: '*',
          // The catalog is PLM's only when PLM is primary for every model.
          modelId: undefined,
          plmIds: () => [],
          key: () => 'catalog',
          tags: () => ['catalog'],
          fetch: (_ids, signal, correlationId, traceparent) =>
            fetchCatalog(signal, correlationId, traceparent),
          map: (payload, schemaVersion) => {
            // A 304 hands back the last payload object: keep its mapping instead of redoing it.
            if (lastCatalogMapped !== undefined && lastCatalogMapped.payload === payload) {
              return lastCatalogMapped.mapped;
            }
            learnModelIds(ids, payload);
            const mapped = mapCatalogPayload(payload, { ids, schemaVersion, asOf: asOf() });
            for (const model of mapped.data.models) {
              for (const trim of model.trims) if (trim.plmId) trimModels.set(trim.plmId, model.id);
            }
            lastCatalogMapped = { payload, mapped };
            catalogMappings++;
            return mapped;
          },
          mrp: async () => {
            const models = [...(await mrp.listModels())];
            return { models, nextCursor: null, totalCount: models.length };
          },
        },
        ctx,
      ),
    getTrim: (mrpTrimId, ctx) => {
      let plmTrimId: string | undefined;
      try {
        plmTrimId = ids.toPlm(mrpTrimId, 'trim');
      } catch {
        plmTrimId = undefined;
      }
      return read<MrpTrim>(
        {
          resource: 'trim',
          id: mrpTrimId,
          // With an allowlist, a trim is PLM's only when its model is known to be allowlisted
          // (learned from model configs and the catalog read before).
          modelId: plmTrimId === undefined ? undefined : trimModels.get(plmTrimId),
          plmIds: () => [ids.toPlm(mrpTrimId, 'trim')],
          key: ([id]) => `trim:${id}`,
          tags: () => ['trims'],
          fetch: ([id], signal, correlationId, traceparent) =>
            plm().getTrim(id!, { signal, correlationId, traceparent }),
          map: (payload, schemaVersion) =>
            mapTrimPayload(payload, { ids, schemaVersion, asOf: asOf() }),
          mrp: () => mrp.getTrim(mrpTrimId),
        },
        ctx,
      );
    },
    listFeatures: (query, ctx) =>
      read<MrpFeature[]>(
        {
          resource: 'features',
          id: query.modelId,
          modelId: query.modelId,
          plmIds: () =>
            query.trimId === undefined
              ? [ids.toPlm(query.modelId, 'model')]
              : [ids.toPlm(query.modelId, 'model'), ids.toPlm(query.trimId, 'trim')],
          key: ([model, trim]) => `features:${model}:${trim ?? '*'}`,
          tags: ([model]) => [`model:${model}`],
          fetch: ([model, trim], signal, correlationId, traceparent) =>
            plm().listFeatures(
              { modelId: model!, trimId: trim },
              { signal, correlationId, traceparent },
            ),
          map: (payload, schemaVersion) =>
            mapFeatureListPayload(payload, { ids, schemaVersion, asOf: asOf() }),
          mrp: async () => {
            const features = await mrp.listFeatures(query);
            return features === undefined ? undefined : [...features];
          },
        },
        ctx,
      ),
    setMode(next, { models, by, reason }) {
      if (closed) throw closedError();
      if (next !== 'disabled' && !canCallPlm()) {
        throw new PlmIntegrationError({ code: 'CONFIG_INVALID' });
      }
      if (models?.some((id) => !MODEL_ID.test(id)) === true) {
        throw new PlmIntegrationError({ code: 'CONFIG_INVALID' });
      }
      applyMode(
        {
          mode: next,
          models: models === undefined ? allowlist : Object.freeze([...models]),
          by,
          reason,
          at: clock.now(),
          origin: instanceId,
        },
        'setMode',
      );
      if (modeStore !== undefined) shareMode(modeStore, next, by, reason);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    subscribeTelemetry(listener) {
      const unsubscribe = policy.subscribe(listener);
      telemetryListeners++;
      let subscribed = true;
      return () => {
        if (!subscribed) return;
        subscribed = false;
        telemetryListeners--;
        unsubscribe();
      };
    },
    async invalidateModels(plmModelIds) {
      await Promise.all([
        ...plmModelIds.map((id) => policy.invalidateTag(`model:${id}`)),
        policy.invalidateTag('catalog'),
        // A trim's model is not part of its key; trims are few and cheap to reload.
        policy.invalidateTag('trims'),
      ]);
    },
    stats: () => ({
      reads: { ...counters.reads },
      plmServed: counters.plmServed,
      mrpServed: counters.mrpServed,
      fallbacks: { ...counters.fallbacks },
      notInPlm: counters.notInPlm,
      contractDrift: counters.contractDrift,
      shadowReads: counters.shadowReads,
      catalogMappings,
      circuit: policy.circuitState,
    }),
    async recordUsage(event, tx) {
      if (closed) throw closedError();
      try {
        await outbox().record(event, tx);
      } catch (error) {
        throw toPlmIntegrationError(error);
      }
    },
    async usageStats() {
      if (closed) throw closedError();
      try {
        return await outbox().stats();
      } catch (error) {
        throw toPlmIntegrationError(error);
      }
    },
    health: () => monitor.snapshot(),
    countDeprecatedRead: (name) => monitor.countDeprecatedRead(name),
    shadowMismatches: (filter) => options.shadow?.recentMismatches(filter) ?? [],
    resetGuard: ({ by, reason }) => monitor.resetGuard(by, reason),
    isolateCircuit: (action) => circuitAdmin('isolate', action),
    resetCircuit: (action) => circuitAdmin('reset', action),
    async close() {
      if (closed) return;
      closed = true;
      updateWarmable();
      clearTimeout(shadowTimer);
      shadowPending = [];
      monitor.close();
      unsubscribeBreaker();
      unsubscribeModeStore?.();
      try {
        await usage?.close(options.usage?.drainTimeoutMs ?? 5_000);
      } finally {
        listeners.clear();
        await policy.close();
      }
    },
  };
  const api = Object.defineProperties(methods, {
    mode: { get: () => mode, enumerable: true, configurable: true },
    enabledForModels: { get: () => allowlist, enumerable: true, configurable: true },
  }) as PlmIntegration;

  function circuitAdmin(action: 'isolate' | 'reset', { by, reason }: PlmOperatorAction): void {
    if (closed) throw closedError();
    if (action === 'isolate') policy.isolateCircuit();
    else policy.resetCircuit();
    emit({ type: 'circuit.admin', at: clock.now(), action, by, reason });
    logger.warn({ event: 'circuit.admin', action, by, reason }, `PLM circuit ${action} by ${by}`);
  }

  const monitor: HealthMonitor = createHealthMonitor({
    config,
    clock,
    logger,
    options: options.health,
    shadow: options.shadow,
    mode: () => mode,
    enabledForModels: () => allowlist,
    circuitState: () => policy.circuitState,
    stats: () => api.stats(),
    cacheEntries: () => policy.cacheEntries(),
    // Never creates the outbox: a host that records no usage gets no SQLite file.
    usageStats: () => usage?.stats(),
    subscribeTelemetry: (listener) => policy.subscribe(listener),
    subscribe: (listener) => api.subscribe(listener),
    emit,
    setMode: (next, action) => api.setMode(next, action),
  });

  /** All catalog pages as one contract-shaped page; a 304 on the first page keeps the last one. */
  let lastCatalog: PlmWireResponse | undefined;
  let lastCatalogMapped: { payload: unknown; mapped: Mapped<MrpCatalog> } | undefined;
  async function fetchCatalog(
    signal: AbortSignal | undefined,
    correlationId: string,
    traceparent: string | undefined,
  ): Promise<PlmWireResponse> {
    const first = await plm().getCatalogPage(
      { ifNoneMatch: lastCatalog?.etag },
      { signal, correlationId, traceparent },
    );
    if (first.notModified) {
      if (lastCatalog !== undefined) return lastCatalog;
      throw new PlmIntegrationError({
        code: 'PLM_DATA_INVALID',
        correlationId: first.correlationId,
      });
    }
    const items: unknown[] = [];
    let page = first;
    let total: unknown;
    for (;;) {
      const payload = page.payload as { items?: unknown; totalCount?: unknown };
      if (Array.isArray(payload.items)) items.push(...(payload.items as unknown[]));
      total = payload.totalCount;
      const cursor = nextCursorOf(page.payload);
      if (cursor === undefined) break;
      const next = await plm().getCatalogPage({ cursor }, { signal, correlationId, traceparent });
      if (next.notModified) break;
      page = next;
    }
    await learnTrimAndFeatureIds(items, signal);
    const merged: PlmWireResponse = {
      payload: {
        items,
        nextCursor: null,
        totalCount: typeof total === 'number' ? total : items.length,
      },
      correlationId: first.correlationId,
      schemaVersion: first.schemaVersion,
      etag: first.etag,
    };
    lastCatalog = merged;
    return merged;
  }

  /**
   * The catalog's trim and feature summaries carry no `externalIds` (the contract's summaries
   * have none), so a model whose trims only PLM's `externalIds.mrp` know is mapped once through
   * its full configuration (cached like any read), which teaches the translator its ids.
   */
  async function learnTrimAndFeatureIds(
    items: readonly unknown[],
    signal: AbortSignal | undefined,
  ): Promise<void> {
    const unknownModels: string[] = [];
    for (const item of items) {
      const model = item as {
        id?: unknown;
        externalIds?: { mrp?: unknown };
        trims?: { id?: unknown }[];
        features?: { id?: unknown }[];
      };
      if (typeof model.id !== 'string') continue;
      const translatable = (id: unknown, kind: 'trim' | 'feature'): boolean => {
        if (typeof id !== 'string') return true;
        try {
          ids.toMrp(id, kind);
          return true;
        } catch {
          return false;
        }
      };
      const complete =
        (model.trims ?? []).every((t) => translatable(t.id, 'trim')) &&
        (model.features ?? []).every((f) => translatable(f.id, 'feature'));
      if (complete) continue;
      const mrpId = typeof model.externalIds?.mrp === 'string' ? model.externalIds.mrp : undefined;
      let mrpModelId = mrpId;
      if (mrpModelId === undefined) {
        try {
          mrpModelId = ids.toMrp(model.id, 'model');
        } catch {
          continue;
        }
      }
      unknownModels.push(mrpModelId);
    }
    await Promise.all(
      unknownModels.map((mrpModelId) =>
        fromPlm(modelSpec(mrpModelId), randomUUID, signal, clock.now()).catch(() => undefined),
      ),
    );
  }

  return api;
}

function describe(error: unknown): { code: string; tag: string | undefined; message: string } {
  const mapped = toPlmIntegrationError(error);
  const cause = mapped.cause;
  return {
    code: mapped.code,
    tag: tagOf(cause),
    message: cause instanceof Error ? cause.message : mapped.message,
  };
}
