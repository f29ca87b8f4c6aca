import {
  InvalidMrpTablesError,
  InvalidSelectionError,
  RevisionNotEffectiveError,
} from '@mrp-plm/adapter';
import {
  PlmIntegrationError,
  plmIntegrationUserMessages,
  type PlmIntegrationErrorCode,
} from '@mrp-plm/mrp-integration';
import { AccessDeniedError } from '../errors/AccessDeniedError.js';
import { InvalidRequestError } from '../errors/InvalidRequestError.js';
import { NotAuthenticatedError } from '../errors/NotAuthenticatedError.js';
import { ProductsArchiveError } from '../errors/ProductsArchiveError.js';
import { WorkOrderConflictError } from '../errors/WorkOrderConflictError.js';
import { WorkOrderNotFoundError } from '../errors/WorkOrderNotFoundError.js';

/** An RFC 9457 problem document with the host's stable `code`. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  /** What the user should know; never an upstream error text, stack or URL. */
  readonly detail: string;
  readonly code: string;
  readonly [extension: string]: unknown;
}

const PLM_STATUS: Record<PlmIntegrationErrorCode, number> = {
  PLM_UNAVAILABLE: 503,
  PLM_TIMEOUT: 504,
  PLM_AUTH_FAILED: 502,
  PLM_MAINTENANCE: 503,
  PLM_RATE_LIMITED: 503,
  PLM_BUSY: 503,
  PLM_REQUEST_REJECTED: 502,
  MODEL_NOT_IN_PLM: 404,
  PLM_DATA_INVALID: 502,
  MRP_DATA_MISSING: 404,
  MRP_UNAVAILABLE: 503,
  INVALID_SELECTION: 422,
  USAGE_EVENT_INVALID: 500,
  USAGE_BACKLOG_FULL: 503,
  USAGE_STORE_FAILED: 503,
  REQUEST_CANCELLED: 499,
  CONFIG_INVALID: 500,
  INTEGRATION_CLOSED: 503,
  SNAPSHOT_SOURCE_CHANGED: 409,
  INTERNAL: 500,
};

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  410: 'Gone',
  422: 'Unprocessable Content',
  499: 'Client Closed Request',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** Builds a problem document. */
export function problem(
  status: number,
  code: string,
  detail: string,
  extensions: Record<string, unknown> = {},
): Problem {
  return {
    type: `urn:mrp-host:problem:${code.toLowerCase().replaceAll('_', '-')}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
    ...extensions,
  };
}

/**
 * The problem document of any error, with the headers to send. PLM problems carry the
 * integration's `userMessage` and stable code only; an unknown error becomes a generic 500 (the
 * caller logs it). `expected` is false for errors that deserve an error log.
 */
export function problemOf(error: unknown): {
  readonly body: Problem;
  readonly headers: Record<string, string>;
  readonly expected: boolean;
} {
  const plain = (body: Problem) => ({ body, headers: {}, expected: true });
  if (error instanceof PlmIntegrationError) {
    const status = PLM_STATUS[error.code];
    const retry =
      error.retryAfterMs === undefined
        ? {}
        : { 'Retry-After': String(Math.max(1, Math.ceil(error.retryAfterMs / 1000))) };
    return {
      body: problem(status, error.code, error.userMessage, {
        ...(error.correlationId === undefined ? {} : { correlationId: error.correlationId }),
        ...(error.maintenanceEndsAt === undefined
          ? {}
          : { maintenanceEndsAt: error.maintenanceEndsAt }),
      }),
      headers: retry,
      expected: status < 500 || status === 503 || status === 504 || status === 502,
    };
  }
  if (error instanceof InvalidSelectionError) {
    return plain(
      problem(422, 'INVALID_SELECTION', plmIntegrationUserMessages.INVALID_SELECTION, {
        problems: error.problems,
      }),
    );
  }
  // The PLM data of a work order's snapshot has no revision in effect at its capture (found by
  // the chaos soak): the order cannot be built from it, which is not a server failure.
  if (error instanceof RevisionNotEffectiveError) {
    return plain(
      problem(
        409,
        'PRODUCT_REVISION_NOT_EFFECTIVE',
        `The product data of ${error.id} has no revision in effect now (revision ${error.revision} is ${error.lifecycleState}). Try again later, or ask the product team.`,
      ),
    );
  }
  if (error instanceof InvalidRequestError) {
    return plain(
      problem(400, 'INVALID_REQUEST', 'The request is invalid.', { issues: error.issues }),
    );
  }
  if (error instanceof NotAuthenticatedError) {
    return plain(problem(401, 'NOT_AUTHENTICATED', error.message));
  }
  if (error instanceof AccessDeniedError) return plain(problem(403, 'FORBIDDEN', error.message));
  if (error instanceof WorkOrderNotFoundError)
    return plain(problem(404, 'NOT_FOUND', error.message));
  if (error instanceof WorkOrderConflictError) {
    return plain(problem(409, 'CONFLICT', error.message, { reason: error.reason }));
  }
  if (error instanceof ProductsArchiveError) {
    return plain(problem(409, 'ARCHIVE_REFUSED', error.message, { reason: error.reason }));
  }
  if (error instanceof InvalidMrpTablesError) {
    return {
      body: problem(
        500,
        'MRP_DATA_INVALID',
        'MRP product data for this item is inconsistent. Tell IT.',
      ),
      headers: {},
      expected: false,
    };
  }
  return {
    body: problem(500, 'INTERNAL', 'Something went wrong. Try again; if it persists, tell IT.'),
    headers: {},
    expected: false,
  };
}
