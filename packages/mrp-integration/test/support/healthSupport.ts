import { createPlmClient, type PlmClient } from '@mrp-plm/plm-sdk';
import type { PlmMock } from '@mrp-plm/plm-mock';
import type {
  PlmHealthAccess,
  ShadowComparison,
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
export function shadowResultsOf(initial: Partial<ShadowStats> = {}): ShadowComparison & {
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
    calibrations: 0,
    ignored: 0,
    models: { compared: 0, mismatched: 0 },
    topPaths: [],
    ...initial,
  };
  const mismatches: ShadowMismatch[] = [];
  return {
    // This stand-in compares nothing: the health tests set its figures directly.
    onShadowRead: () => undefined,
    attach: () => undefined,
    modelStats: () => undefined,
    idle: () => Promise.resolve(),
    close: () => Promise.resolve(),
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

/** A model name that would run script if it reached the page unescaped. */
export const XSS = '<img src=x onerror=alert(1)>';

/** Test users by header: no header = not signed in. */
export function authorizeByHeader(request: Request): PlmHealthAccess {
  switch (request.headers.get('x-test-user')) {
    case null:
      return { status: 'unauthenticated' };
    case 'admin':
      return { status: 'allowed', actor: 'admin@example.com', canAdmin: true };
    case 'viewer':
      return { status: 'allowed', actor: 'viewer@example.com', canAdmin: false };
    default:
      return { status: 'forbidden' };
  }
}

export function shadowWithXss(at: number) {
  const shadow = shadowResultsOf({
    compared: 20,
    mismatched: 2,
    diffRate: 0.1,
    critical: 1,
    criticalDiffRate: 0.05,
    topPaths: [
      {
        path: 'boms[trim=*].lines[partNumber=*].quantity',
        severity: 'critical',
        count: 1,
        rate: 0.05,
        noiseRate: 0,
        drift: true,
      },
      { path: 'name', severity: 'minor', count: 1, rate: 0.05, noiseRate: 0.05, drift: false },
    ],
  });
  shadow.mismatches.push(
    {
      resource: 'modelConfig',
      modelId: XSS,
      correlationId: 'c-1',
      at,
      plmRevision: 'B',
      differences: [
        { path: `name`, severity: 'minor', mrp: XSS, plm: '<script>alert(2)</script>' },
        {
          path: 'boms[trim=MRP-T-0001].lines[partNumber=P-10023].quantity',
          severity: 'critical',
          mrp: '2',
          plm: '3',
        },
      ],
    },
    {
      resource: 'modelConfig',
      modelId: 'M-1002',
      correlationId: 'c-2',
      at,
      plmRevision: 'A',
      differences: [{ path: 'description', severity: 'minor', mrp: 'a', plm: 'b' }],
    },
    // The same drift seen on an earlier read: the diff viewer shows it once, seen twice.
    {
      resource: 'modelConfig',
      modelId: 'M-1002',
      correlationId: 'c-3',
      at: at - 60_000,
      plmRevision: 'A',
      differences: [{ path: 'description', severity: 'minor', mrp: 'a', plm: 'b' }],
    },
  );
  return shadow;
}
