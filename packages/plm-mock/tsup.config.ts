import { copyFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', cli: 'src/cli.ts' },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts' } },
  clean: true,
  sourcemap: true,
  target: 'node20',
  // `import.meta.url` locates the bundled contract in the CJS build too.
  shims: true,
  // Ship the contract with the package so the published mock is self-contained.
  onSuccess: async () => {
    copyFileSync('../../contracts/openapi/plm.v1.yaml', 'dist/plm.v1.yaml');
  },
});
