/**
 * Where and how often a fault applies. Every fault kind accepts these.
 */
export interface FaultScope {
  /**
   * Which requests: an operationId (`getCatalog`), or a path pattern starting with `/` where `*`
   * matches within one segment and `**` across segments (`/plm/models/*\/config`, `/plm/**`); or a
   * list of them. Admin routes (`/__admin/**`) are never faulted.
   * @default every contract route, including `POST /oauth/token`
   */
  readonly route?: string | readonly string[];
  /**
   * Apply to the next `count` matching requests only, then remove the fault.
   * @default unlimited
   */
  readonly count?: number;
  /**
   * Probability (0..1) that a matching request is affected, drawn from the mock's seeded random
   * stream (the same seed and request sequence give the same outcomes).
   * @default 1
   */
  readonly rate?: number;
  /**
   * Remove the fault this many milliseconds after it was set, judged with the mock's `clock`
   * (an outage window in time). At most `1e13` (about 300 years).
   * @default unlimited
   */
  readonly durationMs?: number;
}

/** How `Retry-After` is written: delay-seconds (`30`) or an HTTP-date. */
export type RetryAfterFormat = 'seconds' | 'http-date';

/** A latency distribution for {@link LatencyFault}. */
export type LatencyDistribution =
  | { readonly type: 'uniform'; readonly min: number; readonly max: number }
  | {
      readonly type: 'normal';
      readonly mean: number;
      readonly stdDev: number;
      /** @default 0 */
      readonly min?: number;
      readonly max?: number;
    };

/**
 * Adds latency (real timers) before the response. Latencies of several matching faults add up; the
 * total is capped at 2^31-1 ms (the longest Node timer), and `close()` ends a pending wait.
 */
export interface LatencyFault extends FaultScope {
  readonly kind: 'latency';
  /** Fixed delay in milliseconds. */
  readonly ms?: number;
  /** Random delay (seeded); used instead of `ms` when given. */
  readonly distribution?: LatencyDistribution;
}

/**
 * Answers with an error status instead of the real response: a problem body whose `code` follows
 * the status (`400` VALIDATION, `401` AUTH_INVALID, `403` FORBIDDEN, `404` NOT_FOUND, `429`
 * RATE_LIMITED, `503` MAINTENANCE, other INTERNAL); `POST /oauth/token` gets OAuth error bodies for
 * 400/401. Use `rate` for an error rate.
 */
export interface ErrorFault extends FaultScope {
  readonly kind: 'error';
  /** HTTP status, 400–599. */
  readonly status: number;
  /** Retry-After (whole seconds, at most `1e9`) for 429/503. @default 1 */
  readonly retryAfterSeconds?: number;
}

/**
 * An outage window: every matching request fails, for `count` requests or `durationMs`.
 * `response: 'status'` answers 503 MAINTENANCE (with Retry-After); `'reset'` destroys the connection.
 */
export interface OutageFault extends FaultScope {
  readonly kind: 'outage';
  /** @default 'status' */
  readonly response?: 'status' | 'reset';
  /** Retry-After in whole seconds, at most `1e9`. @default 1 */
  readonly retryAfterSeconds?: number;
}

/** 429 RATE_LIMITED with `Retry-After`. */
export interface RateLimitFault extends FaultScope {
  readonly kind: 'rateLimit';
  /** Retry-After in whole seconds, at most `1e9`. @default 1 */
  readonly retryAfterSeconds?: number;
  /** @default 'seconds' */
  readonly retryAfterFormat?: RetryAfterFormat;
}

/** 503 MAINTENANCE with `Retry-After`. */
export interface MaintenanceFault extends FaultScope {
  readonly kind: 'maintenance';
  /** Retry-After in whole seconds, at most `1e9`. @default 1 */
  readonly retryAfterSeconds?: number;
  /** @default 'seconds' */
  readonly retryAfterFormat?: RetryAfterFormat;
}

/**
 * The real handler runs, then its body is corrupted: `variant: 'schema'` sends well-formed JSON that
 * violates the response schema (a required property removed, a wrong type, an unknown property);
 * `'syntax'` sends text that is not JSON at all. Status and headers are kept.
 */
export interface MalformedBodyFault extends FaultScope {
  readonly kind: 'malformedBody';
  /** @default 'schema' */
  readonly variant?: 'schema' | 'syntax';
}

/** The real response starts (status, headers with the full `Content-Length`, first half of the body), then the connection ends. */
export interface TruncatedBodyFault extends FaultScope {
  readonly kind: 'truncatedBody';
}

/**
 * The real handler runs, then the JSON value at `pointer` (a JSON Pointer into the response body,
 * e.g. `/name`) is replaced by `value` — with `rate`, a field that flips between two reads of the
 * same resource, the non-deterministic "noise" a shadow comparison must learn to ignore. Responses
 * without that pointer are sent unchanged. Status and headers are kept.
 */
export interface FlapFieldFault extends FaultScope {
  readonly kind: 'flapField';
  /** JSON Pointer (RFC 6901) of an existing value in the response body. */
  readonly pointer: string;
  /** The value served instead (JSON). */
  readonly value: string | number | boolean | null;
}

/** The connection is destroyed before anything is answered (the client sees a reset / socket hang up). */
export interface ConnectionResetFault extends FaultScope {
  readonly kind: 'connectionReset';
}

/**
 * The request is fully handled (usage metrics are applied, tokens issued…) and then the connection
 * is destroyed without a response — the "applied, but the client never heard" case.
 */
export interface DropResponseFault extends FaultScope {
  readonly kind: 'dropResponse';
}

/** When a matching request arrives, every issued token expires first (the request gets 401 AUTH_EXPIRED). */
export interface ExpireTokensFault extends FaultScope {
  readonly kind: 'expireTokens';
}

/** When a matching request arrives, every issued token is revoked first (401 AUTH_INVALID). */
export interface RevokeTokensFault extends FaultScope {
  readonly kind: 'revokeTokens';
}

/** A fault the mock can inject; see each member for its effect. */
export type Fault =
  | LatencyFault
  | ErrorFault
  | OutageFault
  | RateLimitFault
  | MaintenanceFault
  | MalformedBodyFault
  | FlapFieldFault
  | TruncatedBodyFault
  | ConnectionResetFault
  | DropResponseFault
  | ExpireTokensFault
  | RevokeTokensFault;

/** A fault currently set, as listed by `faults.list()` and `GET /__admin/faults`. */
export interface ActiveFault {
  readonly id: string;
  readonly fault: Fault;
  /** Requests it has affected so far. */
  readonly hits: number;
  /** Remaining applications when `count` was given. */
  readonly remaining?: number;
  /** ISO time after which it is removed, when `durationMs` was given. */
  readonly until?: string;
}
