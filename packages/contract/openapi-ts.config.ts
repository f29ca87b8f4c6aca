import { defineConfig } from '@hey-api/openapi-ts';

/**
 * Generates src/generated (types and zod schemas, no client) from the PLM contract. Never edit the
 * output by hand: change the contract (or this file) and run `npm run generate`. The conformance
 * suite fails when they drift.
 *
 * - No `@hey-api/transformers` and no `dates` option on the types: timestamps are ISO 8601 strings
 *   on the wire and in the types, so every type is exactly the `z.output` of its schema.
 * - zod `dates.offset`: PLM may send timestamps with a UTC offset.
 * - `.js` import specifiers, for NodeNext ESM.
 */
export default defineConfig({
  input: '../../contracts/openapi/plm.v1.yaml',
  output: {
    path: 'src/generated',
    importFileExtension: '.js',
  },
  plugins: ['@hey-api/typescript', { name: 'zod', dates: { offset: true } }],
});
