import type { PlmAuthError } from '../PlmAuthError.js';
import type { PlmError } from '../PlmError.js';

/** Why the token endpoint failed; wrapped into a {@link PlmAuthError} per waiting call. */
export type TokenFailure = Exclude<PlmError, PlmAuthError>;

/** Where the client gets its bearer token from. */
export interface TokenSource {
  /** Whether `invalidate` + `getToken` can produce a different token (after a `401`). */
  readonly refreshable: boolean;
  /**
   * A token that is valid as far as the client knows; rejects with a {@link TokenFailure}. A call
   * passes its deadline's `signal`: when every waiting call's signal has aborted, a token request
   * in flight is aborted too.
   */
  getToken(signal?: AbortSignal): Promise<string>;
  /**
   * The token `getToken` would resolve to right now without a request, or `undefined` when it has
   * to ask the token endpoint. Lets a call with a cached token skip waiting on a promise.
   */
  peek(): string | undefined;
  /** Forgets `token` if it is still the current one, so the next `getToken` fetches a new one. */
  invalidate(token: string): void;
}

/** A pre-issued token: used as is, never refreshed. */
export function staticTokenSource(accessToken: string): TokenSource {
  const token = Promise.resolve(accessToken);
  return {
    refreshable: false,
    getToken: () => token,
    peek: () => accessToken,
    invalidate: () => undefined,
  };
}
