import type { MockState } from './MockState.js';
import { problem } from './problem.js';
import type { Reply, RequestContext } from './Reply.js';

/**
 * `GET /plm/features?modelId&trimId`: all features of the model, or those `standard`/`optional`
 * for the trim. 404 for an unknown model or trim, 400 for a trim of another model.
 */
export function handleListFeatures(state: MockState, ctx: RequestContext): Reply {
  const modelId = typeof ctx.query['modelId'] === 'string' ? ctx.query['modelId'] : '';
  const trimId = typeof ctx.query['trimId'] === 'string' ? ctx.query['trimId'] : undefined;
  const model = state.catalog.get(modelId);
  if (!model) return problem(404, 'NOT_FOUND', `Model ${modelId} does not exist.`, ctx);
  if (trimId === undefined) return { status: 200, body: { items: model.features } };
  const trim = state.catalog.trim(trimId);
  if (!trim) return problem(404, 'NOT_FOUND', `Trim ${trimId} does not exist.`, ctx);
  if (trim.model.id !== model.id)
    return problem(400, 'VALIDATION', `Trim ${trimId} does not belong to model ${modelId}.`, ctx, {
      errors: [{ path: '/query/trimId', message: `does not belong to model ${modelId}` }],
    });
  const items = model.features.filter((f) =>
    f.availability.some((a) => a.trimId === trimId && a.availability !== 'unavailable'),
  );
  return { status: 200, body: { items } };
}
