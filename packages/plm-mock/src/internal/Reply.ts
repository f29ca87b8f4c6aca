/** What a handler answers; serialised (and possibly corrupted by a fault) by `sendReply`. */
export interface Reply {
  readonly status: number;
  /** JSON body; absent for no body. */
  readonly body?: unknown;
  /** @default 'application/json' */
  readonly contentType?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Everything a contract handler needs to know about the request. */
export interface RequestContext {
  readonly requestId: string;
  readonly operationId: string;
  /** Request path plus query string (problem `instance`). */
  readonly instance: string;
  readonly pathParams: Readonly<Record<string, string>>;
  /** Query values after validation/coercion (first value per name). */
  readonly query: Readonly<Record<string, unknown>>;
  /** Header values (lower-case names). */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** Parsed body (JSON or form) when there was one. */
  readonly body: unknown;
}
