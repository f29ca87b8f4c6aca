import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.js';

// Each test file starts its own plm-mock and database; files share the 2 cores with other work.
export default mergeConfig(
  sharedConfig,
  defineConfig({ test: { name: 'mrp-host', fileParallelism: false } }),
);
