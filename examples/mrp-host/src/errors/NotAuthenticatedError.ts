/** The request carries no valid session cookie or bearer token (or the login failed). */
export class NotAuthenticatedError extends Error {
  readonly _tag = 'HostNotAuthenticatedError' as const;
  override readonly name = 'NotAuthenticatedError';

  constructor(message = 'Sign in first.', options?: { cause?: unknown }) {
    super(message, options);
  }
}
