import {
  PlmIntegrationError,
  type PlmIntegrationErrorCode,
  type PlmIntegrationErrorInit,
} from './PlmIntegrationError.js';

/** Context {@link toPlmIntegrationError} adds to the mapped error. */
export interface ErrorMappingContext {
  /** MRP model id of the read. */
  readonly modelId?: string | undefined;
  /** Current time in ms (for the maintenance end time). @default Date.now() */
  readonly now?: number | undefined;
}

interface Tagged {
  readonly _tag?: unknown;
  readonly status?: unknown;
  readonly code?: unknown;
  readonly retryAfterMs?: unknown;
  readonly correlationId?: unknown;
  readonly cause?: unknown;
  readonly name?: unknown;
}

/**
 * The lower packages' error tags and the code each maps to. Matching on `_tag` (not `instanceof`)
 * keeps the mapping right when a class moves between packages (the contract package owns
 * `PlmContractError`) or two copies of a package are installed.
 */
const byTag: Readonly<Record<string, PlmIntegrationErrorCode>> = {
  // @mrp-plm/plm-sdk
  PlmAuthError: 'PLM_AUTH_FAILED',
  PlmNetworkError: 'PLM_UNAVAILABLE',
  PlmTimeoutError: 'PLM_TIMEOUT',
  PlmContractError: 'PLM_DATA_INVALID',
  PlmAbortError: 'REQUEST_CANCELLED',
  PlmClientOptionsError: 'CONFIG_INVALID',
  // A webhook whose signature does not verify is refused by the handler; as a read error it is PLM's.
  PlmSignatureInvalidError: 'PLM_REQUEST_REJECTED',
  PlmSignatureExpiredError: 'PLM_REQUEST_REJECTED',
  // @mrp-plm/adapter
  IdTranslationError: 'PLM_DATA_INVALID',
  RevisionNotEffectiveError: 'PLM_DATA_INVALID',
  UnsupportedSchemaVersionError: 'PLM_DATA_INVALID',
  ContradictoryFeatureRulesError: 'PLM_DATA_INVALID',
  InvalidSelectionError: 'INVALID_SELECTION',
  InvalidUsageRecordError: 'USAGE_EVENT_INVALID',
  // MRP's own product rows are inconsistent: the MRP side cannot serve the model.
  InvalidMrpTablesError: 'MRP_DATA_MISSING',
  // @mrp-plm/resilience
  CircuitOpenError: 'PLM_UNAVAILABLE',
  ResilienceTimeoutError: 'PLM_TIMEOUT',
  AbortedError: 'REQUEST_CANCELLED',
  LimiterQueueFullError: 'PLM_BUSY',
  // A shared cache entry that cannot be decoded: the read reloads or falls back; if it reaches a
  // caller it is an internal fault of the cache, not of PLM.
  UnreadableCacheEntryError: 'INTERNAL',
  // @mrp-plm/metrics
  InvalidUsageEventError: 'USAGE_EVENT_INVALID',
  BacklogFullError: 'USAGE_BACKLOG_FULL',
  OutboxStoreError: 'USAGE_STORE_FAILED',
  StoreClosedError: 'INTEGRATION_CLOSED',
  TransactionNotSupportedError: 'USAGE_STORE_FAILED',
  DeliveryAbortedError: 'REQUEST_CANCELLED',
  DeliveryTimeoutError: 'PLM_TIMEOUT',
  MalformedDeliveryResponseError: 'PLM_DATA_INVALID',
  AsyncValidatorError: 'CONFIG_INVALID',
  MissingPeerDependencyError: 'USAGE_STORE_FAILED',
  // this package
  PlmConfigError: 'CONFIG_INVALID',
};

function httpCode(status: number, problemCode: unknown): PlmIntegrationErrorCode {
  if (problemCode === 'MAINTENANCE') return 'PLM_MAINTENANCE';
  if (status === 401 || status === 403) return 'PLM_AUTH_FAILED';
  if (status === 404) return 'MODEL_NOT_IN_PLM';
  if (status === 429) return 'PLM_RATE_LIMITED';
  if (status === 503) return 'PLM_UNAVAILABLE';
  if (status >= 500) return 'PLM_UNAVAILABLE';
  return 'PLM_REQUEST_REJECTED';
}

function finite(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/**
 * Maps any error a lower package (plm-sdk, adapter, resilience, metrics, the contract) can
 * produce, or anything else, to a {@link PlmIntegrationError}. A `PlmIntegrationError` is
 * returned unchanged; unknown errors become `INTERNAL`. The original is kept in `cause`.
 *
 * @example
 * ```ts
 * import { toPlmIntegrationError } from '@mrp-plm/mrp-integration';
 *
 * const error = toPlmIntegrationError(new Error('socket hang up'));
 * error.code; // 'INTERNAL'
 * ```
 */
export function toPlmIntegrationError(
  error: unknown,
  context: ErrorMappingContext = {},
): PlmIntegrationError {
  if (error instanceof PlmIntegrationError) return error;
  const tagged: Tagged = typeof error === 'object' && error !== null ? error : {};
  const tag = typeof tagged._tag === 'string' ? tagged._tag : undefined;
  let code: PlmIntegrationErrorCode | undefined;
  if (tag === 'PlmHttpError' && typeof tagged.status === 'number') {
    code = httpCode(tagged.status, tagged.code);
  } else if (tag !== undefined) {
    code = byTag[tag];
  }
  if (code === undefined && tag === undefined && tagged.name === 'ZodError') {
    code = 'PLM_DATA_INVALID';
  }
  const retryAfterMs = finite(tagged.retryAfterMs);
  const init: PlmIntegrationErrorInit = {
    code: code ?? 'INTERNAL',
    cause: error,
    modelId: context.modelId,
    correlationId: typeof tagged.correlationId === 'string' ? tagged.correlationId : undefined,
    retryAfterMs,
    maintenanceEndsAt:
      code === 'PLM_MAINTENANCE' && retryAfterMs !== undefined
        ? new Date((context.now ?? Date.now()) + retryAfterMs).toISOString()
        : undefined,
  };
  return new PlmIntegrationError(init);
}
