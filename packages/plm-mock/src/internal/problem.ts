import type { Reply } from './Reply.js';

/** Stable error codes of the contract. */
export type ErrorCode =
  | 'AUTH_INVALID'
  | 'AUTH_EXPIRED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'VALIDATION'
  | 'RATE_LIMITED'
  | 'MAINTENANCE'
  | 'INTERNAL';

const TITLES: Record<ErrorCode, string> = {
  AUTH_INVALID: 'Invalid access token',
  AUTH_EXPIRED: 'Access token expired',
  FORBIDDEN: 'Insufficient scope',
  NOT_FOUND: 'Resource not found',
  VALIDATION: 'Request validation failed',
  RATE_LIMITED: 'Too many requests',
  MAINTENANCE: 'Service under maintenance',
  INTERNAL: 'Internal server error',
};

/** The code the mock uses for an arbitrary error status (error faults). */
export function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
      return 'VALIDATION';
    case 401:
      return 'AUTH_INVALID';
    case 403:
      return 'FORBIDDEN';
    case 404:
      return 'NOT_FOUND';
    case 429:
      return 'RATE_LIMITED';
    case 503:
      return 'MAINTENANCE';
    default:
      return 'INTERNAL';
  }
}

/** An RFC 9457 problem reply. */
export function problem(
  status: number,
  code: ErrorCode,
  detail: string,
  ctx: { readonly instance: string; readonly requestId: string },
  extra: {
    errors?: readonly { path: string; message: string }[];
    headers?: Record<string, string>;
  } = {},
): Reply {
  return {
    status,
    contentType: 'application/problem+json',
    ...(extra.headers ? { headers: extra.headers } : {}),
    body: {
      type: `https://plm.example.com/problems/${code.toLowerCase().replace(/_/g, '-')}`,
      title: TITLES[code],
      status,
      detail,
      instance: ctx.instance,
      code,
      ...(extra.errors ? { errors: extra.errors } : {}),
      requestId: ctx.requestId,
    },
  };
}

/** `Retry-After` as delay-seconds or as an IMF-fixdate HTTP-date from `nowMs`. */
export function retryAfter(
  seconds: number,
  format: 'seconds' | 'http-date',
  nowMs: number,
): string {
  return format === 'seconds'
    ? String(Math.max(0, Math.round(seconds)))
    : new Date(nowMs + seconds * 1000).toUTCString();
}
