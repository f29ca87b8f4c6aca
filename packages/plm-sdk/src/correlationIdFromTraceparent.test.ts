import { describe, expect, it } from 'vitest';
import { requestIdSchema as zRequestId } from '@mrp-plm/contract';
import { correlationIdFromTraceparent } from './correlationIdFromTraceparent.js';

describe('correlationIdFromTraceparent', () => {
  it('returns the trace id, which is a valid X-Request-Id', () => {
    const id = correlationIdFromTraceparent(
      '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    );
    expect(id).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(zRequestId.safeParse(id).success).toBe(true);
  });

  it('rejects malformed headers and the all-zero trace id', () => {
    expect(correlationIdFromTraceparent('')).toBeUndefined();
    expect(correlationIdFromTraceparent('00-xyz-00f067aa0ba902b7-01')).toBeUndefined();
    expect(
      correlationIdFromTraceparent('00-00000000000000000000000000000000-00f067aa0ba902b7-01'),
    ).toBeUndefined();
  });
});
