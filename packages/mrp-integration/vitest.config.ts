import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.js';

const config = mergeConfig(sharedConfig, defineConfig({ test: { name: 'mrp-integration' } }));

// Vitest starts its workers with `--conditions` for every SSR condition, and vite's server
// defaults include `module`, which makes Node load @opentelemetry's build/esm (extensionless
// imports Node cannot resolve). Node itself, as users run it, never uses `module`: drop it here.
const ssrResolve = config.ssr?.resolve;
if (ssrResolve?.conditions !== undefined) {
  ssrResolve.conditions = ssrResolve.conditions.filter(
    (condition: string) => condition !== 'module',
  );
}

export default config;
