import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.js';

const config = mergeConfig(sharedConfig, defineConfig({ test: { name: 'mrp-integration' } }));
// Vitest hands the SSR resolve conditions to Node as `--conditions`; with `module` among them
// Node loads OpenTelemetry's bundler-only ESM builds (extension-less imports) and fails.
config.ssr!.resolve!.conditions = config.ssr!.resolve!.conditions!.filter(
  (c: string) => c !== 'module',
);

export default config;
