/** Counters reported by `mock.stats()` and `GET /__admin/stats`. */
export interface MockStats {
  /** Contract requests seen (admin requests are not counted). */
  readonly totalRequests: number;
  /**
   * Per operationId (or `unmatched`), per outcome: the HTTP status (`"200"`, `"429"`…), or `reset`,
   * `truncated`, `dropped` when a fault cut the connection.
   */
  readonly requests: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly events: {
    /** Events applied (each `eventId` once). */
    readonly applied: number;
    /** Event receipts, including duplicates, rejections and replays. */
    readonly received: number;
    readonly duplicate: number;
    readonly rejected: number;
  };
  /** Access tokens issued (by `POST /oauth/token` or the admin API). */
  readonly tokensIssued: number;
  /** `catalog.changed` webhook deliveries. */
  readonly webhooks: { readonly sent: number; readonly failed: number };
}
