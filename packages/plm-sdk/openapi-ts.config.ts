import { defineConfig } from '@hey-api/openapi-ts';

/**
 * Generates src/generated from the PLM contract. Never edit the output by hand: change the contract
 * (or this file) and run `npm run generate`. The conformance suite fails when they drift.
 *
 * Choices, each forced by how @hey-api/openapi-ts 0.98 behaves:
 * - `transformer: '@hey-api/transformers'`: with `true`, the SDK picks the zod plugin as the
 *   transformer and dates stay strings although the types say `Date`.
 * - `validator.request: false`: request validation expects ISO strings where the types ask for
 *   `Date`, and reads headers after ky merged them, so it rejects valid calls. The server (and
 *   plm-mock) validates requests; responses are validated here with zod.
 * - zod `dates.offset`: PLM may send timestamps with a UTC offset.
 * - zod `~resolvers.validator.response`: the response validators call the schema's synchronous
 *   `parse` instead of the default `parseAsync`. The schemas have no async refinements, so the result
 *   and the `ZodError` are the same, but only synchronous parsing lets zod 4 use its compiled object
 *   fast path: validating a model config takes about half the time.
 * - `.js` import specifiers, for NodeNext ESM.
 */
export default defineConfig({
  input: '../../contracts/openapi/plm.v1.yaml',
  output: {
    path: 'src/generated',
    importFileExtension: '.js',
  },
  plugins: [
    '@hey-api/client-ky',
    {
      name: 'zod',
      dates: { offset: true },
      '~resolvers': {
        validator: {
          response: ({ $, symbols }) => $(symbols.schema).attr('parse').call('data').return(),
        },
      },
    },
    { name: '@hey-api/transformers', dates: true },
    {
      name: '@hey-api/sdk',
      validator: { request: false, response: 'zod' },
      transformer: '@hey-api/transformers',
    },
    '@hey-api/typescript',
  ],
});
