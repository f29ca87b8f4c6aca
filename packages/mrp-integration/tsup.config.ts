import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  // The health page reads uPlot's files with createRequire(import.meta.url): shim it in the CJS build.
  shims: true,
});
