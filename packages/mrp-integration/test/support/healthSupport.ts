import { createPlmClient, type PlmClient } from '@mrp-plm/plm-sdk';
import type { PlmMock } from '@mrp-plm/plm-mock';
import type {
  ShadowComparisonResults,
  ShadowMismatch,
  ShadowMismatchFilter,
  ShadowStats,
} from '../../src/index.js';
import type { Harness } from './harness.js';

/**
 * An SDK client over real HTTP to the mock whose requests wait at a gate: a test holds the gate,
 * starts reads, moves the test clock (the latency the policy measures), then opens it.
 */
export function gatedClient(mock: PlmMock): { client: PlmClient; hold(): void; open(): void } {
  let gate: Promise<void> | undefined;
  let release: (() => void) | undefined;
  const client = createPlmClient({
    baseUrl: mock.url,
    auth: { clientId: 'mrp-app', clientSecret: 'mrp-secret' },
    timeoutMs: 30_000,
    fetch: async (input, init) => {
      if (gate !== undefined) await gate;
      return fetch(input, init);
    },
  });
  return {
    client,
    hold() {
      gate = new Promise((resolve) => (release = resolve));
    },
    open() {
      gate = undefined;
      release?.();
    },
  };
}

/**
 * Reads `models` with the gate held while the test clock moves `latencyMs`: each call's
 * measured latency is exactly `latencyMs`.
 */
export async function readsWithLatency(
  h: Harness,
  gated: ReturnType<typeof gatedClient>,
  models: readonly string[],
  latencyMs: number,
): Promise<void> {
  gated.hold();
  const reads = models.map((id) => h.integration.getModelConfig(id));
  await h.clock.settle();
  await h.clock.advance(latencyMs);
  gated.open();
  await Promise.all(reads);
}

/**
 * The shadow comparison's read side as the health model consumes it (the comparison itself is
 * another component): figures and mismatches a test sets.
 */
export function shadowResultsOf(initial: Partial<ShadowStats> = {}): ShadowComparisonResults & {
  stats: () => ShadowStats;
  set(stats: Partial<ShadowStats>): void;
  mismatches: ShadowMismatch[];
} {
  let current: ShadowStats = {
    sampleRate: 1,
    sampled: 0,
    compared: 0,
    mismatched: 0,
    critical: 0,
    skipped: { 'queue-full': 0, 'plm-failed': 0, 'plm-timeout': 0, 'mrp-failed': 0 },
    diffRate: 0,
    criticalDiffRate: 0,
    noiseRate: 0,
    models: { compared: 0, mismatched: 0 },
    topPaths: [],
    ...initial,
  };
  const mismatches: ShadowMismatch[] = [];
  return {
    mismatches,
    stats: () => current,
    set(stats) {
      current = { ...current, ...stats };
    },
    recentMismatches(filter: ShadowMismatchFilter = {}) {
      return mismatches
        .filter((m) => filter.modelId === undefined || m.modelId === filter.modelId)
        .filter(
          (m) =>
            filter.severity === undefined ||
            m.differences.some((d) => d.severity === filter.severity),
        )
        .slice(0, filter.limit ?? 50);
    },
  };
}
