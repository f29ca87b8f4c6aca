import type { MockState } from './MockState.js';
import { problem } from './problem.js';
import type { Reply, RequestContext } from './Reply.js';

/** `GET /plm/trims/{trimId}`. */
export function handleGetTrim(state: MockState, ctx: RequestContext): Reply {
  const id = ctx.pathParams['trimId'] ?? '';
  const found = state.catalog.trim(id);
  if (!found) return problem(404, 'NOT_FOUND', `Trim ${id} does not exist.`, ctx);
  return { status: 200, body: found.trim };
}
