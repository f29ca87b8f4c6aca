import { defineConfig } from 'tsup';

const shared = {
  entry: { index: 'src/index.ts' },
  dts: true,
  sourcemap: true,
  target: 'node20',
} as const;

export default defineConfig([
  // Each build cleans only its own files: the two run side by side into one dist/.
  { ...shared, format: ['esm'], clean: ['**/*.js', '**/*.js.map', '**/*.d.ts'] },
  {
    ...shared,
    format: ['cjs'],
    clean: ['**/*.cjs', '**/*.cjs.map', '**/*.d.cts'],
    // ky ships ESM only. Node's `require(esm)` hands the CommonJS bundle ky's namespace object, and
    // the bundle's interop takes that object as ky's default export, so every call failed with
    // "kyInstance is not a function". The CommonJS build therefore carries its own copy of ky.
    noExternal: ['ky'],
  },
]);
