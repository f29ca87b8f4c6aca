/** One entry of a problem's `errors[]`: where the receiver found a problem, and what it was. */
export interface DeliveryProblemError {
  /** E.g. `/body/events/0/quantity` (request part followed by a JSON Pointer). */
  readonly path: string;
  readonly message: string;
}

/**
 * RFC 9457 problem details the receiver answered a failed delivery with, as kept on dead letters
 * and in `stats().lastError`: only these members, every string redacted of credentials (bearer
 * tokens, `client_secret`/`access_token`/`password` values, JWTs, and whatever the `redact`
 * option removes) and bounded in length, `errors` to the first 100 entries.
 */
export interface DeliveryProblem {
  readonly type?: string | undefined;
  readonly title?: string | undefined;
  readonly status?: number | undefined;
  readonly detail?: string | undefined;
  readonly instance?: string | undefined;
  /** The receiver's stable error code, e.g. `VALIDATION`. */
  readonly code?: string | undefined;
  /** One entry per problem found (PLM sends them for `VALIDATION`). */
  readonly errors?: readonly DeliveryProblemError[] | undefined;
}
