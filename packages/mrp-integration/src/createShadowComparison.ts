import type { PlmResource } from './AuditEvent.js';
import type { ShadowRead } from './createPlmIntegration.js';
import {
  bomsFromPayload,
  bomsFromRows,
  diffNodes,
  modelConfigNode,
  resourceNodes,
  type NormalisedBoms,
  type Node,
  type RawDifference,
} from './internal/shadowDiff.js';
import type { MrpConfigurableModel, MrpModelConfig } from './internal/adapter.js';
import { systemClock, type Clock } from './internal/policy.js';
import type { MaybePromise } from './MrpProductPort.js';
import { PlmIntegrationError } from './PlmIntegrationError.js';
import { silentLogger, type PlmLogger } from './PlmLogger.js';
import type { Provenanced } from './Provenance.js';
import {
  createMemoryShadowMismatchStore,
  type ShadowMismatchStore,
} from './ShadowMismatchStore.js';
import { checkShadowOptions } from './ShadowOptionsError.js';
import type {
  ShadowComparisonResults,
  ShadowDifference,
  ShadowMismatch,
  ShadowMismatchFilter,
  ShadowPathStats,
  ShadowSeverity,
  ShadowSkipReason,
  ShadowStats,
} from './ShadowResult.js';

/** What a shadow ignore rule sees besides the difference. */
export interface ShadowIgnoreContext {
  readonly resource: PlmResource;
  /** MRP model id (trim id for a trim read, `*` for the catalog). */
  readonly modelId: string;
  /** The path with list keys generalised, e.g. `features[id=*].name`. */
  readonly generalPath: string;
}

/**
 * A difference to leave out (Scientist's `ignore`): a path pattern, matched against the path and
 * its generalised form, where `*` matches any run of characters (`*.description`,
 * `boms[trim=*].lines[partNumber=*].findNumber`); or a predicate.
 */
export type ShadowIgnoreRule =
  string | ((difference: ShadowDifference, context: ShadowIgnoreContext) => boolean);

/** Noise calibration, as Twitter's Diffy does it. */
export interface ShadowNoiseOptions {
  /**
   * Share of comparisons that are calibrated: PLM is read twice past the cache and MRP twice, and
   * every path that differs between two reads of one side counts as noise. Chosen by a
   * deterministic counter (every `1/rate`-th comparison), not at random.
   * @default 0.05
   */
  readonly calibrationRate?: number | undefined;
  /**
   * A path is drift only when its difference rate exceeds `multiplier × noise rate + margin`
   * (a path never seen to be noisy is drift on its first difference).
   * @default 1.5
   */
  readonly multiplier?: number | undefined;
  /** @default 0.01 */
  readonly margin?: number | undefined;
}

/** Options of {@link createShadowComparison}. */
export interface ShadowComparisonOptions {
  /**
   * MRP's BOM rows of a model (the adapter's `MrpConfigurableModel`, i.e. any `MrpModelRow`), so
   * model reads compare BOMs too: PLM's BOMs come from the raw payload of the same answer. A
   * model it returns `undefined` for is compared without BOMs.
   * @default undefined (BOMs are not compared)
   */
  readonly mrpBoms?:
    ((mrpModelId: string) => MaybePromise<MrpConfigurableModel | undefined>) | undefined;
  /** Comparisons running at once (each reads PLM). @default 2 */
  readonly maxConcurrent?: number | undefined;
  /** Sampled reads waiting for a slot; beyond it a read is skipped (`queue-full`). @default 100 */
  readonly queueSize?: number | undefined;
  /**
   * Time a comparison may spend on its PLM (and calibration) reads, ms on the clock; then it is
   * skipped (`plm-timeout`) and its reads are aborted.
   * @default 10000
   */
  readonly timeoutMs?: number | undefined;
  /** Differences to leave out. @default [] */
  readonly ignore?: readonly ShadowIgnoreRule[] | undefined;
  /**
   * Cleans or redacts each reported value before it is stored or logged (Scientist's `clean`).
   * @default the value unchanged
   */
  readonly clean?: ((value: unknown, path: string) => unknown) | undefined;
  /** @default { calibrationRate: 0.05, multiplier: 1.5, margin: 0.01 } */
  readonly noise?: ShadowNoiseOptions | undefined;
  /** Where recent mismatches are kept. @default createMemoryShadowMismatchStore() */
  readonly store?: ShadowMismatchStore | undefined;
  /**
   * Share of mismatches logged (one `shadow.mismatch` line each, every `1/rate`-th one).
   * @default 1
   */
  readonly logSampleRate?: number | undefined;
  /** Paths in {@link ShadowStats.topPaths}. @default 20 */
  readonly topPaths?: number | undefined;
  /** @default the integration's clock (systemClock before it is attached) */
  readonly clock?: Clock | undefined;
  /** A pino-compatible logger. @default the integration's logger (silent before it is attached) */
  readonly logger?: PlmLogger | undefined;
}

