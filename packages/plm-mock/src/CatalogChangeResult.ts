/** Outcome of one `catalog.changed` webhook delivery attempt. */
export interface WebhookDelivery {
  /** The delivery id (`PLM-Webhook-Id`, equal to the body's `id`). */
  readonly id: string;
  readonly url: string;
  /** True when the receiver answered 2XX. */
  readonly delivered: boolean;
  /** The receiver's status, when it answered. */
  readonly status?: number;
  /** Why the delivery failed, when it did not get an answer. */
  readonly error?: string;
}

/** What `mock.changeCatalog()` and `POST /__admin/catalog/change` return. */
export interface CatalogChangeResult {
  /** Ids of the models that changed (unknown ids are ignored). */
  readonly modelIds: readonly string[];
  /** The catalog ETag after the change (that of the default first page, `GET /plm/catalog`). */
  readonly etag: string;
  /** The webhook delivery, when a webhook is configured and a model changed. */
  readonly webhook?: WebhookDelivery;
}
