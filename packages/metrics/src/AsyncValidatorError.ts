/**
 * The `validate` schema answered with a promise. The outbox validates synchronously, because
 * `recordInTransaction` must insert inside the caller's synchronous transaction (better-sqlite3):
 * pass a schema without async refinements or transforms. Nothing was stored. A programming error,
 * never retried.
 */
export class AsyncValidatorError extends Error {
  readonly _tag = 'AsyncValidatorError' as const;
  /** The schema library that answered asynchronously (`~standard.vendor`, e.g. `zod`). */
  readonly vendor: string;

  constructor(vendor: string, options?: { cause?: unknown }) {
    super(
      `The usage-metrics validate schema (${vendor}) validated asynchronously; only synchronous Standard Schema validation is supported`,
      options,
    );
    this.name = 'AsyncValidatorError';
    this.vendor = vendor;
  }
}