/** Counters of one model. */
export interface ShadowModelStats {
  readonly modelId: string;
  readonly compared: number;
  /** Comparisons with at least one reported difference. */
  readonly mismatched: number;
  /** Comparisons with at least one reported critical difference. */
  readonly critical: number;
  /** Whether the latest comparison reported a difference. */
  readonly lastMismatched: boolean;
  /** Epoch ms (clock) of the latest comparison. */
  readonly lastAt: number;
}

/** What the integration gives the comparison when it is plugged in. */
export interface ShadowHost {
  readonly clock: Clock;
  readonly logger: PlmLogger;
  /** `PLM_SHADOW_SAMPLE_RATE`. */
  readonly sampleRate: number;
  /**
   * Hands the sampled reads the integration has not handed over yet to the comparison now
   * (`idle()` calls it; the integration otherwise hands them over within about 2 ms).
   */
  readonly handOver?: (() => void) | undefined;
}

/** The shadow comparison; see {@link createShadowComparison}. */
export interface ShadowComparison extends ShadowComparisonResults {
  /** Takes one sampled read (never awaited by the request path; returns at once). */
  onShadowRead(read: ShadowRead): void;
  /** Called by `createPlmIntegration` with its clock, logger and sample rate. */
  attach(host: ShadowHost): void;
  /** Counters of one model, or `undefined` before its first comparison. */
  modelStats(modelId: string): ShadowModelStats | undefined;
  /**
   * Resolves when every sampled read so far is compared or skipped (reads that finished before
   * the call and that the integration has not handed over yet are handed over first).
   */
  idle(): Promise<void>;
  /** Stops taking reads, aborts the PLM reads in flight and waits for them to settle. */
  close(): Promise<void>;
}

const SKIP_REASONS: readonly ShadowSkipReason[] = [
  'queue-full',
  'plm-failed',
  'plm-timeout',
  'mrp-failed',
];

/** Internal: ends a comparison's reads (its timeout, or close()); counted as `plm-timeout`. */
class ShadowTimeout extends Error {
  readonly _tag = 'ShadowReadTimeoutError' as const;
}

/** `*` matches any run of characters; everything else literally. */
function globOf(pattern: string): RegExp {
  return new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
}

/** Every `1/rate`-th call says yes (deterministic, exact over time). */
function everyNth(rate: number): () => boolean {
  let n = 0;
  return () => {
    n++;
    return Math.floor(n * rate) > Math.floor((n - 1) * rate);
  };
}

const rate = (n: number | undefined): boolean => typeof n === 'number' && n >= 0 && n <= 1;
const intAtLeast = (n: number | undefined, min: number): boolean =>
  Number.isInteger(n) && (n ?? 0) >= min;

interface PathCounter {
  readonly path: string;
  severity: ShadowSeverity;
  count: number;
  noise: number;
}

interface Sides {
  readonly mrp: Node;
  readonly plm: Node;
}

/**
 * Creates the shadow comparison: plugged into `createPlmIntegration({ shadow })`, it gets every
 * sampled read of `shadow` mode after the caller already has its MRP answer, reads the same item
 * from PLM (its own timeout, a bounded queue: when full the read is skipped and counted, never
 * awaited), normalises both sides as MRP DTOs and records each difference with its path, both
 * values and a severity. A small calibrated sample reads each side twice so paths that differ
 * between two reads of the same side (noise) are not reported as drift.
 *
 * @throws {@link ShadowOptionsError} listing every invalid option.
 * @example
 * ```ts
 * import {
 *   createPlmIntegration,
 *   createShadowComparison,
 *   loadPlmConfig,
 *   type MrpProductPort,
 * } from '@mrp-plm/mrp-integration';
 * import type { MrpModelRow } from '@mrp-plm/adapter';
 *
 * declare const mrpTables: MrpProductPort;
 * declare const bomRows: (mrpModelId: string) => MrpModelRow | undefined;
 *
 * const comparison = createShadowComparison({
 *   mrpBoms: bomRows,
 *   ignore: ['*.description'],
 *   clean: (value, path) => (path.endsWith('.basePrice.amount') ? '[price]' : value),
 * });
 * const integration = createPlmIntegration({
 *   config: loadPlmConfig(), // PLM_MODE=shadow PLM_SHADOW_SAMPLE_RATE=0.1 …
 *   mrp: mrpTables,
 *   shadow: comparison,
 * });
 * await integration.getModelConfig('M-1001'); // MRP data, at MRP speed
 * const { diffRate, criticalDiffRate, topPaths } = comparison.stats();
 * console.log(diffRate, criticalDiffRate, topPaths[0]?.path);
 * await comparison.close();
 * await integration.close();
 * ```
 */
