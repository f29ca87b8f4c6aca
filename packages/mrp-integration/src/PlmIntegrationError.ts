/**
 * Stable codes of {@link PlmIntegrationError}, one per thing a caller or operator does about it.
 * New codes may be added in minor releases; existing ones never change meaning.
 */
export type PlmIntegrationErrorCode =
  | 'PLM_UNAVAILABLE'
  | 'PLM_TIMEOUT'
  | 'PLM_AUTH_FAILED'
  | 'PLM_MAINTENANCE'
  | 'PLM_RATE_LIMITED'
  | 'PLM_BUSY'
  | 'PLM_REQUEST_REJECTED'
  | 'MODEL_NOT_IN_PLM'
  | 'PLM_DATA_INVALID'
  | 'MRP_DATA_MISSING'
  | 'MRP_UNAVAILABLE'
  | 'INVALID_SELECTION'
  | 'USAGE_EVENT_INVALID'
  | 'USAGE_BACKLOG_FULL'
  | 'USAGE_STORE_FAILED'
  | 'REQUEST_CANCELLED'
  | 'CONFIG_INVALID'
  | 'INTEGRATION_CLOSED'
  | 'SNAPSHOT_SOURCE_CHANGED'
  | 'INTERNAL';

/** What an operator reads for each code: no HTTP status, stack, URL or upstream wording. */
export const plmIntegrationUserMessages: Readonly<Record<PlmIntegrationErrorCode, string>> =
  Object.freeze({
    PLM_UNAVAILABLE:
      'Product data from PLM is unavailable right now. Try again in a few minutes; if it persists, tell the PLM integration team.',
    PLM_TIMEOUT:
      'PLM did not answer in time, so the product data could not be loaded. Try again in a moment.',
    PLM_AUTH_FAILED:
      'MRP could not sign in to PLM. Ask an administrator to check the PLM client credentials.',
    PLM_MAINTENANCE: 'PLM is under maintenance. Try again after the maintenance window ends.',
    PLM_RATE_LIMITED: 'PLM is receiving too many requests. Try again in a moment.',
    PLM_BUSY: 'Too many product-data requests are waiting for PLM. Try again in a moment.',
    PLM_REQUEST_REJECTED:
      'PLM rejected the request for product data. Tell the PLM integration team.',
    MODEL_NOT_IN_PLM: 'This product is not known in PLM, and no MRP data was available for it.',
    PLM_DATA_INVALID:
      'PLM sent product data MRP cannot use safely, so it was not used. Tell the PLM integration team.',
    MRP_DATA_MISSING: 'This product was not found in MRP product data.',
    MRP_UNAVAILABLE: 'MRP product data could not be read. Try again; if it persists, tell IT.',
    INVALID_SELECTION: 'The selected options do not fit together for this product.',
    USAGE_EVENT_INVALID: 'The usage record is incomplete or invalid and was not saved.',
    USAGE_BACKLOG_FULL:
      'Usage records cannot be queued right now because too many are waiting for PLM.',
    USAGE_STORE_FAILED: 'The usage record could not be saved. Try again; if it persists, tell IT.',
    REQUEST_CANCELLED: 'The request was cancelled.',
    CONFIG_INVALID: 'The PLM integration is misconfigured. Ask an administrator to check it.',
    INTEGRATION_CLOSED: 'The PLM integration is shutting down. Try again shortly.',
    SNAPSHOT_SOURCE_CHANGED:
      'This work order was created with product data from another source; its source cannot change.',
    INTERNAL: 'Something went wrong while loading product data. Tell the PLM integration team.',
  });

/** Construction fields of {@link PlmIntegrationError}. */
export interface PlmIntegrationErrorInit {
  readonly code: PlmIntegrationErrorCode;
  /** The lower-level error, for logs. */
  readonly cause?: unknown;
  /** PLM's correlation id of the failed request, when there was one. */
  readonly correlationId?: string | undefined;
  /** MRP id of the model the read was for. */
  readonly modelId?: string | undefined;
  /** When trying again makes sense, in milliseconds (from `Retry-After` or an open circuit). */
  readonly retryAfterMs?: number | undefined;
  /** End of PLM maintenance (ISO-8601), when PLM sent one. */
  readonly maintenanceEndsAt?: string | undefined;
}

/** `2026-01-01T01:00:00.000Z` → `2026-01-01 01:00 UTC` (to the minute, for people); else as given. */
function readableUtc(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms)
    ? iso
    : `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * The one error this package lets reach a caller: a stable `code`, a `userMessage` an operator
 * understands, and the lower-level detail in `cause` for logs.
 */
export class PlmIntegrationError extends Error {
  readonly _tag = 'PlmIntegrationError' as const;
  override readonly name = 'PlmIntegrationError';
  readonly code: PlmIntegrationErrorCode;
  readonly userMessage: string;
  readonly correlationId: string | undefined;
  readonly modelId: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly maintenanceEndsAt: string | undefined;

  constructor(init: PlmIntegrationErrorInit) {
    const userMessage =
      init.code === 'PLM_MAINTENANCE' && init.maintenanceEndsAt !== undefined
        ? `PLM is under maintenance until ${readableUtc(init.maintenanceEndsAt)}. Try again after that.`
        : plmIntegrationUserMessages[init.code];
    super(
      `${init.code}: ${userMessage}`,
      init.cause === undefined ? undefined : { cause: init.cause },
    );
    this.code = init.code;
    this.userMessage = userMessage;
    this.correlationId = init.correlationId;
    this.modelId = init.modelId;
    this.retryAfterMs = init.retryAfterMs;
    this.maintenanceEndsAt = init.maintenanceEndsAt;
  }
}
