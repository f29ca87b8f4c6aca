import { defineConfig } from '@hey-api/openapi-ts';

/**
 * Generates src/generated (the ky client and one function per operation) from the PLM contract.
 * Never edit the output by hand: change the contract (or this file) and run `npm run generate`. The
 * conformance suite fails when they drift.
 *
 * The contract's types and zod schemas are not generated here: they come from `@mrp-plm/contract`,
 * generated once for every package. `@hey-api/sdk` needs `@hey-api/typescript` for its own
 * signatures, so `src/generated/types.gen.ts` exists, but it is internal: nothing exports it.
 *
 * - No validator and no transformer: the client validates each response once itself, with the
 *   contract's compiled validator (`validateWire`, zod only to explain a failure), and returns the
 *   wire JSON (timestamps stay ISO 8601 strings).
 * - `.js` import specifiers, for NodeNext ESM.
 */
export default defineConfig({
  input: '../../contracts/openapi/plm.v1.yaml',
  output: {
    path: 'src/generated',
    importFileExtension: '.js',
  },
  plugins: ['@hey-api/client-ky', '@hey-api/typescript', '@hey-api/sdk'],
});
