/**
 * What the client knows about a response besides its body. Record it with whatever you derive from
 * the data (a work-order snapshot does), so the exchange can be traced and explained later.
 */
export interface PlmResponseMeta {
  /** The `X-Request-Id` sent with the call: the caller's `correlationId`, or a generated UUID. */
  readonly correlationId: string;
  /** The `PLM-Schema-Version` PLM answered with (always present: the contract requires it). */
  readonly schemaVersion: string;
  /** The HTTP status (`200`, `202`, or `304` for an unchanged catalog page). */
  readonly status: number;
  /** The response's `ETag` (catalog pages), otherwise `undefined`. */
  readonly etag: string | undefined;
  /**
   * Milliseconds from the call to the validated result, measured on the client's clock; includes
   * waiting for a token and the one replay after a `401`.
   */
  readonly durationMs: number;
}

/** A successful call: the validated, typed body (timestamps as `Date`) and its {@link PlmResponseMeta}. */
export interface PlmResponse<TData> {
  readonly data: TData;
  readonly meta: PlmResponseMeta;
}

/**
 * The result of `getCatalog`: a page (`notModified: false`), or `notModified: true` without a
 * body when the `ifNoneMatch` sent still matches (HTTP `304`); `meta.etag` is then the current tag.
 */
export type PlmCatalogResponse<TData> =
  | (PlmResponse<TData> & { readonly notModified: false })
  | { readonly notModified: true; readonly data: undefined; readonly meta: PlmResponseMeta };
