/** A W3C `traceparent` (version-traceid-parentid-flags, lowercase hex); group 1 is the trace id. */
export const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;

/**
 * The trace id of a W3C `traceparent` header, to pass as a call's `correlationId` so PLM's logs
 * line up with your traces. Returns `undefined` for a malformed header or the all-zero trace id.
 *
 * @example
 * ```ts
 * const correlationId = correlationIdFromTraceparent(req.headers.traceparent ?? '');
 * await plm.getModelConfig('MDL-000001', { correlationId });
 * ```
 */
export function correlationIdFromTraceparent(traceparent: string): string | undefined {
  const traceId = TRACEPARENT.exec(traceparent.trim().toLowerCase())?.[1];
  return traceId === undefined || /^0+$/.test(traceId) ? undefined : traceId;
}