export function createShadowComparison(options: ShadowComparisonOptions = {}): ShadowComparison {
  const noiseOptions = options.noise ?? {};
  checkShadowOptions([
    [
      'maxConcurrent',
      options.maxConcurrent,
      intAtLeast(options.maxConcurrent, 1),
      'an integer ≥ 1',
    ],
    ['queueSize', options.queueSize, intAtLeast(options.queueSize, 0), 'an integer ≥ 0'],
    ['timeoutMs', options.timeoutMs, intAtLeast(options.timeoutMs, 1), 'an integer ≥ 1 (ms)'],
    ['logSampleRate', options.logSampleRate, rate(options.logSampleRate), 'a number from 0 to 1'],
    ['topPaths', options.topPaths, intAtLeast(options.topPaths, 0), 'an integer ≥ 0'],
    [
      'noise.calibrationRate',
      noiseOptions.calibrationRate,
      rate(noiseOptions.calibrationRate),
      'a number from 0 to 1',
    ],
    [
      'noise.multiplier',
      noiseOptions.multiplier,
      typeof noiseOptions.multiplier === 'number' && noiseOptions.multiplier >= 1,
      'a number ≥ 1',
    ],
    [
      'noise.margin',
      noiseOptions.margin,
      typeof noiseOptions.margin === 'number' &&
        noiseOptions.margin >= 0 &&
        noiseOptions.margin < 1,
      'a number from 0 to below 1',
    ],
  ]);
  const maxConcurrent = options.maxConcurrent ?? 2;
  const queueSize = options.queueSize ?? 100;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const multiplier = noiseOptions.multiplier ?? 1.5;
  const margin = noiseOptions.margin ?? 0.01;
  const topPathCount = options.topPaths ?? 20;
  const store = options.store ?? createMemoryShadowMismatchStore();
  const calibrateNow = everyNth(noiseOptions.calibrationRate ?? 0.05);
  const logNow = everyNth(options.logSampleRate ?? 1);
  const ignore = (options.ignore ?? []).map((rule) => {
    if (typeof rule !== 'string') return rule;
    const re = globOf(rule);
    return (d: ShadowDifference, ctx: ShadowIgnoreContext) =>
      re.test(d.path) || re.test(ctx.generalPath);
  });
  const clean = options.clean ?? ((value: unknown) => value);

  let clock: Clock = options.clock ?? systemClock;
  let logger: PlmLogger = options.logger ?? silentLogger;
  let sampleRate = 0;
  let closed = false;

  /** The integrations' hand-overs of sampled reads not handed over yet (for `idle()`). */
  const handOvers: (() => void)[] = [];
  const queue: ShadowRead[] = [];
  const inFlight = new Set<AbortController>();
  let active = 0;
  let idleWaiters: (() => void)[] = [];

  const counters = {
    sampled: 0,
    compared: 0,
    mismatched: 0,
    critical: 0,
    ignored: 0,
    calibrations: 0,
    noisyCalibrations: 0,
    skipped: Object.fromEntries(SKIP_REASONS.map((r) => [r, 0])) as Record<
      ShadowSkipReason,
      number
    >,
  };
  const paths = new Map<string, PathCounter>();
  const models = new Map<string, ShadowModelStats>();
  let modelsMismatched = 0;

  const pathCounter = (path: string, severity: ShadowSeverity): PathCounter => {
    let counter = paths.get(path);
    if (counter === undefined) {
      counter = { path, severity, count: 0, noise: 0 };
      paths.set(path, counter);
    } else if (severity === 'critical') counter.severity = 'critical';
    return counter;
  };

  const noiseRateOf = (c: PathCounter): number =>
    counters.calibrations === 0 ? 0 : c.noise / counters.calibrations;
  const diffRateOf = (c: PathCounter): number =>
    counters.compared === 0 ? 0 : c.count / counters.compared;
  const isDrift = (c: PathCounter): boolean =>
    c.count > 0 && (c.noise === 0 || diffRateOf(c) > multiplier * noiseRateOf(c) + margin);

  function settleIdle(): void {
    if (active > 0 || queue.length > 0) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  function pump(): void {
    while (!closed && active < maxConcurrent && queue.length > 0) {
      const read = queue.shift()!;
      active++;
      void compare(read)
        .catch((error: unknown) => {
          logger.error(
            {
              event: 'shadow.compare-failed',
              message: error instanceof Error ? error.message : String(error),
            },
            'shadow comparison failed',
          );
        })
        .finally(() => {
          active--;
          pump();
          settleIdle();
        });
    }
    settleIdle();
  }

  /** Runs `work` with the comparison's timeout and abort signal. */
  async function bounded<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    inFlight.add(controller);
    // Rejects when the timeout fires or close() aborts, whether or not the reads notice.
    const stopped = new Promise<never>((_, reject) => {
      controller.signal.addEventListener('abort', () => reject(controller.signal.reason as Error), {
        once: true,
      });
    });
    const timer = clock.setTimeout(
      () => controller.abort(new ShadowTimeout('shadow read timed out')),
      timeoutMs,
    );
    try {
      return await Promise.race([work(controller.signal), stopped]);
    } finally {
      clock.clearTimeout(timer);
      inFlight.delete(controller);
    }
  }

  function skipReasonOf(error: unknown): ShadowSkipReason {
    if (error instanceof ShadowTimeout) return 'plm-timeout';
    if (error instanceof PlmIntegrationError) {
      if (error.code === 'MRP_UNAVAILABLE' || error.code === 'MRP_DATA_MISSING')
        return 'mrp-failed';
      if (error.code === 'PLM_TIMEOUT') return 'plm-timeout';
    }
    return 'plm-failed';
  }

  const asOf = (): Date => new Date(clock.now());

  async function sidesOf(
    read: ShadowRead,
    mrp: Provenanced<unknown>,
    plm: Provenanced<unknown>,
  ): Promise<Sides> {
    if (read.resource !== 'modelConfig' || options.mrpBoms === undefined) {
      return resourceNodes(read.resource, mrp.data, plm.data);
    }
    let rows: MrpConfigurableModel | undefined;
    try {
      rows = await options.mrpBoms(read.id);
    } catch (cause) {
      throw new PlmIntegrationError({ code: 'MRP_UNAVAILABLE', cause, modelId: read.id });
    }
    const plmConfig = plm.data as MrpModelConfig;
    const mrpBoms: NormalisedBoms | undefined = rows === undefined ? undefined : bomsFromRows(rows);
    const plmBoms =
      mrpBoms === undefined
        ? undefined
        : bomsFromPayload(plm.provenance.plmPayload, plmConfig, asOf());
    return {
      mrp: modelConfigNode(mrp.data as MrpModelConfig, mrpBoms),
      plm: modelConfigNode(plmConfig, plmBoms),
    };
  }

  async function compare(read: ShadowRead): Promise<void> {
    const calibrate = calibrateNow();
    let main: Sides;
    let noise: RawDifference[] | undefined;
    let plmRevision: string | undefined;
    try {
      ({ main, noise, plmRevision } = await bounded(async (signal) => {
        const plm = (await read.readPlm({
          signal,
          bypassCache: calibrate,
        })) as Provenanced<unknown>;
        const mrp = read.mrp as Provenanced<unknown>;
        const first = await sidesOf(read, mrp, plm);
        const revision = plm.provenance.plmRevision;
        if (!calibrate) return { main: first, noise: undefined, plmRevision: revision };
        const plm2 = (await read.readPlm({ signal, bypassCache: true })) as Provenanced<unknown>;
        const mrp2 = (await read.readMrp()) as Provenanced<unknown>;
        const second = await sidesOf(read, mrp2, plm2);
        return {
          main: first,
          plmRevision: revision,
          noise: [...diffNodes(first.plm, second.plm), ...diffNodes(first.mrp, second.mrp)],
        };
      }));
    } catch (error) {
      if (closed) return;
      const reason = skipReasonOf(error);
      counters.skipped[reason]++;
      logger.debug(
        { event: 'shadow.skipped', resource: read.resource, modelId: read.id, reason },
        `shadow comparison skipped (${reason})`,
      );
      return;
    }
    if (closed) return;

    const raw = diffNodes(main.mrp, main.plm);
    counters.compared++;
    if (noise !== undefined) {
      counters.calibrations++;
      if (noise.length > 0) counters.noisyCalibrations++;
      for (const path of new Set(noise.map((d) => d.generalPath))) {
        const severity = noise.find((d) => d.generalPath === path)!.severity;
        pathCounter(path, severity).noise++;
      }
    }
    const context = { resource: read.resource, modelId: read.id };
    const kept: { raw: RawDifference; counter: PathCounter }[] = [];
    const seen = new Set<string>();
    for (const d of raw) {
      if (ignore.some((rule) => rule(d, { ...context, generalPath: d.generalPath }))) {
        counters.ignored++;
        continue;
      }
      const counter = pathCounter(d.generalPath, d.severity);
      if (!seen.has(d.generalPath)) {
        seen.add(d.generalPath);
        counter.count++;
      }
      kept.push({ raw: d, counter });
    }
    const reported: ShadowDifference[] = kept
      .filter(({ counter }) => isDrift(counter))
      .map(({ raw: d }) => ({
        path: d.path,
        severity: d.severity,
        mrp: clean(d.mrp, d.path),
        plm: clean(d.plm, d.path),
      }));
    const critical = reported.some((d) => d.severity === 'critical');
    if (reported.length > 0) counters.mismatched++;
    if (critical) counters.critical++;

    const previous = models.get(read.id);
    const mismatched = reported.length > 0;
    if (previous?.lastMismatched === true) modelsMismatched--;
    if (mismatched) modelsMismatched++;
    models.set(read.id, {
      modelId: read.id,
      compared: (previous?.compared ?? 0) + 1,
      mismatched: (previous?.mismatched ?? 0) + (mismatched ? 1 : 0),
      critical: (previous?.critical ?? 0) + (critical ? 1 : 0),
      lastMismatched: mismatched,
      lastAt: clock.now(),
    });
    if (!mismatched) return;

    const mismatch: ShadowMismatch = {
      resource: read.resource,
      modelId: read.id,
      correlationId: read.correlationId,
      at: clock.now(),
      plmRevision,
      differences: reported,
    };
    try {
      await store.add(mismatch);
    } catch (error) {
      logger.warn(
        {
          event: 'shadow.store-failed',
          message: error instanceof Error ? error.message : String(error),
        },
        'shadow mismatch store failed',
      );
    }
    if (logNow()) {
      const line = {
        event: 'shadow.mismatch',
        resource: read.resource,
        modelId: read.id,
        correlationId: read.correlationId,
        critical: reported.filter((d) => d.severity === 'critical').length,
        minor: reported.filter((d) => d.severity === 'minor').length,
        paths: reported.slice(0, 50).map((d) => d.path),
        ...(reported.length > 50 ? { pathsTruncated: reported.length - 50 } : {}),
      };
      if (critical) logger.warn(line, `PLM and MRP differ for ${read.id} (critical)`);
      else logger.info(line, `PLM and MRP differ for ${read.id}`);
    }
  }

  function topPaths(): ShadowPathStats[] {
    return [...paths.values()]
      .filter((c) => c.count > 0)
      .sort((a, b) => b.count - a.count || (a.path < b.path ? -1 : 1))
      .slice(0, topPathCount)
      .map((c) => ({
        path: c.path,
        severity: c.severity,
        count: c.count,
        rate: diffRateOf(c),
        noiseRate: noiseRateOf(c),
        drift: isDrift(c),
      }));
  }

  return {
    attach(host) {
      if (options.clock === undefined) clock = host.clock;
      if (options.logger === undefined) logger = host.logger;
      sampleRate = host.sampleRate;
      if (host.handOver !== undefined) handOvers.push(host.handOver);
    },
    onShadowRead(read) {
      if (closed) return;
      counters.sampled++;
      if (active >= maxConcurrent && queue.length >= queueSize) {
        counters.skipped['queue-full']++;
        return;
      }
      queue.push(read);
      pump();
    },
    stats(): ShadowStats {
      const { compared } = counters;
      return {
        sampleRate,
        sampled: counters.sampled,
        compared,
        mismatched: counters.mismatched,
        critical: counters.critical,
        skipped: { ...counters.skipped },
        diffRate: compared === 0 ? 0 : counters.mismatched / compared,
        criticalDiffRate: compared === 0 ? 0 : counters.critical / compared,
        noiseRate:
          counters.calibrations === 0 ? 0 : counters.noisyCalibrations / counters.calibrations,
        calibrations: counters.calibrations,
        ignored: counters.ignored,
        models: { compared: models.size, mismatched: modelsMismatched },
        topPaths: topPaths(),
      };
    },
    recentMismatches: (filter?: ShadowMismatchFilter) => store.recent(filter),
    modelStats: (modelId) => models.get(modelId),
    async idle() {
      for (const handOver of handOvers) handOver();
      await new Promise((resolve) => setImmediate(resolve));
      if (active === 0 && queue.length === 0) return;
      await new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
    async close() {
      if (closed) return;
      closed = true;
      queue.length = 0;
      for (const controller of inFlight)
        controller.abort(new ShadowTimeout('shadow comparison closed'));
      if (active > 0) await new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
  };
}
