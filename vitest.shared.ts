import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * Vitest starts its workers with `--conditions` for every SSR condition, and vite's server
 * defaults include `module`, which makes Node load bundler-only ESM builds (OpenTelemetry's
 * `build/esm`, with extension-less imports Node cannot resolve). Node, as users run it, never uses
 * `module`: tests resolve as users' Node does.
 */
const serverConditions = defaultServerConditions.filter((condition) => condition !== 'module');

/**
 * Shared vitest settings. Workspace packages resolve to their TypeScript sources through the
 * `@mrp-plm/source` export condition, so tests never need a prior build.
 */
export const sharedConfig = defineConfig({
  resolve: { conditions: ['@mrp-plm/source', ...serverConditions] },
  ssr: { resolve: { conditions: ['@mrp-plm/source', ...serverConditions] } },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    typecheck: { enabled: true, include: ['src/**/*.test-d.ts', 'test/**/*.test-d.ts'] },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { PACT_DO_NOT_TRACK: 'true' },
    // The JSON report is what `npm test` (scripts/test.mjs) sums into one closing line for CI.
    reporters: ['default', ['json', { outputFile: 'reports/vitest.json' }]],
  },
});
