/**
 * `createPlmClient` was given options it cannot work with. Thrown at construction, with every
 * problem listed at once, instead of a misleading error on every call later. Extends `RangeError`,
 * so `instanceof RangeError` checks keep working. Never carries the client secret.
 *
 * @example
 * ```ts
 * try {
 *   createPlmClient({ baseUrl: 'plm.example.com', auth, timeoutMs: 0 });
 * } catch (error) {
 *   if (error instanceof PlmClientOptionsError) console.error(error.problems.join('\n'));
 * }
 * ```
 */
export class PlmClientOptionsError extends RangeError {
  /** Discriminant, so `Effect.catchTag('PlmClientOptionsError', …)` and `switch (error._tag)` work. */
  readonly _tag = 'PlmClientOptionsError' as const;
  override readonly name = 'PlmClientOptionsError';
  /** One sentence per invalid option, naming the option. */
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`createPlmClient: invalid options: ${problems.join('; ')}`);
    this.problems = problems;
  }
}
