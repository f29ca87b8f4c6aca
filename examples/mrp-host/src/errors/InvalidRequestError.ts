/** One invalid field of a request. */
export interface RequestIssue {
  /** JSON pointer into the request, e.g. `/quantity`. */
  readonly path: string;
  readonly message: string;
}

/** The request body or query is invalid; `issues` lists every problem. Never retry as is. */
export class InvalidRequestError extends Error {
  readonly _tag = 'HostInvalidRequestError' as const;
  override readonly name = 'InvalidRequestError';
  readonly issues: readonly RequestIssue[];

  constructor(issues: readonly RequestIssue[], options?: { cause?: unknown }) {
    super(
      `Invalid request: ${issues.map((i) => `${i.path || '/'} ${i.message}`).join('; ')}`,
      options,
    );
    this.issues = issues;
  }
}
