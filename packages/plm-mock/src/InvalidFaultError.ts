/** A fault passed to `mock.faults.set()` or `POST /__admin/faults` is not well-formed. */
export class InvalidFaultError extends Error {
  readonly _tag = 'InvalidFaultError' as const;
  override readonly name = 'InvalidFaultError';
  /** Each problem, as `path: message`. */
  readonly problems: readonly string[];

  constructor(problems: readonly string[], options?: { cause?: unknown }) {
    super(`Invalid fault: ${problems.join('; ')}`, options);
    this.problems = problems;
  }
}
