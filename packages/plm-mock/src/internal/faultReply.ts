import type { Fault } from '../Fault.js';
import type { OperationInfo } from './ContractModel.js';
import type { MockState } from './MockState.js';
import { codeForStatus, problem, retryAfter } from './problem.js';
import type { Reply } from './Reply.js';

/**
 * The reply that replaces the real response under a response-replacing fault, or `'reset'` when
 * the connection is to be destroyed instead.
 */
export function faultReply(
  state: MockState,
  fault: Fault,
  op: OperationInfo,
  ctx: { instance: string; requestId: string },
): Reply | 'reset' {
  const withRetry = (status: 429 | 503, seconds: number, format: 'seconds' | 'http-date'): Reply =>
    problem(
      status,
      status === 429 ? 'RATE_LIMITED' : 'MAINTENANCE',
      status === 429
        ? `Rate limit exceeded; retry in ${seconds} seconds.`
        : `Planned maintenance; retry in ${seconds} seconds.`,
      ctx,
      { headers: { 'Retry-After': retryAfter(seconds, format, state.now()) } },
    );
  switch (fault.kind) {
    case 'connectionReset':
      return 'reset';
    case 'outage':
      return fault.response === 'reset'
        ? 'reset'
        : withRetry(503, fault.retryAfterSeconds ?? 1, 'seconds');
    case 'rateLimit':
      return withRetry(429, fault.retryAfterSeconds ?? 1, fault.retryAfterFormat ?? 'seconds');
    case 'maintenance':
      return withRetry(503, fault.retryAfterSeconds ?? 1, fault.retryAfterFormat ?? 'seconds');
    case 'error': {
      const s = fault.status;
      if (op.operationId === 'requestToken' && (s === 400 || s === 401))
        return {
          status: s,
          body: {
            error: s === 400 ? 'invalid_request' : 'invalid_client',
            error_description: 'Injected fault.',
          },
        };
      if (s === 429 || s === 503) return withRetry(s, fault.retryAfterSeconds ?? 1, 'seconds');
      return problem(s, codeForStatus(s), `Injected fault (status ${s}).`, ctx, {
        // RFC 6750 §3: every 401 of a bearer-protected resource carries the challenge.
        ...(s === 401 ? { headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' } } : {}),
      });
    }
    case 'latency':
    case 'malformedBody':
    case 'flapField':
    case 'truncatedBody':
    case 'dropResponse':
    case 'expireTokens':
    case 'revokeTokens':
      // Not response-replacing kinds; Faults.select never returns them as terminal.
      return problem(500, 'INTERNAL', 'Unexpected fault kind.', ctx);
  }
}
