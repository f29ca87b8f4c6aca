import type { MockState } from './MockState.js';
import { problem } from './problem.js';
import type { Reply, RequestContext } from './Reply.js';

/** `GET /plm/models/{modelId}/config`. */
export function handleGetModelConfig(state: MockState, ctx: RequestContext): Reply {
  const id = ctx.pathParams['modelId'] ?? '';
  const model = state.catalog.get(id);
  if (!model) return problem(404, 'NOT_FOUND', `Model ${id} does not exist.`, ctx);
  return { status: 200, body: model };
}
