import { defineConfig } from 'vitest/config';

/** Root config: lets `npx vitest` run every workspace project in one process when wanted. */
export default defineConfig({
  test: {
    projects: ['packages/*', 'contracts/conformance'],
  },
});
