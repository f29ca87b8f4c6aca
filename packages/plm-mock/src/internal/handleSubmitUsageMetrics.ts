import type { UsageEvent } from '../UsageEventRecord.js';
import type { MockState } from './MockState.js';
import { problem } from './problem.js';
import type { Reply, RequestContext } from './Reply.js';

/**
 * `POST /plm/usage-metrics`: applies each `Idempotency-Key` once and each `eventId` once; events
 * naming an unknown model (or a trim of another model) are rejected — the poison-event case.
 */
export function handleSubmitUsageMetrics(state: MockState, ctx: RequestContext): Reply {
  const key = ctx.headers['idempotency-key'] ?? '';
  const { events } = ctx.body as { events: UsageEvent[] };
  const outcome = state.ledger.submit(key, events, (event) => {
    const model = state.catalog.get(event.modelId);
    if (!model) {
      if (state.acceptUnknownModels) return undefined;
      return { code: 'UNKNOWN_MODEL', reason: `Model ${event.modelId} does not exist in PLM.` };
    }
    if (event.trimId !== undefined && !model.trims.some((t) => t.id === event.trimId))
      return {
        code: 'UNKNOWN_TRIM',
        reason: `Trim ${event.trimId} is not a trim of model ${event.modelId}.`,
      };
    return undefined;
  });
  if (outcome.kind === 'conflict')
    return problem(
      400,
      'VALIDATION',
      'This Idempotency-Key was already used with a different body.',
      ctx,
      {
        errors: [
          { path: '/header/Idempotency-Key', message: 'was already used with a different body' },
        ],
      },
    );
  return { status: 202, body: { batchId: outcome.batchId, results: outcome.results } };
}
