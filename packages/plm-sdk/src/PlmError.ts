import { PlmAbortError } from './PlmAbortError.js';
import { PlmAuthError } from './PlmAuthError.js';
import { PlmContractError } from './PlmContractError.js';
import { PlmHttpError } from './PlmHttpError.js';
import { PlmNetworkError } from './PlmNetworkError.js';
import { PlmTimeoutError } from './PlmTimeoutError.js';

/**
 * Every error a {@link PlmClient} method rejects with. Discriminate on `_tag`; every member has
 * `operation`, `correlationId`, `retryable` and `cause`. A bug (a `TypeError` in the SDK or in an
 * injected `fetch`) is not one of them: it is rethrown as it is, never disguised as a network error.
 *
 * | `_tag` | when | `retryable` |
 * |---|---|---|
 * | `PlmHttpError` | PLM answered 4xx/5xx | `429`, `5xx` |
 * | `PlmAuthError` | token endpoint failed, or a fresh token was rejected | transient token failures |
 * | `PlmNetworkError` | transport failures only: connection refused/reset, truncated body | always |
 * | `PlmTimeoutError` | `timeoutMs` elapsed, or the signal timed out | always |
 * | `PlmContractError` | a message does not match the contract | never |
 * | `PlmAbortError` | the caller aborted | never |
 */
export type PlmError =
  | PlmHttpError
  | PlmAuthError
  | PlmNetworkError
  | PlmTimeoutError
  | PlmContractError
  | PlmAbortError;

/**
 * Whether `value` is one of the {@link PlmError} classes.
 *
 * @example
 * ```ts
 * try {
 *   await plm.getTrim('TRM-000001-01');
 * } catch (error) {
 *   if (isPlmError(error) && error.retryable) scheduleRetry();
 *   else throw error;
 * }
 * ```
 */
export function isPlmError(value: unknown): value is PlmError {
  return (
    value instanceof PlmHttpError ||
    value instanceof PlmAuthError ||
    value instanceof PlmNetworkError ||
    value instanceof PlmTimeoutError ||
    value instanceof PlmContractError ||
    value instanceof PlmAbortError
  );
}
