import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * Shared vitest settings. Workspace packages resolve to their TypeScript sources through the
 * `@mrp-plm/source` export condition, so tests never need a prior build.
 */
export const sharedConfig = defineConfig({
  resolve: { conditions: ['@mrp-plm/source', ...defaultServerConditions] },
  ssr: { resolve: { conditions: ['@mrp-plm/source', ...defaultServerConditions] } },
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
